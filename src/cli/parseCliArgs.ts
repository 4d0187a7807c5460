import { parseArgs } from 'node:util';
import { ConfigError } from '../registry/ConfigError';
import { useColor } from '../report/safeText';
import { fixedClock, type Clock } from '../records/time';

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
  /** `--now`: the run's clock (a date or time), or `commit` (in ci: each commit's own time). */
  now?: string;
  /** `audit vms --status decommissioned`: only rows with these statuses. */
  statuses: string[];
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
        now: { type: 'string' },
        status: { type: 'string', multiple: true, default: [] },
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
  if (v.now !== undefined && !(v.now === 'commit' ? command === 'ci' : parseNow(v.now) !== undefined)) {
    throw new ConfigError(`--now must be a date (2026-03-05) or a UTC time (2026-03-05T12:00:00Z)${command === 'ci' ? ', or commit' : ''}, not "${v.now}"`);
  }
  if (v.status.length && command !== 'audit') throw new ConfigError('--status goes with audit vms');
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
    now: v.now,
    statuses: v.status.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
  };
}

/** `--now` as milliseconds since the epoch: a date means its start (00:00 UTC). */
export function parseNow(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)) return undefined;
  const t = Date.parse(/T/.test(text) ? text : `${text}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : t;
}

/** The run's clock from `--now` (the real time when absent): read here, at the edge, never in a rule. */
export function clockOf(args: Pick<CliArgs, 'now'>): Clock {
  return fixedClock(args.now && args.now !== 'commit' ? parseNow(args.now)! : Date.now());
}
