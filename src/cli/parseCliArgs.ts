import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { ConfigError } from '../registry/ConfigError';
import { useColor } from '../report/safeText';
import { fixedClock, type Clock } from '../records/time';
import { meant } from '../didYouMean';
import { REPORTERS, formatsFor, isFormat, type Format } from '../report/reporters';

export type Command =
  | 'run'
  | 'list'
  | 'explain'
  | 'audit'
  | 'hook'
  | 'ci'
  | 'init'
  | 'baseline'
  | 'overrides'
  | 'verified-base'
  | 'schemas'
  | 'help'
  | 'version';

/** Commands that run gates, and so can write every format. */
const REPORTING = new Set<Command>(['run', 'hook', 'ci']);

import type { CiProvider } from '../init/ciTemplates';
export type { CiProvider };

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
  /** The first report format (the one stdout gets when nothing else is said). */
  format: Format;
  /** Every requested report: `--format X [--output-file F]`, paired in order; no file: stdout. */
  outputs: Array<{ format: Format; file?: string }>;
  /** `--max-warnings N`: more open warnings than N fail the run (like ESLint). */
  maxWarnings?: number;
  /** `init --ci github|gitlab|gitea`: write a CI workflow instead of (or beside) the hooks. */
  ci?: CiProvider;
  /** `schemas --write-vscode`: merge the yaml.schemas block into .vscode/settings.json. */
  writeVscode: boolean;
  /** The command whose help was asked for (`spine-hooks ci --help`). */
  helpFor?: Command;
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

const COMMANDS = new Set<Command>([
  'list',
  'explain',
  'audit',
  'hook',
  'ci',
  'init',
  'baseline',
  'overrides',
  'verified-base',
  'schemas',
  'help',
]);

/** The options, shared by parsing, help and "did you mean". */
export const OPTIONS = {
  all: { type: 'boolean', default: false },
  staged: { type: 'boolean', default: false },
  explain: { type: 'boolean', default: false },
  cwd: { type: 'string' },
  config: { type: 'string' },
  gate: { type: 'string', multiple: true, default: [] },
  lane: { type: 'string', multiple: true, default: [] },
  format: { type: 'string', short: 'f', multiple: true, default: [] },
  'output-file': { type: 'string', short: 'o', multiple: true, default: [] },
  'max-warnings': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  color: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  'fail-on': { type: 'string', default: 'error' },
  from: { type: 'string' },
  to: { type: 'string', default: 'HEAD' },
  'no-husky': { type: 'boolean', default: false },
  ci: { type: 'string' },
  'write-vscode': { type: 'boolean', default: false },
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
} satisfies ParseArgsOptionsConfig;

