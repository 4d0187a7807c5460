import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare } from '../../run';
import { ConfigError } from '../../registry/ConfigError';
import { explainGate } from '../explainGate';
import { listGates } from '../listGates';
import { auditVms, formatAudit } from '../../audit/auditVms';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { clockOf } from '../CliArgs';
import { meant } from '../../didYouMean';

/** `list`, `explain <gate>`, `audit vms`. */
export async function runInfo(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const prepared = prepare({ cwd, config: args.config });
  const { loaded } = prepared;
  const { registry } = loaded;
  if (args.command === 'list') {
    io.out(args.format === 'json' ? JSON.stringify(registry.gates, null, 2) + '\n' : listGates(loaded) + '\n');
    return ExitCode.Pass;
  }
  if (args.command === 'explain') {
    const wanted = args.positionals[0] ?? '';
    const gate = registry.gates.find((g) => g.id === wanted.toUpperCase() || g.name === wanted);
    if (!gate) {
      const valid = registry.gates.map((g) => g.id).join(', ');
      throw new ConfigError(
        wanted
          ? `unknown gate "${wanted}"${meant(wanted, [...registry.gates.map((g) => g.id), ...registry.gates.map((g) => g.name)])}; valid ids: ${valid}`
          : `explain needs a gate id; valid ids: ${valid}`,
      );
    }
    io.out(explainGate(gate, registry, loaded.gates.find((g) => g.def.id === gate.id)?.module) + '\n');
    return ExitCode.Pass;
  }
  if (args.positionals[0] !== 'vms' || args.positionals.length > 1)
    throw new ConfigError('usage: spine-hooks audit vms [--status STATUS] [--format json]');
  const audit = await auditVms(prepared, new FsSnapshot(cwd), { clock: clockOf(args), statuses: args.statuses });
  io.out(args.format === 'json' ? JSON.stringify(audit, null, 2) + '\n' : formatAudit(audit, args.color) + '\n');
  return audit.problems.length || audit.gaps ? ExitCode.GateFailure : ExitCode.Pass;
}
