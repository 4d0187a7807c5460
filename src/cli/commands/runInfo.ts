import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare } from '../../run';
import { ConfigError } from '../../registry/ConfigError';
import { USAGE_MSG } from '../../messages';
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
      const valid = registry.gates.map((g) => g.id);
      throw new ConfigError(
        wanted
          ? USAGE_MSG.unknownGate(wanted, meant(wanted, [...registry.gates.map((g) => g.id), ...registry.gates.map((g) => g.name)]), valid)
          : USAGE_MSG.explainNeedsGate(valid),
      );
    }
    io.out(explainGate(gate, registry, loaded.gates.find((g) => g.def.id === gate.id)?.module) + '\n');
    return ExitCode.Pass;
  }
  if (args.positionals[0] !== 'vms' || args.positionals.length > 1) throw new ConfigError(USAGE_MSG.auditUsage());
  const audit = await auditVms(prepared, new FsSnapshot(cwd), { clock: clockOf(args), statuses: args.statuses });
  io.out(args.format === 'json' ? JSON.stringify(audit, null, 2) + '\n' : formatAudit(audit, args.color) + '\n');
  return audit.problems.length || audit.gaps ? ExitCode.GateFailure : ExitCode.Pass;
}