/** Parses argv (without node and script). Usage mistakes throw ConfigError (exit 2). */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, isTTY = false): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: OPTIONS,
    });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    // node:util says "argument is ambiguous" when a value-taking option is followed by another option.
    const missing = /Option '(--[a-z-]+)[^']*' argument (is ambiguous|missing)/.exec(msg);
    if (missing) throw new ConfigError(`option ${missing[1]} needs a value (see spine-hooks --help)`);
    const unknown = /Unknown option '(-{1,2})([^']*)'/.exec(msg);
    if (unknown) {
      const names = Object.keys(OPTIONS);
      throw new ConfigError(
        `unknown option ${unknown[1]}${unknown[2]}${meant(unknown[2], names, (s) => `--${s}`)} (see spine-hooks --help)`,
      );
    }
    throw new ConfigError(`${msg} (see spine-hooks --help)`);
  }
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  let command: Command = 'run';
  let helpFor: Command | undefined;
  if (v.help || first === 'help') {
    command = 'help';
    // `spine-hooks ci --help`, `spine-hooks help ci`: that command's help.
    const about = first === 'help' ? rest[0] : first;
    if (about !== undefined) {
      if (!COMMANDS.has(about as Command) || about === 'help')
        throw new ConfigError(
          `no help for "${about}": it is not a command${meant(
            about,
            [...COMMANDS].filter((c) => c !== 'help'),
          )} (see spine-hooks --help)`,
        );
      helpFor = about as Command;
    } else if (v.staged || v.all || v.gate.length || v.lane.length) helpFor = 'run';
  } else if (v.version) command = 'version';
  else if (first && COMMANDS.has(first as Command)) command = first as Command;
  else if (first && !v.staged) throw new ConfigError(`unknown command "${first}"${meant(first, COMMANDS)} (see spine-hooks --help)`);
  if (command === 'run' && !v.all && !v.staged && v.gate.length === 0 && v.lane.length === 0) {
    throw new ConfigError('nothing to run: pass --all, --staged, --gate ID or --lane NAME (see spine-hooks --help)');
  }
  if (v.all && v.staged) throw new ConfigError('--all and --staged exclude each other');
  if (v.receipt && !(command === 'ci' || (command === 'run' && !v.staged)))
    throw new ConfigError('--receipt goes with --all (or --gate/--lane) and ci');
  if (command === 'baseline' && rest[0] !== 'update')
    throw new ConfigError('usage: spine-hooks baseline update [--accept-new] [--ref REF] [--owner WHO]');
  if (command === 'verified-base' && (rest.length !== 1 || !v.reason))
    throw new ConfigError('usage: spine-hooks verified-base <commit> --reason "why its history needs no second check"');
  if (v.now !== undefined && !(v.now === 'commit' ? command === 'ci' : parseNow(v.now) !== undefined)) {
    throw new ConfigError(
      `--now must be a date (2026-03-05) or a UTC time (2026-03-05T12:00:00Z)${command === 'ci' ? ', or commit' : ''}, not "${v.now}"`,
    );
  }
  if (v.status.length && command !== 'audit') throw new ConfigError('--status goes with audit vms');
  if (command === 'ci' && !v.from) throw new ConfigError('ci needs --from REF (and optionally --to REF, default HEAD)');
  // --output-file belongs to the --format just before it, so the order on the command line decides.
  const order = (parsed.tokens ?? []).flatMap((t) =>
    t.kind === 'option' && (t.name === 'format' || t.name === 'output-file') ? [{ name: t.name, value: t.value ?? '' }] : [],
  );
  const outputs = parseOutputs(order, command, env);
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(v['max-warnings'])) throw new ConfigError(`--max-warnings must be a whole number, not "${v['max-warnings']}"`);
    if (!REPORTING.has(command)) throw new ConfigError('--max-warnings goes with --all, --staged, a hook and ci');
    maxWarnings = Number(v['max-warnings']);
  }
  if (v.ci !== undefined && v.ci !== 'github' && v.ci !== 'gitlab' && v.ci !== 'gitea')
    throw new ConfigError(`--ci must be github, gitlab or gitea, not "${v.ci}"${meant(v.ci, ['github', 'gitlab', 'gitea'])}`);
  if (v.ci !== undefined && command !== 'init') throw new ConfigError('--ci goes with init (spine-hooks init --ci github)');
  if (v['write-vscode'] && command !== 'schemas') throw new ConfigError('--write-vscode goes with schemas');
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
    format: outputs[0].format,
    outputs,
    maxWarnings,
    ci: v.ci as CiProvider | undefined,
    writeVscode: v['write-vscode'],
    helpFor,
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
    statuses: v.status
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
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

/**
 * `--format` and `--output-file` pair in order (Spectral's convention): the n-th file gets the n-th
 * format; a format without a file goes to stdout. Without `--format`: text, and in GitHub Actions
 * (GITHUB_ACTIONS=true) the workflow-command annotations too, where gates run.
 */
function parseOutputs(
  order: Array<{ name: string; value: string }>,
  command: Command,
  env: NodeJS.ProcessEnv,
): Array<{ format: Format; file?: string }> {
  const allowed = formatsFor(REPORTING.has(command));
  const outputs: Array<{ format: Format; file?: string }> = [];
  for (const t of order) {
    if (t.name === 'format') {
      const f = t.value;
      if (!isFormat(f)) throw new ConfigError(`--format must be one of ${allowed.join(', ')}, not "${f}"${meant(f, allowed)}`);
      if (!allowed.includes(f))
        throw new ConfigError(`--format ${f} goes with --all, --staged, a hook and ci; ${command} writes ${allowed.join(' or ')}`);
      outputs.push({ format: f });
      continue;
    }
    const last = outputs[outputs.length - 1];
    if (!last) throw new ConfigError('each --output-file needs a --format before it (--format sarif --output-file report.sarif)');
    if (last.file !== undefined)
      throw new ConfigError(`--format ${last.format} has two output files (${last.file}, ${t.value}): give each file its own --format`);
    if (!t.value.trim()) throw new ConfigError('--output-file needs a file name');
    last.file = t.value;
  }
  const formats = outputs.map((o) => o.format);
  if (formats.length === 0)
    return REPORTING.has(command) && env.GITHUB_ACTIONS === 'true' ? [{ format: 'text' }, { format: 'github' }] : [{ format: 'text' }];
  const toStdout = outputs.filter((o) => !o.file);
  if (toStdout.length > 1 && toStdout.some((o) => REPORTERS[o.format].document)) {
    throw new ConfigError(`only one of ${toStdout.map((o) => o.format).join(', ')} can go to stdout: give the others an --output-file`);
  }
  return outputs;
}
