import * as fs from 'node:fs';
import { runSync } from './execGit';

/**
 * Whether this hook runs under `git commit --amend`. Git does not tell pre-commit, but an amended
 * commit replaces HEAD, so its changes must be measured against HEAD's parents: otherwise amending a
 * commit that already drifted (say, one made with --no-verify) would look like "nothing changed".
 * The answer comes from the command line of the nearest `git` ancestor process (/proc on Linux,
 * `ps` elsewhere), read the way git's own option parser reads it (abbreviations such as `--amen`,
 * `--no-amend`, values of -m/-F/-C…, `--`, and aliases of `commit`). When it cannot be read, the
 * answer is no, and pre-push still checks the commit.
 */
export function detectAmend(env: NodeJS.ProcessEnv = process.env, pid = process.ppid, depth = 8): boolean {
  for (let i = 0; i < depth && pid > 1; i++) {
    const proc = readProcess(pid);
    if (!proc) return false;
    const git = proc.args.findIndex((a) => /(^|\/)git$/.test(a));
    if (git >= 0) return isAmendCommand(proc.args.slice(git + 1), (name) => gitAlias(name, env));
    pid = proc.ppid;
  }
  return false;
}

/** Global git options that take the next argument as their value (`git -C dir commit …`). */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--exec-path']);

/** `git commit`'s long options (git 2.39), and whether each takes a value: 'required' or 'optional' (attached only). */
const LONG: Record<string, 'none' | 'required' | 'optional'> = {
  quiet: 'none',
  verbose: 'none',
  file: 'required',
  author: 'required',
  date: 'required',
  message: 'required',
  'reedit-message': 'required',
  'reuse-message': 'required',
  fixup: 'required',
  squash: 'required',
  'reset-author': 'none',
  trailer: 'required',
  signoff: 'none',
  template: 'required',
  edit: 'none',
  cleanup: 'required',
  status: 'none',
  'gpg-sign': 'optional',
  all: 'none',
  include: 'none',
  interactive: 'none',
  patch: 'none',
  only: 'none',
  verify: 'none',
  'no-verify': 'none',
  'dry-run': 'none',
  short: 'none',
  branch: 'none',
  'ahead-behind': 'none',
  porcelain: 'none',
  long: 'none',
  null: 'none',
  amend: 'none',
  'post-rewrite': 'none',
  'untracked-files': 'optional',
  'pathspec-from-file': 'required',
  'pathspec-file-nul': 'none',
  'allow-empty': 'none',
  'allow-empty-message': 'none',
};
/** Short options that take a value (the rest of the bundle, or the next argument). */
const SHORT_WITH_VALUE = new Set(['m', 'F', 'C', 'c', 't']);
/** Short options whose value can only be attached (`-S<key>`, `-uno`). */
const SHORT_OPTIONAL = new Set(['S', 'u']);

/**
 * Reads git's arguments after the executable: global options, the subcommand (an alias is expanded
 * once through `alias`), then `commit`'s own options. The last of --amend / --no-amend wins.
 */
export function isAmendCommand(args: readonly string[], alias: (name: string) => string | undefined = () => undefined): boolean {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    const a = args[i];
    i += GLOBAL_WITH_VALUE.has(a) ? 2 : 1;
  }
  const sub = args[i];
  if (sub === undefined) return false;
  let rest = args.slice(i + 1);
  if (sub !== 'commit') {
    const expansion = alias(sub);
    if (!expansion || expansion.startsWith('!')) return false;
    const words = expansion.trim().split(/\s+/);
    if (words[0] !== 'commit') return false;
    rest = [...words.slice(1), ...rest];
  }
  let amend = false;
  for (let j = 0; j < rest.length; j++) {
    const a = rest[j];
    if (a === '--') break;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = resolveLong(a.slice(2, eq < 0 ? undefined : eq));
      if (!name) continue;
      if (name === 'amend') amend = true;
      else if (name === 'no-amend') amend = false;
      const bare = name.startsWith('no-') && !(name in LONG) ? name.slice(3) : name;
      if (eq < 0 && LONG[bare] === 'required' && !name.startsWith('no-')) j++;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const c = a[k];
        if (SHORT_WITH_VALUE.has(c)) {
          if (k === a.length - 1) j++; // the value is the next argument
          break;
        }
        if (SHORT_OPTIONAL.has(c)) break;
      }
    }
  }
  return amend;
}

/** A long option as git's parser resolves it: exact, or the one option (or `no-` form) the prefix names. */
function resolveLong(given: string): string | undefined {
  const names = [
    ...Object.keys(LONG),
    ...Object.keys(LONG)
      .filter((n) => !n.startsWith('no-'))
      .map((n) => `no-${n}`),
  ];
  if (names.includes(given)) return given;
  const matches = names.filter((n) => n.startsWith(given));
  return matches.length === 1 ? matches[0] : undefined;
}

function gitAlias(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!/^[\w.-]+$/.test(name)) return undefined;
  const r = runSync('git', ['config', '--get', `alias.${name}`], { env, input: 'ignore' });
  return (r.status === 0 && r.stdout.trim()) || undefined;
}

function readProcess(pid: number): { args: string[]; ppid: number } | undefined {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 of /proc/<pid>/stat, after the parenthesised command name (which may hold spaces).
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { args, ppid };
  } catch {
    const r = runSync('ps', ['-o', 'ppid=', '-o', 'args=', '-p', String(pid)]);
    const m = r.status === 0 ? /^(\d+)\s+(.*)$/.exec(r.stdout.trim()) : null;
    return m ? { ppid: Number(m[1]), args: m[2].split(/\s+/) } : undefined;
  }
}
