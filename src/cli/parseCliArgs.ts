import { parseArgs } from 'node:util';
import { ConfigError } from '../registry/ConfigError';
import { useColor } from '../report/safeText';

export type Command = 'run' | 'list' | 'explain' | 'audit' | 'hook' | 'ci' | 'init' | 'baseline' | 'overrides' | 'verified-base' | 'help' | 'version';

export interface CliArgs {
  command: Command;
  positionals: string[];
  all: boolean;
  staged: boolean;
  explain: boolean;
  cwd?: string;
  config?: string;
  gates: string[];
  lanes: string[];
  format: 'text' | 'json';
  color: boolean;
  quiet: boolean;
  failOn: 'error' | 'warn';
  from?: string;
  to: string;
  husky: boolean;
  baseline: boolean;
  acceptNew: boolean;
  ref?: string;
  owner?: string;
  receipt?: string;
  author?: string;
  since?: string;
  reason?: string;
}

const COMMANDS = new Set<Command>(['list', 'explain', 'audit', 'hook', 'ci', 'init', 'baseline', 'overrides', 'verified-base', 'help']);

/** Parses argv (without node and script). Usage mistakes throw ConfigError (exit 2). */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, isTTY = false): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: 'boolean', default: false },
        staged: { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        cwd: { type: 'string' },
        config: { type: 'string' },
        gate: { type: 'string', multiple: true, default: [] },
        lane: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'text' },
        'no-color': { type: 'boolean', default: false },
        color: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        'fail-on': { type: 'string', default: 'error' },
        from: { type: 'string' },
        to: { type: 'string', default: 'HEAD' },
        'no-husky': { type: 'boolean', default: false },
        'no-baseline': { type: 'boolean', default: false },
        'accept-new': { type: 'boolean', default: false },
        ref: { type: 'string' },
        owner: { type: 'string' },
        receipt: { type: 'string' },
        author: { type: 'string' },
        since: { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    // node:util says "argument is ambiguous" when a value-taking option is followed by another option.
    const missing = /Option '(--[a-z-]+)[^']*' argument (is ambiguous|missing)/.exec(msg);
    throw new ConfigError(`${missing ? `option ${missing[1]} needs a value` : msg} (see spine-hooks --help)`);
  }
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  let command: Command = 'run';
  if (v.help || first === 'help') command = 'help';
  else if (v.version) command = 'version';
  else if (first && COMMANDS.has(first as Command)) command = first as Command;
  else if (first && !v.staged) throw new ConfigError(`unknown command "${first}" (see spine-hooks --help)`);
  if (command === 'run' && !v.all && !v.staged && v.gate.length === 0 && v.lane.length === 0) {
    throw new ConfigError('nothing to run: pass --all, --staged, --gate ID or --lane NAME (see spine-hooks --help)');
  }
  if (v.all && v.staged) throw new ConfigError('--all and --staged exclude each other');
  if (v.receipt && !(command === 'ci' || (command === 'run' && !v.staged))) throw new ConfigError('--receipt goes with --all (or --gate/--lane) and ci');
  if (command === 'baseline' && rest[0] !== 'update') throw new ConfigError('usage: spine-hooks baseline update [--accept-new] [--ref REF] [--owner WHO]');
  if (command === 'verified-base' && (rest.length !== 1 || !v.reason)) throw new ConfigError('usage: spine-hooks verified-base <commit> --reason "why its history needs no second check"');
  if (command === 'ci' && !v.from) throw new ConfigError('ci needs --from REF (and optionally --to REF, default HEAD)');
  if (v.format !== 'text' && v.format !== 'json') throw new ConfigError(`--format must be text or json, not "${v.format}"`);
  if (v['fail-on'] !== 'error' && v['fail-on'] !== 'warn') throw new ConfigError(`--fail-on must be error or warn, not "${v['fail-on']}"`);
  // NO_COLOR (https://no-color.org), FORCE_COLOR, TERM=dumb, a terminal or CI (see report/safeText.ts).
  const color = useColor({ color: v.color, noColor: v['no-color'] }, env, isTTY);
  return {
    command,
    // `--staged file…` (lint-staged passes the staged files): the file list is ignored, the index decides.
    positionals: command === 'run' ? [] : rest,
    all: v.all,
    staged: v.staged,
    explain: v.explain,
    cwd: v.cwd,
    config: v.config,
    gates: v.gate.map((g) => g.toUpperCase()),
    lanes: v.lane,
    format: v.format,
    color,
    quiet: v.quiet,
    failOn: v['fail-on'],
    from: v.from,
    to: v.to,
    husky: !v['no-husky'],
    baseline: !v['no-baseline'],
    acceptNew: v['accept-new'],
    ref: v.ref,
    owner: v.owner,
    receipt: v.receipt,
    author: v.author,
    since: v.since,
    reason: v.reason,
  };
}
