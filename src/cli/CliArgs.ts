import type { Format } from '../report/reporters';
import type { CiProvider } from '../init/ciTemplates';
import { fixedClock, type Clock } from '../records/time';

export type { CiProvider };

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
  | 'fix'
  | 'vm'
  | 'completion'
  | 'help'
  | 'version';

/** One report to write: its format, and its file (none: stdout). */
export interface Output {
  format: Format;
  file?: string;
}

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
  outputs: Output[];
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
  /** `fix --write`: apply the verified edits to the working tree (never the index). */
  write: boolean;
  /** `fix --set field=value` (repeatable): a template's variable or a new entry's field; with vm add, also a record field. */
  sets: string[];
  /** `vm add --hostname H --vmid N --lan-ip IP [--site S]`. */
  hostname?: string;
  vmid?: string;
  lanIp?: string;
  site?: string;
  /** `vm add|retire --dry-run`: print the diff, write nothing. */
  dryRun: boolean;
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
