import { parseArgs } from 'node:util';
import { ConfigError } from '../registry/ConfigError';

export interface CliArgs {
  command: 'run' | 'list' | 'explain' | 'audit' | 'help' | 'version';
  positionals: string[];
  all: boolean;
  cwd?: string;
  config?: string;
  gates: string[];
  lanes: string[];
  format: 'text' | 'json';
  color: boolean;
  quiet: boolean;
  failOn: 'error' | 'warn';
}

const COMMANDS = new Set(['list', 'explain', 'audit', 'help']);

/** Parses argv (without node and script). Usage mistakes throw ConfigError (exit 2). */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: 'boolean', default: false },
        cwd: { type: 'string' },
        config: { type: 'string' },
        gate: { type: 'string', multiple: true, default: [] },
        lane: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'text' },
        'no-color': { type: 'boolean', default: false },
        color: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        'fail-on': { type: 'string', default: 'error' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message.split('\n')[0]} (see spine-hooks --help)`);
  }
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  let command: CliArgs['command'] = 'run';
  if (v.help || first === 'help') command = 'help';
  else if (v.version) command = 'version';
  else if (first && COMMANDS.has(first)) command = first as CliArgs['command'];
  else if (first) throw new ConfigError(`unknown command "${first}" (see spine-hooks --help)`);
  if (command === 'run' && !v.all && v.gate.length === 0 && v.lane.length === 0) {
    throw new ConfigError('nothing to run: pass --all, --gate ID or --lane NAME (see spine-hooks --help)');
  }
  if (v.format !== 'text' && v.format !== 'json') throw new ConfigError(`--format must be text or json, not "${v.format}"`);
  if (v['fail-on'] !== 'error' && v['fail-on'] !== 'warn') throw new ConfigError(`--fail-on must be error or warn, not "${v['fail-on']}"`);
  // NO_COLOR (https://no-color.org) and non-TTY output switch colour off; --color forces it on.
  const color = v.color || (!v['no-color'] && !('NO_COLOR' in env && env.NO_COLOR !== '') && Boolean(process.stdout.isTTY));
  return {
    command,
    positionals: command === 'run' ? [] : rest,
    all: v.all,
    cwd: v.cwd,
    config: v.config,
    gates: v.gate.map((g) => g.toUpperCase()),
    lanes: v.lane,
    format: v.format,
    color,
    quiet: v.quiet,
    failOn: v['fail-on'],
  };
}
