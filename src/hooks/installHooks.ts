import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSync } from '../git/execGit';
import { ConfigError } from '../registry/ConfigError';
import { CLI_MSG, INIT_MSG } from '../messages';
import { packageRoot } from '../packageRoot';
import type { Git } from '../git/Git';
import { makeDirs } from '../cache/makeDirs';

export interface InstallReport {
  /** What was changed, one line each (empty when everything was already in place). */
  changed: string[];
  notes: string[];
}

export const PENDING = 'spine-hooks/commit-msg.pending';

/** `bin`: the program the hook line runs, which a guard line checks for (`guard`) before it does. */
const HOOKS: Array<{ name: string; command: string; bin: string; guard: boolean; legacy?: string }> = [
  // spine-hooks-hook (a shell script) decides a commit that stages nothing any gate reads without
  // starting node, and runs `spine-hooks hook …` otherwise (hooks/gate-free.sh).
  {
    name: 'pre-commit',
    command: 'spine-hooks-hook pre-commit',
    bin: 'spine-hooks-hook',
    guard: true,
    legacy: 'spine-hooks hook pre-commit',
  },
  {
    name: 'pre-merge-commit',
    command: 'spine-hooks-hook pre-merge-commit',
    bin: 'spine-hooks-hook',
    guard: true,
    legacy: 'spine-hooks hook pre-merge-commit',
  },
  // Node starts only when pre-commit left work for commit-msg (an override record, or SPINE_HOOKS=0);
  // pre-commit's guards have then passed.
  {
    name: 'commit-msg',
    command: `if [ -e "$(git rev-parse --git-path ${PENDING})" ] || [ "$SPINE_HOOKS" = 0 ]; then spine-hooks hook commit-msg "$1"; fi`,
    bin: 'spine-hooks',
    guard: false,
  },
  { name: 'pre-push', command: 'spine-hooks hook pre-push "$@"', bin: 'spine-hooks', guard: true },
];

/**
 * The line before a hook's command that checks its program is installed: with node_modules deleted
 * (or never installed after a clone whose .husky/_ survived), the shell would say "not found" and
 * husky "command not found in PATH"; this says to run npm install, and refuses the commit or push
 * until the checks can run. husky puts `node_modules/.bin` on the PATH relative to the folder the
 * hook runs in, so a project in a subfolder is entered for the check.
 */
export function binGuard(bin: string, sub = ''): string {
  const check = `command -v ${bin} >/dev/null 2>&1`;
  // The sentence sits in double quotes: a folder name with anything a shell would expand there is left out of it.
  const said = /^[\w./-]*$/.test(sub) ? sub : '';
  return `${sub ? `(cd ${shellQuote(sub)} && ${check})` : check} || { echo "${INIT_MSG.hookBinMissing(bin, said)}" >&2; exit 1; }`;
}

/** Hook scripts in the repository keep LF line ends: a CRLF checkout (core.autocrlf=true) breaks every line of a shell script. */
export const HUSKY_EOL_LINE = '/.husky/* text eol=lf';

/**
 * First line of a husky hook: GUI git clients often start hooks without the shell's PATH, and then
 * the checks cannot run. Fail closed, and say how to fix it (husky sources ~/.config/husky/init.sh
 * before every hook).
 */
export const NODE_GUARD =
  'command -v node >/dev/null 2>&1 || { echo "spine-hooks: node is not on the PATH git gives hooks ($PATH). ' +
  'GUI git clients start hooks without your shell set-up: put the PATH (or nvm/volta/asdf) lines in ~/.config/husky/init.sh. ' +
  'Refused until the checks can run (spine-hooks explain hooks)." >&2; exit 1; }';

/** Guard lines earlier versions wrote: replaced by NODE_GUARD where they stand. */
const LEGACY_GUARDS = [NODE_GUARD.replace('(spine-hooks explain hooks)', '(docs/hooks.md)')];

/** The override log is append-only on every branch: a union merge keeps both sides' records, first parent first. */
export function unionMergeLine(logPath: string): string {
  return `/${logPath.replace(/^\/+/, '')} merge=union`;
}

