import { ExitCode } from '../../types';
import { ConfigError } from '../../registry/ConfigError';
import { USAGE_MSG } from '../../messages';
import type { CliArgs, Command } from '../CliArgs';
import type { Io } from '../io';
import { FORMAT_LIST, HELP } from '../helpText';
import { version } from '../../version';
import { SHELLS, type Shell } from '../completion/shells';
import type { Format } from '../../report/reporters';

/**
 * One command: its name, the options that belong to it alone, its help, its usage check and how it
 * runs. Help (helpText.ts), parsing (parseCliArgs.ts) and dispatch (main.ts) read this table, so adding
 * a command is one entry here and its `run…` module beside this file.
 */
export interface CommandSpec {
  name: Command;
  /** One line: what it does (shell completion shows it beside the name). */
  summary: string;
  /** The words its first argument takes (`hook pre-commit`; `commands`: a command's name), offered by shell completion. */
  args?: readonly string[] | 'commands';
  /** Options that go with this command only: `--ci` → `init (spine-hooks init --ci github)`, said when used elsewhere. */
  flags?: Readonly<Record<string, string>>;
  /** Its own help (`spine-hooks ci --help`); none: the general help. */
  help?: string;
  /** The report formats it writes, where not those its `runsGates` implies. */
  formats?: readonly Format[];
  /** It runs gates, and so writes every report format, `--max-warnings` and the GitHub annotations. */
  runsGates?: boolean;
  /** It works on a git repository (as --staged does): without --cwd the root is found above the current folder. */
  git?: boolean;
  /** A usage mistake of its own arguments (`rest`: the positionals after the command), as a sentence. */
  usage?: (args: Pick<CliArgs, 'all' | 'staged' | 'gates' | 'lanes' | 'from' | 'reason'>, rest: readonly string[]) => string | undefined;
  run: (args: CliArgs, io: Io, cwd: string) => Promise<ExitCode>;
}

const REPORT = `  -f, --format F        ${FORMAT_LIST}; repeatable
  -o, --output-file FILE  the report of the --format before it goes to FILE (else stdout)
  --fail-on error|warn  also fail on warnings
  --max-warnings N      fail when more than N open warnings remain
  --no-baseline         baselined findings count as open
  --now DATE|TIME       the clock time conditions judge by
  --cwd DIR, --config FILE, -q/--quiet, --no-color/--color`;

/* eslint-disable @typescript-eslint/no-require-imports -- each command loads only its own modules: a hook run pays for nothing else */
const runAll = () => require('./runAll') as typeof import('./runAll');
const runStaged = () => require('./runStaged') as typeof import('./runStaged');
const runRange = () => require('./runRange') as typeof import('./runRange');
const runInfo = () => require('./runInfo') as typeof import('./runInfo');
const runCommitMsg = () => require('./runCommitMsg') as typeof import('./runCommitMsg');
const runInit = () => require('./runInit') as typeof import('./runInit');
const runBaseline = () => require('./runBaseline') as typeof import('./runBaseline');
const runOverrides = () => require('./runOverrides') as typeof import('./runOverrides');
const runVerifiedBase = () => require('./runVerifiedBase') as typeof import('./runVerifiedBase');
const runSchemas = () => require('./runSchemas') as typeof import('./runSchemas');
const runFix = () => require('./runFix') as typeof import('./runFix');
const runVm = () => require('./runVm') as typeof import('./runVm');
const completion = () => require('../completion/completionScript') as typeof import('../completion/completionScript');
/* eslint-enable @typescript-eslint/no-require-imports -- the lazy loads end here */

