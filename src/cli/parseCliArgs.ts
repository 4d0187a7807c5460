import { parseArgs } from 'node:util';
import { ConfigError } from '../registry/ConfigError';
import { USAGE_MSG } from '../messages';
import { useColor } from '../report/safeText';
import { meant } from '../didYouMean';
import { REPORTERS, formatsFor, isFormat } from '../report/reporters';
import { CI_PROVIDERS } from '../init/ciTemplates';
import { COMMANDS } from './commands';
import { OPTIONS } from './options';
import { parseNow, type CiProvider, type CliArgs, type Command, type Output } from './CliArgs';

export type { CiProvider, CliArgs, Command };
export { OPTIONS };

/** Parses argv (without node and script). Usage mistakes throw ConfigError (exit 2). */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, isTTY = false): CliArgs {
  const parsed = parseOptions(argv);
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  const { command, helpFor } = commandOf(v, first, rest);
  checkUsage(command, v, rest);
  // --output-file belongs to the --format just before it, so the order on the command line decides.
  const order = (parsed.tokens ?? []).flatMap((t) =>
    t.kind === 'option' && (t.name === 'format' || t.name === 'output-file') ? [{ name: t.name, value: t.value ?? '' }] : [],
  );
  const outputs = parseOutputs(order, command, env);
  const maxWarnings = parseMaxWarnings(v['max-warnings'], command);
  checkSettings(command, v);
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
    failOn: v['fail-on'] as CliArgs['failOn'],
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
    write: v.write,
    sets: v.set,
    hostname: v.hostname,
    vmid: v.vmid,
    lanIp: v['lan-ip'],
    site: v.site,
    dryRun: v['dry-run'],
  };
}

type Values = ReturnType<typeof parseOptions>['values'];

/** node:util's parseArgs over OPTIONS; its errors become our sentences. */
function parseOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    // node:util says "argument is ambiguous" when a value-taking option is followed by another option.
    const missing = /Option '(--[a-z-]+)[^']*' argument (is ambiguous|missing)/.exec(msg);
    if (missing) throw new ConfigError(USAGE_MSG.optionNeedsValue(missing[1]));
    const unknown = /Unknown option '(-{1,2})([^']*)'/.exec(msg);
    if (unknown) {
      const names = Object.keys(OPTIONS);
      throw new ConfigError(
        USAGE_MSG.unknownOption(
          unknown[1],
          unknown[2],
          meant(unknown[2], names, (s) => `--${s}`),
        ),
      );
    }
    throw new ConfigError(USAGE_MSG.badArguments(msg));
  }
}

/** The command (run when none is named), and for help the command it is about. */
function commandOf(v: Values, first: string | undefined, rest: string[]): { command: Command; helpFor?: Command } {
  const named = Object.keys(COMMANDS).filter((c) => c !== 'run' && c !== 'version') as Command[];
  const isCommand = (w: string | undefined): w is Command => w !== undefined && named.includes(w as Command);
  if (v.help || first === 'help') {
    // `spine-hooks ci --help`, `spine-hooks help ci`: that command's help.
    const about = first === 'help' ? rest[0] : first;
    if (about === undefined) return { command: 'help', helpFor: v.staged || v.all || v.gate.length || v.lane.length ? 'run' : undefined };
    if (!isCommand(about) || about === 'help')
      throw new ConfigError(
        USAGE_MSG.noHelpFor(
          about,
          meant(
            about,
            named.filter((c) => c !== 'help'),
          ),
        ),
      );
    return { command: 'help', helpFor: about };
  }
  if (v.version) return { command: 'version' };
  if (isCommand(first)) return { command: first };
  if (first && !v.staged) throw new ConfigError(USAGE_MSG.unknownCommand(first, meant(first, named)));
  return { command: 'run' };
}