/**
 * husky v9: `.husky/<hook>` files that call spine-hooks (appended once to existing hooks), husky's
 * own install (core.hooksPath → .husky/_), and `"prepare": "husky"` in package.json. The project
 * (package.json) may sit in a subfolder of the git repository.
 */
export async function installHusky(git: Git, projectDir: string, logPath: string): Promise<InstallReport> {
  const report: InstallReport = { changed: [], notes: [] };
  const pkgFile = path.join(projectDir, 'package.json');
  if (!fs.existsSync(pkgFile)) throw new ConfigError(INIT_MSG.noPackageJson(projectDir));
  // Read package.json before touching anything: a broken one stops init with nothing half-done.
  let pkg: { scripts?: Record<string, string> };
  try {
    pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as typeof pkg;
  } catch (err) {
    throw new ConfigError(INIT_MSG.packageJsonInvalid((err as Error).message), pkgFile);
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) throw new ConfigError(INIT_MSG.packageJsonNotObject(), pkgFile);
  const sub = git.prefix.replace(/\/$/, ''); // project folder relative to the git top level
  const huskyDir = path.join(projectDir, '.husky');
  makeDirs(huskyDir);
  for (const h of HOOKS) {
    const file = path.join(huskyDir, h.name);
    // Hooks run from the top level: a project in a subfolder enters it first (in a subshell, so
    // that other lines of a shared hook file keep their working directory).
    const wrap = (c: string) => (sub ? `(cd ${shellQuote(sub)} && ${c})` : c);
    const line = wrap(h.command);
    let existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    // A line an earlier version wrote is replaced where it stands (never run twice).
    for (const [old, now] of [...(h.legacy ? [[wrap(h.legacy), line]] : []), ...LEGACY_GUARDS.map((g) => [g, NODE_GUARD])]) {
      const lines = existing.split('\n');
      if (lines.some((l) => l.trim() === old)) {
        existing = lines.map((l) => (l.trim() === old ? now : l)).join('\n');
        fs.writeFileSync(file, existing, { mode: 0o755 });
        report.changed.push(`${path.relative(projectDir, file)}: "${old}" is now "${now}"`);
      }
    }
    const guards = h.guard ? [NODE_GUARD, binGuard(h.bin, sub)] : [];
    const text = withLines(existing, guards, line);
    if (text === existing) continue;
    fs.writeFileSync(file, text, { mode: 0o755 });
    const what = existing.split('\n').some((l) => l.trim() === line) ? guards.find((g) => !existing.includes(g))! : line;
    report.changed.push(`${path.relative(projectDir, file)}: ${existing ? 'added' : 'created with'} "${what}"`);
  }
  addAttributes(projectDir, [unionMergeLine(logPath), HUSKY_EOL_LINE], report);
  await ignoreNodeModules(git, projectDir, report);

  const prepareCmd = sub
    ? `cd ${shellQuote(path.relative(projectDir, git.toplevel) || '.')} && husky ${shellQuote(`${sub}/.husky`)}`
    : 'husky';
  const prepare = pkg.scripts?.prepare;
  if (!prepare || !/\bhusky\b/.test(prepare)) {
    pkg.scripts = { ...pkg.scripts, prepare: prepare ? `${prepare} && ${prepareCmd}` : prepareCmd };
    const indent = /^(\s+)"/m.exec(fs.readFileSync(pkgFile, 'utf8'))?.[1] ?? '  ';
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, indent) + '\n');
    report.changed.push(`package.json: "prepare": "${pkg.scripts.prepare}"`);
  }

  // Activate now (what `prepare` does on the next install): husky sets core.hooksPath to .husky/_.
  const bin = huskyBin(projectDir);
  const r = runSync(process.execPath, [bin, sub ? `${sub}/.husky` : '.husky'], { cwd: git.toplevel, env: { ...process.env, HUSKY: '' } });
  if (r.status !== 0 || /not a git|error/i.test(`${r.stdout}${r.stderr}`)) {
    throw new ConfigError(INIT_MSG.huskyFailed((r.stderr || r.stdout).trim()));
  }
  if (!resolveFrom(projectDir, 'husky')) {
    report.notes.push(CLI_MSG.huskyNotADependency());
  }
  return report;
}

