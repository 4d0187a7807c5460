import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare } from '../../run';
import { ConfigError } from '../../registry/ConfigError';
import { USAGE_MSG } from '../../messages';
import { explainGate } from '../explainGate';
import { configTemplates } from '../../fix/fixTemplates';
import { listGates } from '../listGates';
import { auditVms, formatAudit } from '../../audit/auditVms';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { clockOf } from '../CliArgs';
import { meant } from '../../didYouMean';
import { docTopics, shownPath } from '../../report/docPages';
import * as fs from 'node:fs';

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
    const topics = docTopics();
    const page = gate ? undefined : topics.get(wanted.toLowerCase());
    if (page) return explainTopic(wanted.toLowerCase(), page, args, io, cwd);
    if (!gate) {
      const valid = registry.gates.map((g) => g.id);
      const names = [...valid, ...registry.gates.map((g) => g.name), ...topics.keys()];
      throw new ConfigError(
        wanted
          ? USAGE_MSG.unknownExplainTopic(wanted, meant(wanted, names), valid, [...topics.keys()])
          : USAGE_MSG.explainNeedsGate(valid, [...topics.keys()]),
      );
    }
    const templates = configTemplates(loaded);
    io.out(explainGate(gate, registry, loaded.gates.find((g) => g.def.id === gate.id)?.module, cwd, templates) + '\n');
    return ExitCode.Pass;
  }
  if (args.positionals[0] !== 'vms' || args.positionals.length > 1) throw new ConfigError(USAGE_MSG.auditUsage());
  const audit = await auditVms(prepared, new FsSnapshot(cwd), { clock: clockOf(args), statuses: args.statuses });
  io.out(args.format === 'json' ? JSON.stringify(audit, null, 2) + '\n' : formatAudit(audit, args.color) + '\n');
  return audit.problems.length || audit.gaps ? ExitCode.GateFailure : ExitCode.Pass;
}

/** `spine-hooks explain overrides`: a page of the package's documentation, where it is installed, then its text. */
function explainTopic(topic: string, file: string, args: CliArgs, io: Io, cwd: string): ExitCode {
  const text = fs.readFileSync(file, 'utf8');
  const shown = shownPath(file, cwd);
  io.out(args.format === 'json' ? JSON.stringify({ topic, path: shown, text }, null, 2) + '\n' : `${shown}\n\n${text}`);
  return ExitCode.Pass;
}