/** Usage mistakes: the command's own first (its table entry's `usage`), then options that need one another. */
function checkUsage(command: Command, v: Values, rest: string[]): void {
  const own = COMMANDS[command].usage?.(
    { all: v.all, staged: v.staged, gates: v.gate, lanes: v.lane, from: v.from, reason: v.reason },
    rest,
  );
  if (own) throw new ConfigError(own);
  if (v.all && v.staged) throw new ConfigError(USAGE_MSG.allAndStaged());
  if (v.receipt && !(command === 'ci' || (command === 'run' && !v.staged))) throw new ConfigError(USAGE_MSG.receiptGoesWith());
  if (v.now !== undefined && !(v.now === 'commit' ? command === 'ci' : parseNow(v.now) !== undefined)) {
    throw new ConfigError(USAGE_MSG.nowInvalid(v.now, command === 'ci'));
  }
  checkOwnFlag(command, 'status', v.status.length > 0);
  checkOwnFlag(command, 'write', v.write);
  checkOwnFlag(command, 'set', v.set.length > 0);
  for (const flag of ['hostname', 'vmid', 'lan-ip', 'site'] as const) checkOwnFlag(command, flag, v[flag] !== undefined);
  checkOwnFlag(command, 'dry-run', v['dry-run']);
}

/** An option that belongs to some commands only (their table entries' `flags`), used with another. */
function checkOwnFlag(command: Command, flag: string, given: boolean): void {
  if (!given) return;
  const owners = Object.values(COMMANDS).filter((c) => c.flags?.[flag] !== undefined);
  if (!owners.some((o) => o.name === command))
    throw new ConfigError(USAGE_MSG.flagGoesWith(flag, owners.map((o) => o.flags![flag]).join(' or ')));
}

function parseMaxWarnings(text: string | undefined, command: Command): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ConfigError(USAGE_MSG.maxWarningsInvalid(text));
  if (!COMMANDS[command].runsGates) throw new ConfigError(USAGE_MSG.maxWarningsGoesWith());
  return Number(text);
}

/** The values of --ci and --fail-on, and the options of one command. */
function checkSettings(command: Command, v: Values): void {
  if (v.ci !== undefined && !(CI_PROVIDERS as readonly string[]).includes(v.ci))
    throw new ConfigError(USAGE_MSG.ciInvalid(v.ci, meant(v.ci, CI_PROVIDERS)));
  checkOwnFlag(command, 'ci', v.ci !== undefined);
  checkOwnFlag(command, 'write-vscode', v['write-vscode']);
  if (v['fail-on'] !== 'error' && v['fail-on'] !== 'warn') throw new ConfigError(USAGE_MSG.failOnInvalid(v['fail-on']));
}

/**
 * `--format` and `--output-file` pair in order (Spectral's convention): the n-th file gets the n-th
 * format; a format without a file goes to stdout. Without `--format`: text, and in GitHub Actions
 * (GITHUB_ACTIONS=true) the workflow-command annotations too, where gates run.
 */
function parseOutputs(order: Array<{ name: string; value: string }>, command: Command, env: NodeJS.ProcessEnv): Output[] {
  const allowed = COMMANDS[command].formats ?? formatsFor(COMMANDS[command].runsGates === true);
  const outputs: Output[] = [];
  for (const t of order) {
    if (t.name === 'format') {
      const f = t.value;
      if (!isFormat(f)) throw new ConfigError(USAGE_MSG.formatInvalid(allowed, f, meant(f, allowed)));
      if (!allowed.includes(f)) throw new ConfigError(USAGE_MSG.formatGoesWith(f, command, allowed));
      outputs.push({ format: f });
      continue;
    }
    const last = outputs[outputs.length - 1];
    if (!last) throw new ConfigError(USAGE_MSG.outputFileFirst());
    if (last.file !== undefined) throw new ConfigError(USAGE_MSG.twoOutputFiles(last.format, last.file, t.value));
    if (!t.value.trim()) throw new ConfigError(USAGE_MSG.outputFileEmpty());
    last.file = t.value;
  }
  const formats = outputs.map((o) => o.format);
  if (formats.length === 0)
    return COMMANDS[command].runsGates && env.GITHUB_ACTIONS === 'true' ? [{ format: 'text' }, { format: 'github' }] : [{ format: 'text' }];
  const toStdout = outputs.filter((o) => !o.file);
  if (toStdout.length > 1 && toStdout.some((o) => REPORTERS[o.format].document)) {
    throw new ConfigError(USAGE_MSG.oneToStdout(toStdout.map((o) => o.format)));
  }
  return outputs;
}