/** `--no-husky`: git's core.hooksPath points at the hook scripts shipped in this package's hooks/. */
export async function installHooksPath(git: Git, projectDir: string, logPath: string, force: boolean): Promise<InstallReport> {
  const report: InstallReport = { changed: [], notes: [] };
  const hooksDir = path.join(packageRoot(), 'hooks');
  const rel = path.relative(git.toplevel, hooksDir);
  const value = rel.startsWith('..') || path.isAbsolute(rel) ? hooksDir : rel.split(path.sep).join('/');
  const current = await git.configGet('core.hooksPath');
  if (current && current !== value && !force) {
    throw new ConfigError(INIT_MSG.hooksPathTaken(current));
  }
  if (current !== value) {
    await git.configSet('core.hooksPath', value);
    report.changed.push(`git config core.hooksPath ${value}`);
  }
  const root = git.prefix.replace(/\/$/, '');
  const recorded = await git.configGet('spine-hooks.root');
  if (recorded !== root) {
    if (root) await git.configSet('spine-hooks.root', root);
    else if (recorded) await git.configUnset('spine-hooks.root');
    report.changed.push(`git config spine-hooks.root "${root}"`);
  }
  addAttributes(projectDir, [unionMergeLine(logPath)], report);
  await ignoreNodeModules(git, projectDir, report);
  return report;
}

/**
 * A hook file's text with the guard lines before its command: a missing guard goes right above the
 * command line where that is already there (a hook installed by an earlier version), else the guards
 * and the command are appended (other lines of a shared hook file stay as they are).
 */
function withLines(existing: string, guards: string[], line: string): string {
  const lines = existing.split('\n');
  const have = new Set(lines.map((l) => l.trim()));
  const missing = guards.filter((g) => !have.has(g));
  const at = lines.findIndex((l) => l.trim() === line);
  if (at >= 0) return missing.length ? [...lines.slice(0, at), ...missing, ...lines.slice(at)].join('\n') : existing;
  return `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${[...missing, line].map((l) => `${l}\n`).join('')}`;
}

/** `.gitattributes` beside the SSOT root: the override log merges as a union (see unionMergeLine), hook scripts stay LF. */
function addAttributes(projectDir: string, wanted: string[], report: InstallReport): void {
  const file = path.join(projectDir, '.gitattributes');
  let existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const line of wanted) {
    if (existing.split('\n').some((l) => l.trim() === line)) continue;
    report.changed.push(`.gitattributes: ${existing ? 'added' : 'created with'} "${line}"`);
    existing = `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${line}\n`;
    fs.writeFileSync(file, existing);
  }
}

/**
 * `node_modules/` in the project's `.gitignore` when git would otherwise offer it for a commit: a
 * repository that became a Node project for spine-hooks (npm install made package.json and
 * node_modules) ignores nothing yet. A project that already ignores it, or tracks files in it on
 * purpose, is left alone.
 */
async function ignoreNodeModules(git: Git, projectDir: string, report: InstallReport): Promise<void> {
  const sub = git.prefix;
  if (!fs.existsSync(path.join(projectDir, 'node_modules')) && !fs.existsSync(path.join(projectDir, 'package.json'))) return;
  if ((await git.ignores(`${sub}node_modules/`)) || (await git.tracks(`${sub}node_modules`))) return;
  const file = path.join(projectDir, '.gitignore');
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(file, `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}node_modules/\n`);
  report.changed.push(`.gitignore: ${existing ? 'added' : 'created with'} "node_modules/"`);
}

function huskyBin(projectDir: string): string {
  const main = resolveFrom(projectDir, 'husky') ?? resolveFrom(packageRoot(), 'husky');
  if (!main) throw new ConfigError(INIT_MSG.huskyMissing());
  return path.join(path.dirname(main), 'bin.js');
}

function resolveFrom(dir: string, mod: string): string | undefined {
  try {
    return require.resolve(mod, { paths: [dir] });
  } catch {
    return undefined;
  }
}

function shellQuote(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
