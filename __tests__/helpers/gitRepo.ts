import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempDir, writeFiles } from './tempDir';
import { fromTemplate } from './templates';
import { DIST_BIN, HOOKS_DIR } from './paths';

/** The environment for test git processes: none of the machine's GIT_* variables or global config. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Colour decisions (CI, FORCE_COLOR, NO_COLOR) are the tests' own business, not the machine's.
  // Nor npm's lifecycle variables: under `npx -p node@22 …` (.ci/run), npm_config_package would make
  // a test's own `npx spine-hooks` run that package instead.
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('GIT_') && !/^npm_/i.test(k) && !['HUSKY', 'CI', 'FORCE_COLOR', 'NO_COLOR'].includes(k)) env[k] = v;
  const empty = path.join(os.tmpdir(), 'spine-hooks-empty-gitconfig');
  if (!fs.existsSync(empty)) fs.writeFileSync(empty, '');
  return { ...env, GIT_CONFIG_GLOBAL: empty, GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

export interface Repo {
  dir: string;
  /** Runs git; returns stdout. Throws with stderr on failure. */
  git(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string }): string;
  /** Runs git and returns status and output without throwing (for commits a hook may refuse). */
  tryGit(args: string[], opts?: { env?: NodeJS.ProcessEnv; input?: string }): { status: number; stdout: string; stderr: string };
  write(files: Record<string, string>): void;
  read(file: string): string;
  /** A hash of the working tree (all files but .git) and of the index, to prove nothing was touched. */
  state(): string;
}

/**
 * A real repository in a temporary folder: git init, identity, no signing, the given files committed.
 * Made once per run for the same files and copied (templates.ts), unless it is to be made in `dir`.
 */
export function makeRepo(files: Record<string, string>, opts: { commit?: boolean; identity?: boolean; dir?: string } = {}): Repo {
  if (opts.dir) return initRepo(opts.dir, files, opts);
  const key = JSON.stringify(['makeRepo', opts.commit !== false, opts.identity !== false, files]);
  return repoAt(fromTemplate(key, (dir) => initRepo(dir, files, opts)));
}

function initRepo(dir: string, files: Record<string, string>, opts: { commit?: boolean; identity?: boolean }): Repo {
  writeFiles(dir, files);
  const repo = repoAt(dir);
  repo.git(['init', '-q', '-b', 'main']);
  if (opts.identity !== false) {
    repo.git(['config', 'user.name', 'Test Operator']);
    repo.git(['config', 'user.email', 'ops@example.test']);
  }
  repo.git(['config', 'commit.gpgsign', 'false']);
  if (opts.commit !== false && Object.keys(files).length) {
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'initial estate']);
  }
  return repo;
}

/** Git commands run in `dir` (an existing work tree: a linked worktree, a submodule, a subfolder). */
export function repoAt(dir: string): Repo {
  const repo: Repo = {
    dir,
    git(args, o = {}) {
      const r = repo.tryGit(args, o);
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    tryGit(args, o = {}) {
      const r = spawnSync('git', args, { cwd: dir, env: cleanEnv(o.env), input: o.input, encoding: 'utf8' });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    write: (f) => writeFiles(dir, f),
    read: (f) => fs.readFileSync(path.join(dir, f), 'utf8'),
    state() {
      const h = crypto.createHash('sha256');
      const walk = (rel: string) => {
        for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const p = rel ? `${rel}/${d.name}` : d.name;
          if (d.name === '.git') continue;
          if (d.isDirectory()) walk(p);
          else
            h.update(p)
              .update('\0')
              .update(d.isSymbolicLink() ? fs.readlinkSync(path.join(dir, p)) : fs.readFileSync(path.join(dir, p)));
        }
      };
      walk('');
      // The index's entries (git itself rewrites the file's stat cache on every commit attempt).
      h.update(repo.git(['ls-files', '--stage', '-z']));
      h.update(repo.git(['status', '--porcelain=v1', '-z', '--untracked-files=all']));
      return h.digest('hex');
    },
  };
  return repo;
}

/** The built CLI; the hook scripts in hooks/ run it, so git-driven tests need `npm run build`. */
export function builtCli(): string {
  if (!fs.existsSync(DIST_BIN)) throw new Error('dist/ is missing: run `npm run build` before the tests that drive real git hooks');
  return DIST_BIN;
}

/** Runs the built CLI as a process (like a hook would). */
export function runBuilt(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, input?: string) {
  const r = spawnSync(process.execPath, [builtCli(), ...args], { cwd, env: cleanEnv(env), input, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function sh(cmd: string, cwd: string): string {
  return execFileSync('sh', ['-c', cmd], { cwd, env: cleanEnv(), encoding: 'utf8' });
}

/**
 * A repository with the given files and spine-hooks installed through core.hooksPath (`init --no-husky`).
 * Made once per run for the same files and copied (templates.ts).
 */
export function hookedRepo(files: Record<string, string>): Repo {
  builtCli();
  return repoAt(fromTemplate(JSON.stringify(['hookedRepo', files]), (dir) => initHooked(dir, files)));
}

/** hookedRepo's repository, made in `dir`. */
export function initHooked(dir: string, files: Record<string, string>): Repo {
  const repo = initRepo(dir, files, { commit: false });
  const r = runBuilt(['init', '--no-husky'], repo.dir);
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  // What init writes to the tree (.gitattributes) is committed with the estate, as a user would.
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'initial estate']);
  return repo;
}

/** A new bare repository in a temporary folder, added to `repo` as remote `name`; returns its path. */
export function addRemote(repo: Repo, name = 'origin'): string {
  const remote = tempDir();
  repo.git(['init', '-q', '--bare', remote]);
  repo.git(['remote', 'add', name, remote]);
  return remote;
}

/**
 * What `npm install spine-hooks` puts in a project's node_modules/.bin (the PATH husky gives hooks):
 * `spine-hooks`, and `spine-hooks-hook`, a link to the package's hook script.
 */
export function installBins(projectDir: string): void {
  const dir = path.join(projectDir, 'node_modules', '.bin');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'spine-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${builtCli()}" "$@"\n`, { mode: 0o755 });
  const hook = path.join(dir, 'spine-hooks-hook');
  fs.rmSync(hook, { force: true });
  fs.symlinkSync(path.join(HOOKS_DIR, 'spine-hooks-hook'), hook);
}
