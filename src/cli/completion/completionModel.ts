import type { Command } from '../CliArgs';
import { FORMATS } from '../../report/reporters';
import { CI_PROVIDERS } from '../../init/ciTemplates';

/** What a value-taking option completes to: fixed words, a file, a folder, or nothing (free text: a ref, a reason). */
export type ValueKind = { words: readonly string[] } | 'file' | 'dir' | 'text';

/**
 * The values of each value-taking option of OPTIONS (parseCliArgs.ts). Completion needs to know
 * what to offer; `__tests__/cli/completion.test.ts` holds every string option of OPTIONS to an entry here.
 */
export const OPTION_VALUES: Readonly<Record<string, ValueKind>> = {
  cwd: 'dir',
  config: 'file',
  gate: 'text',
  lane: 'text',
  format: { words: FORMATS },
  'output-file': 'file',
  'max-warnings': 'text',
  'fail-on': { words: ['error', 'warn'] },
  from: 'text',
  to: 'text',
  ci: { words: CI_PROVIDERS },
  ref: 'text',
  owner: 'text',
  receipt: 'dir',
  author: 'text',
  since: 'text',
  reason: 'text',
  now: 'text',
  status: 'text',
  set: 'text',
  hostname: 'text',
  vmid: 'text',
  'lan-ip': 'text',
  site: 'text',
};

export interface CompletionOption {
  /** `--format`, and its short form `-f` where it has one. */
  long: string;
  short?: string;
  /** What its value completes to; none: a switch. */
  value?: ValueKind;
  /** The command it belongs to alone (`--ci`: init); none: every command. */
  command?: Command;
  /** Its line of --help, for shells that show one. */
  description: string;
}

export interface CompletionCommand {
  name: Command;
  summary: string;
  /** The words its first argument takes (`hook pre-commit`). */
  args: readonly string[];
}

export interface CompletionModel {
  commands: CompletionCommand[];
  options: CompletionOption[];
}

type OptionTable = Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>;

/** What completion reads of a command's entry in COMMANDS (commands/index.ts, which loads this module). */
export interface CommandEntry {
  name: Command;
  summary: string;
  args?: readonly string[] | 'commands';
  flags?: Readonly<Record<string, string>>;
}

/**
 * What completion offers, from the tables the CLI itself runs on: the commands (COMMANDS, with their
 * summaries and argument words), the options (OPTIONS, with the command each belongs to alone) and
 * the option descriptions of the general help (HELP's Options section).
 */
export function completionModel(commands: Readonly<Record<string, CommandEntry>>, options: OptionTable, help: string): CompletionModel {
  const described = optionDescriptions(help);
  // An option of one command is offered after it alone; one that several commands take (--set), everywhere.
  const owners = new Map<string, Command[]>();
  for (const c of Object.values(commands)) for (const f of Object.keys(c.flags ?? {})) owners.set(f, [...(owners.get(f) ?? []), c.name]);
  const owner = new Map([...owners].filter(([, cs]) => cs.length === 1).map(([f, cs]) => [f, cs[0]] as const));
  // `run` is no word (`spine-hooks --all`), nor is `version` (`--version`).
  const named = Object.values(commands).filter((c) => c.name !== 'run' && c.name !== 'version');
  return {
    commands: named.map((c) => ({
      name: c.name,
      summary: c.summary,
      args: c.args === 'commands' ? named.map((n) => n.name).filter((n) => n !== c.name) : (c.args ?? []),
    })),
    options: Object.entries(options).map(([name, o]) => ({
      long: `--${name}`,
      ...(o.short ? { short: `-${o.short}` } : {}),
      ...(o.type === 'string' ? { value: OPTION_VALUES[name] ?? 'text' } : {}),
      ...(owner.has(name) ? { command: owner.get(name) } : {}),
      description: described.get(name) ?? '',
    })),
  };
}

/**
 * `--name` → its description, read from the Options section of the general help (`--from REF, --to
 * REF  the range`: both): its lines joined, asides in parentheses left out, up to the first `;`.
 */
function optionDescriptions(help: string): Map<string, string> {
  const out = new Map<string, string>();
  const start = help.indexOf('\nOptions\n');
  if (start < 0) return out;
  let names: string[] = [];
  const text = new Map<string, string>();
  for (const line of help.slice(start).split('\n').slice(2)) {
    if (!line.trim()) break;
    const m = /^ {2}(-\S.*?)\s{2,}(\S.*)$/.exec(line);
    if (m) {
      names = [...m[1].matchAll(/--([a-z][a-z-]*)/g)].map((x) => x[1]);
      for (const n of names) text.set(n, m[2].trim());
    } else for (const n of names) text.set(n, `${text.get(n)} ${line.trim()}`);
  }
  for (const [name, full] of text) out.set(name, short(full));
  return out;
}

function short(full: string): string {
  let t = full;
  for (let before = ''; before !== t;) [before, t] = [t, t.replace(/\s*\([^()]*\)/g, '')];
  return t.split(';')[0].trim();
}
