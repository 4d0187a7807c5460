import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ExitCode } from '../types';
import { parseCliArgs } from './parseCliArgs';
import { HELP } from './helpText';
import { explainGate } from './explainGate';
import { listGates } from './listGates';
import { ConfigError } from '../registry/ConfigError';
import { prepare, runPrepared } from '../run';
import { formatText } from '../report/formatText';
import { formatJson } from '../report/formatJson';
import { auditVms, formatAudit } from '../audit/auditVms';
import { FsSnapshot } from '../workspace/FsSnapshot';
import { version } from '../version';

export interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The command line. Returns the exit code; only the bin sets process.exitCode. */
export async function main(io: Io): Promise<ExitCode> {
  try {
    return await dispatch(io);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`spine-hooks: ${err.location ? `${err.location}: ` : ''}${err.message}\n`);
      return ExitCode.UsageOrConfig;
    }
    // Anything else is our bug or an environment failure: one clear line, exit 2, details on demand.
    const e = err as Error;
    io.err(`spine-hooks: internal error: ${e.message}${io.env.SPINE_HOOKS_DEBUG ? `\n${e.stack}` : ' (set SPINE_HOOKS_DEBUG=1 for details)'}\n`);
    return ExitCode.UsageOrConfig;
  }
}

async function dispatch(io: Io): Promise<ExitCode> {
  const args = parseCliArgs(io.argv, io.env);
  if (args.command === 'help') {
    io.out(HELP);
    return ExitCode.Pass;
  }
  if (args.command === 'version') {
    io.out(`${version()}\n`);
    return ExitCode.Pass;
  }
  const cwd = args.cwd ? path.resolve(io.cwd, args.cwd) : io.cwd;
  const prepared = prepare({ cwd, config: args.config, gates: args.gates, lanes: args.lanes });
  const { registry } = prepared.loaded;

  if (args.command === 'list') {
    io.out(args.format === 'json' ? JSON.stringify(registry.gates, null, 2) + '\n' : listGates(prepared.loaded) + '\n');
    return ExitCode.Pass;
  }
  if (args.command === 'explain') {
    const id = (args.positionals[0] ?? '').toUpperCase();
    const gate = registry.gates.find((g) => g.id === id || g.name === args.positionals[0]);
    if (!gate) throw new ConfigError(`explain needs a gate id; valid ids: ${registry.gates.map((g) => g.id).join(', ')}`);
    io.out(explainGate(gate, registry) + '\n');
    return ExitCode.Pass;
  }
  if (args.command === 'audit') {
    if (args.positionals[0] !== 'vms') throw new ConfigError('usage: spine-hooks audit vms [--format json]');
    const audit = await auditVms(registry, new FsSnapshot(cwd));
    io.out(args.format === 'json' ? JSON.stringify(audit, null, 2) + '\n' : formatAudit(audit, args.color) + '\n');
    return audit.problems.length || audit.gaps ? ExitCode.GateFailure : ExitCode.Pass;
  }

  const result = await runPrepared(prepared, { failOn: args.failOn, now: () => performance.now() });
  if (args.format === 'json') {
    io.out(formatJson(result, { version: version(), snapshot: 'working tree' }) + '\n');
  } else {
    const hints = Object.fromEntries(registry.gates.map((g) => [g.id, g.fix_hint]));
    const title = `spine-hooks ${version()} · working tree of ${cwd} · ${result.gates.length} gates`;
    io.out(formatText(result, { color: args.color, quiet: args.quiet, title, hints }) + '\n');
  }
  return result.exitCode;
}