/** Every command, in the order help lists them. `run` is the default (`spine-hooks --all`). */
export const COMMANDS: Readonly<Record<Command, CommandSpec>> = {
  run: {
    name: 'run',
    summary: 'run gates: --all, --gate, --lane or --staged',
    runsGates: true,
    usage: (a) => (!a.all && !a.staged && a.gates.length === 0 && a.lanes.length === 0 ? USAGE_MSG.nothingToRun() : undefined),
    help: `spine-hooks --all | --gate ID… | --lane NAME… | --staged [--explain]

Runs gates. --all (or --gate/--lane) reads the files under --cwd, git not needed; --staged reads
what the index would commit, like the pre-commit hook (the working tree is never read). A run that
takes more than a second shows how many gates are done on stderr, on a terminal only.

${REPORT}
  --receipt DIR         with --all: also write a receipt file into DIR
  --explain             with --staged: which staged path selected each gate`,
    run: (a, io, cwd) => (a.staged ? runStaged().runStaged(a, io, cwd) : runAll().runAll(a, io, cwd)),
  },
  list: {
    name: 'list',
    summary: 'list gates, severities and lanes',
    help: `spine-hooks list [--format json]

Every gate with its effective severity and lanes, and the lanes.`,
    run: (a, io, cwd) => runInfo().runInfo(a, io, cwd),
  },
  explain: {
    name: 'explain',
    summary: 'what a gate checks, why and how to fix it; a page of the shipped docs',
    help: `spine-hooks explain <gate id or name> | <topic> [--format json]

What a gate checks, why, how to fix it, the files it reads, its parameters, and where its page is
installed. A topic prints a page of the documentation shipped in the package, with its path:
overrides, hooks, ci, configuration, security, editors, report-format, lifecycle (the VM creation
contract), vm (vm add and vm retire), or a rule kind (coverage, parity, orphan, unique, require, reference, schema, leftover).`,
    run: (a, io, cwd) => runInfo().runInfo(a, io, cwd),
  },
  audit: {
    name: 'audit',
    summary: "each VM's phase and what the gates conclude per touchpoint",
    args: ['vms'],
    flags: { status: 'audit vms' },
    help: `spine-hooks audit vms [--status S[,S…]] [--format json]

One row per VM (by id) with its status and lifecycle phase; one column per touchpoint showing what
the gates conclude: ✓ passes, ✗ fails, warn, exempt, · not required in its phase; for a retired VM,
left (a live entry it left behind) or – (nothing left). Exit 1 when there is a gap.`,
    run: (a, io, cwd) => runInfo().runInfo(a, io, cwd),
  },
  hook: {
    name: 'hook',
    summary: 'what the installed git hooks run',
    args: ['pre-commit', 'pre-merge-commit', 'pre-push', 'commit-msg'],
    runsGates: true,
    git: true,
    help: `spine-hooks hook pre-commit | pre-merge-commit | pre-push | commit-msg FILE

What the installed hooks run (spine-hooks init writes them). pre-commit checks the index, pre-push
the pushed commits (git's ref lines on stdin), commit-msg writes override trailers.

${REPORT}`,
    run: (a, io, cwd) => {
      const hook = a.positionals[0];
      if (hook === 'pre-commit' || hook === 'pre-merge-commit') return runStaged().runStaged(a, io, cwd);
      if (hook === 'pre-push') return runRange().runPrePush(a, io, cwd);
      if (hook === 'commit-msg') return runCommitMsg().runCommitMsg(a, io, cwd);
      throw new ConfigError(USAGE_MSG.unknownHook(hook ?? ''));
    },
  },
  ci: {
    name: 'ci',
    summary: 'check every commit of a range, each on its own tree',
    runsGates: true,
    git: true,
    usage: (a) => (a.from ? undefined : USAGE_MSG.ciNeedsFrom()),
    help: `spine-hooks ci --from REF [--to REF]

Checks every commit of REF..TO (default TO: HEAD) that touches a file a gate reads, each on its own
tree with the configuration it carries, so that --no-verify cannot land drift. An all-zero --from
(a new branch) checks everything reachable from --to but verified bases. Progress goes to stderr on
a terminal. Exit 1 when a gate fails on some commit, 2 when a ref is unknown (fetch full history).

${REPORT}
  --now commit          judge each commit's time conditions as of its own time
  --receipt DIR         also write a receipt file into DIR`,
    run: (a, io, cwd) => runRange().runCi(a, io, cwd),
  },
  init: {
    name: 'init',
    summary: 'install the hooks, or write a CI workflow (--ci)',
    flags: { ci: 'init (spine-hooks init --ci github)' },
    git: true,
    help: `spine-hooks init [--no-husky] | init --ci github|gitlab|gitea

Installs the hooks: with husky v9 (.husky/pre-commit, pre-merge-commit, commit-msg, pre-push and
"prepare": "husky"), or with --no-husky through core.hooksPath. Running it again changes nothing.
When the repository already fails some gates, it says how to record them as the baseline.
--ci writes a CI workflow instead (GitHub Actions, GitLab CI or Gitea Actions) that runs ci over
the pushed range with full history; a file you edited is never overwritten.`,
    run: (a, io, cwd) => runInit().runInit(a, io, cwd),
  },
  baseline: {
    name: 'baseline',
    summary: 'record known gaps by fingerprint (baseline update)',
    args: ['update'],
    usage: (_a, rest) => (rest[0] === 'update' ? undefined : USAGE_MSG.baselineUsage()),
    help: `spine-hooks baseline update [--accept-new] [--ref REF] [--owner WHO]

Records today's findings as known gaps in .spine-hooks/baseline.json, by fingerprint. Without
--accept-new it only removes entries that are fixed; new findings are listed and fail.`,
    run: (a, io, cwd) => runBaseline().runBaseline(a, io, cwd),
  },
  overrides: {
    name: 'overrides',
    summary: 'list recorded overrides and cross-check their trailers',
    help: `spine-hooks overrides [--gate ID] [--author TEXT] [--since DATE] [--format json]

Lists the override log, flags expired records, and cross-checks the log with the Spine-Override
trailers of the history. Exit 1 when something does not match.`,
    run: (a, io, cwd) => runOverrides().runOverrides(a, io, cwd),
  },
  'verified-base': {
    name: 'verified-base',
    summary: 'declare history up to a commit already verified',
    git: true,
    usage: (a, rest) => (rest.length === 1 && a.reason ? undefined : USAGE_MSG.verifiedBaseUsage()),
    help: `spine-hooks verified-base REV --reason TEXT

Declares the history up to REV already verified: a push of the whole history to a new remote, or
ci from an all-zero sha, then skips it. Appended to .spine-hooks/verified-bases.jsonl.`,
    run: (a, io, cwd) => runVerifiedBase().runVerifiedBase(a, io, cwd),
  },
  schemas: {
    name: 'schemas',
    summary: 'the JSON Schemas of the SSOT files, for editors',
    flags: { 'write-vscode': 'schemas' },
    help: `spine-hooks schemas [--write-vscode] [--format json]

Where the JSON Schemas of the SSOT files are, and a yaml.schemas block for yaml-language-server
(VS Code, Neovim, JetBrains) mapping each file (remapped paths included) to its schema.
--write-vscode merges it into .vscode/settings.json, keeping everything else there.`,
    run: (a, io, cwd) => runSchemas().runSchemas(a, io, cwd),
  },
  fix: {
    name: 'fix',
    summary: 'repair the findings whose fix can be derived: a diff, or --write to the working tree',
    flags: { write: 'fix (spine-hooks fix --write)', set: 'fix (spine-hooks fix --set field=value)' },
    formats: ['text', 'json', 'sarif'],
    usage: (a, rest) => (rest.length || a.all || a.lanes.length || a.from !== undefined ? USAGE_MSG.fixUsage() : undefined),
    help: `spine-hooks fix [--gate ID]… [--staged] [--write] [--set field=value]… [-f json|sarif]

Each rule kind says how its findings are repaired (explain <gate> lists it under Repairs): coverage
adds the missing entry, parity sets the target side to the source's value, leftover disables or
removes the live reference. Values come from the record, fix_templates in spine-hooks.config.yaml,
or --set; what cannot be derived is listed with the field it needs. The edits are verified by
running the gates on the edited files in memory: a file whose edits leave a fixed finding or bring
a new one is left alone. Without --write: the unified diff on stdout, exit 1 when there is anything
to fix, 0 when not. With --write: the files are written (atomically) to the working tree, never the
index; a second fix finds nothing more to do.

  --gate ID             only this gate's findings (repeatable)
  --staged              only the findings the staged change brings (what pre-commit reports)
  --write               apply the edits to the working tree
  --set field=value     a template's variable ({port}), or a new entry's field as collection.field
  -f, --format F        text (default: the diff), json or sarif: each finding with its fix
  -o, --output-file FILE, --no-baseline, --now DATE|TIME, --cwd DIR, --config FILE, -q/--quiet`,
    run: (a, io, cwd) => runFix().runFix(a, io, cwd),
  },
  vm: {
    name: 'vm',
    summary: 'add a VM with every touchpoint, or retire one with its ripple',
    // retire first: a list that starts with 'add' reads as a git argument list to __tests__/git/oneDoor.test.ts.
    args: ['retire', 'add'],
    flags: {
      hostname: 'vm add (spine-hooks vm add --hostname H --vmid N --lan-ip IP)',
      vmid: 'vm add (spine-hooks vm add --hostname H --vmid N --lan-ip IP)',
      'lan-ip': 'vm add (spine-hooks vm add --hostname H --vmid N --lan-ip IP)',
      site: 'vm add (spine-hooks vm add … --site home)',
      set: 'vm add (spine-hooks vm add … --set role=cnc)',
      status: 'vm (spine-hooks vm retire VMID --status abandoned)',
      'dry-run': 'vm (spine-hooks vm add|retire … --dry-run)',
    },
    usage: (_a, rest) =>
      (rest[0] === 'add' && rest.length === 1) || (rest[0] === 'retire' && rest.length <= 2) ? undefined : USAGE_MSG.vmUsage(),
    help: `spine-hooks vm add --hostname H --vmid N --lan-ip IP [--status S] [--site SITE] [--set field=value]… [--dry-run]
spine-hooks vm retire VMID [--status decommissioned|abandoned] [--dry-run]

vm add writes the VM's lifecycle record (status active unless --status says otherwise), in the style of
its neighbours, and every touchpoint its phase requires, through the repairs of spine-hooks fix: SSH
target, service-registry host, backup job, health probe, operating profile, LAN IP row. Values come
from the flags, --set, fix_templates (vms: for the record itself) and the binding's defaults: block
where the contract requires the field; what cannot be derived is refused with the --set it needs.
vm retire sets the status in place and disables or removes what the VM leaves live (D141's ripple).
Both run every gate on the result in memory first: nothing is written unless the VM passes, and
only the working tree is written, never the index. Exit 1 when the estate refuses (vmid, hostname or
IP taken, said at the holder's file:line; a VM already retired; a finding that cannot be closed),
2 on bad input (an unknown VMID, a malformed IP, a field that cannot be derived).

  --hostname H, --vmid N, --lan-ip IP  the new VM (vm add)
  --status S            vm add: its status (default active); vm retire: decommissioned (default) or abandoned
  --site SITE           vm add: its site_scope (home VMs are out of the shop touchpoint lock)
  --set field=value     vm add: a record field (role=cnc), a template variable (port=8080), or a
                        touchpoint's field as collection.field
  --dry-run             print the unified diff and write nothing
  --cwd DIR, --config FILE, --now DATE|TIME, -q/--quiet`,
    run: (a, io, cwd) => runVm().runVm(a, io, cwd),
  },
  completion: {
    name: 'completion',
    summary: 'a shell completion script: bash, zsh or fish',
    args: SHELLS,
    usage: (_a, rest) =>
      rest.length === 1 && (SHELLS as readonly string[]).includes(rest[0]) ? undefined : USAGE_MSG.completionUsage(rest[0]),
    help: `spine-hooks completion bash|zsh|fish

Prints a completion script for the shell, made from this version's commands and options:
  bash:  source <(spine-hooks completion bash)   (for good: > ~/.local/share/bash-completion/completions/spine-hooks)
  zsh:   source <(spine-hooks completion zsh)    (for good: > "\${fpath[1]}/_spine-hooks")
  fish:  spine-hooks completion fish | source    (for good: > ~/.config/fish/completions/spine-hooks.fish)`,
    run: (a, io) => {
      const { completionScript } = completion();
      io.out(completionScript(a.positionals[0] as Shell, COMMANDS));
      return Promise.resolve(ExitCode.Pass);
    },
  },
  help: {
    name: 'help',
    summary: "help, or one command's help",
    args: 'commands',
    run: (a, io) => {
      io.out(a.helpFor ? commandHelp(a.helpFor) : HELP);
      return Promise.resolve(ExitCode.Pass);
    },
  },
  version: {
    name: 'version',
    summary: 'print the version',
    run: (_a, io) => {
      io.out(`${version()}\n`);
      return Promise.resolve(ExitCode.Pass);
    },
  },
};

/** One command's help (`spine-hooks ci --help`); the general help for a command without its own. */
export function commandHelp(command: Command): string {
  return `${COMMANDS[command].help ?? HELP}\n`;
}
