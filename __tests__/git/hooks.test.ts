import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, runBuilt, builtCli, installBins, addRemote, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { NODE_GUARD, binGuard } from '../../src/hooks/installHooks';
import { H, S } from '../helpers/paths';
import { stageEdit } from '../helpers/edits';

const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');

/** A repository of the example with spine-hooks installed through core.hooksPath (`init --no-husky`). */
function hookedRepo(opts: { identity?: boolean } = {}): Repo {
  builtCli();
  const repo = makeRepo(base, { commit: false, identity: opts.identity });
  const r = runBuilt(['init', '--no-husky'], repo.dir);
  expect(r).toMatchObject({ status: 0 });
  if (opts.identity !== false) {
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'initial estate']);
  }
  return repo;
}

const commit = (repo: Repo, args: string[]) => repo.tryGit(['commit', '-q', ...args]);

describe('real `git commit` through the installed hooks', () => {
  test('init --no-husky is idempotent', () => {
    const repo = hookedRepo();
    expect(repo.git(['config', 'core.hooksPath']).trim()).toMatch(/hooks$/);
    expect(runBuilt(['init', '--no-husky'], repo.dir).stdout).toBe('spine-hooks: hooks already installed, nothing changed\n');
  });

  test('git commit -a (temporary index) is checked and refused', () => {
    const repo = hookedRepo();
    repo.write({ [H]: noHealth(base[H]) });
    const before = repo.state();
    const r = commit(repo, ['-a', '-m', 'drop probes']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
    expect(repo.state()).toBe(before);
    expect(repo.git(['log', '--format=%s'])).toBe('initial estate\n');
  });

  test('git commit <path> (temporary index) is checked; other staged files do not leak in', () => {
    const repo = hookedRepo();
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    repo.write({ 'notes.txt': 'x\n' });
    repo.git(['add', 'notes.txt']);
    // Committing only notes.txt: the staged drift in H is not part of this commit.
    expect(commit(repo, ['-m', 'notes only', '--', 'notes.txt']).status).toBe(0);
    const r = commit(repo, ['-m', 'probes', '--', H]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('Commit blocked by D69');
  });

  test('commit --amend is checked', () => {
    const repo = hookedRepo();
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    const r = commit(repo, ['--amend', '--no-edit']);
    expect(r.status).not.toBe(0);
    expect(repo.git(['log', '--format=%s'])).toBe('initial estate\n');
  });

  test('a merge commit: the resolved merge is checked through pre-commit and pre-merge-commit', () => {
    const repo = hookedRepo();
    repo.git(['checkout', '-q', '-b', 'side']);
    repo.write({ [H]: noHealth(base[H]) });
    expect(commit(repo, ['--no-verify', '-am', 'side drift']).status).toBe(0);
    repo.git(['checkout', '-q', 'main']);
    repo.write({ 'notes.txt': 'main\n' });
    repo.git(['add', 'notes.txt']);
    expect(commit(repo, ['-m', 'main work']).status).toBe(0);
    // An automatic merge runs pre-merge-commit.
    const r = repo.tryGit(['merge', '--no-ff', '-m', 'merge side', 'side']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('VM 302 (monitoring)');
    repo.tryGit(['merge', '--abort']);
    // A conflicted merge, resolved and committed, runs pre-commit.
    repo.write({ [H]: base[H] + '# main\n' });
    expect(commit(repo, ['-am', 'main edit']).status).toBe(0);
    expect(repo.tryGit(['merge', 'side']).status).not.toBe(0); // conflict
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    const c = commit(repo, ['--no-edit']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain('Commit blocked by D69');
  });

  test('cherry-pick and rebase stops: a drifting commit cannot be re-committed', () => {
    const repo = hookedRepo();
    repo.git(['checkout', '-q', '-b', 'side']);
    repo.write({ [H]: noHealth(base[H]) });
    expect(commit(repo, ['--no-verify', '-am', 'side drift']).status).toBe(0);
    const drift = repo.git(['rev-parse', 'HEAD']).trim();
    repo.git(['checkout', '-q', 'main']);
    // cherry-pick --no-commit then commit: the hook sees the picked change.
    repo.git(['cherry-pick', '--no-commit', drift]);
    expect(commit(repo, ['-m', 'picked']).status).not.toBe(0);
    repo.git(['reset', '-q', '--hard']);
    // an interactive rebase that stops to edit: `commit --amend` runs the hook on a detached HEAD.
    repo.git(['checkout', '-q', 'side']);
    const edit = repo.tryGit(['rebase', '-i', 'main'], { env: { GIT_SEQUENCE_EDITOR: "sed -i 's/^pick/edit/'" } });
    expect(edit.status).toBe(0);
    const r = commit(repo, ['--amend', '-m', 'reworded drift']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('Commit blocked by D69');
    repo.git(['rebase', '--abort']);
  });

  test('a linked worktree has its own index', () => {
    const repo = hookedRepo();
    const wt = path.join(tempDir(), 'wt');
    repo.git(['worktree', 'add', '-q', '-b', 'wt', wt]);
    const wtRepo = { ...repo, dir: wt };
    fs.writeFileSync(path.join(wt, H), noHealth(base[H]));
    const add = repo.tryGit(['-C', wt, 'add', H]);
    expect(add.status).toBe(0);
    const r = repo.tryGit(['-C', wt, 'commit', '-q', '-m', 'wt drift']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('VM 302 (monitoring)');
    expect(wtRepo.dir).toBe(wt);
    // The main worktree's index is untouched by the worktree's staging.
    expect(repo.git(['diff', '--cached', '--name-only'])).toBe('');
  });

  test('no global git identity: the hook still runs (git refuses the commit for its own reason only after)', () => {
    const repo = makeRepo(base, { commit: false, identity: false });
    runBuilt(['init', '--no-husky'], repo.dir);
    repo.git(['add', '-A']);
    const r = runBuilt(['hook', 'pre-commit'], repo.dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/✔ 11 gates: 11 passed/);
    stageEdit(repo, S, (t) => t.replace(/ {4}- id: "monitoring"\n(?: {6}.*\n)+/, ''));
    expect(runBuilt(['hook', 'pre-commit'], repo.dir).status).toBe(1);
  });
});

describe('init with husky when package.json sits in a subfolder of the repository', () => {
  test('hooks enter the folder, prepare points husky at it, and a real commit is checked', () => {
    const bin = builtCli();
    const sub = 'infra';
    const files = Object.fromEntries(Object.entries(base).map(([k, v]) => [`${sub}/${k}`, v]));
    const repo = makeRepo({
      ...files,
      [`${sub}/package.json`]: '{\n  "name": "estate",\n  "private": true\n}\n',
      'README.md': 'monorepo\n',
    });
    // What `npm install spine-hooks` would put on the PATH husky gives hooks (node_modules/.bin).
    void bin;
    installBins(path.join(repo.dir, sub));
    const r = runBuilt(['init'], path.join(repo.dir, sub));
    expect(r.status).toBe(0);
    expect(repo.read(`${sub}/.husky/pre-commit`)).toBe(
      `${NODE_GUARD}\n${binGuard('spine-hooks-hook', 'infra')}\n(cd infra && spine-hooks-hook pre-commit)\n`,
    );
    expect(repo.read(`${sub}/.gitignore`)).toBe('node_modules/\n');
    expect(JSON.parse(repo.read(`${sub}/package.json`)).scripts.prepare).toBe('cd .. && husky infra/.husky');
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('infra/.husky/_');
    repo.write({ [`${sub}/${H}`]: noHealth(base[H]) });
    repo.git(['add', '-A', sub]);
    repo.git(['reset', '-q', '--', `${sub}/node_modules`]);
    const c = repo.tryGit(['commit', '-q', '-m', 'drift in the subfolder']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  });
});

describe('init with husky in a repository that just became a Node project', () => {
  /** The example, after `npm install --save-dev spine-hooks husky` made package.json and node_modules, then `spine-hooks init`. */
  function adopted(): Repo {
    const repo = makeRepo(base);
    repo.write({ 'package.json': '{\n  "name": "estate",\n  "private": true\n}\n' });
    installBins(repo.dir);
    const r = runBuilt(['init'], repo.dir);
    expect(r).toMatchObject({ status: 0 });
    return repo;
  }

  test('node_modules/ is ignored, the hook scripts keep LF line ends in a core.autocrlf=true clone', () => {
    const repo = adopted();
    expect(repo.read('.gitignore')).toBe('node_modules/\n');
    expect(repo.read('.gitattributes')).toContain('/.husky/* text eol=lf\n');
    repo.git(['add', '-A']);
    expect(repo.git(['ls-files', 'node_modules'])).toBe('');
    repo.git(['commit', '-q', '--no-verify', '-m', 'spine-hooks']);
    const clone = tempDir();
    repo.git(['-c', 'core.autocrlf=true', 'clone', '-q', '--config', 'core.autocrlf=true', repo.dir, clone]);
    for (const hook of ['pre-commit', 'pre-push', 'commit-msg']) {
      expect(fs.readFileSync(path.join(clone, '.husky', hook), 'utf8')).not.toContain('\r');
    }
    // Run again, nothing changes; a project that already ignores node_modules is left alone.
    expect(runBuilt(['init'], repo.dir).stdout).toBe('spine-hooks: hooks already installed, nothing changed\n');
  });

  test("a hook an earlier version installed gets the new guard lines where they belong, its old guard's pointer replaced", () => {
    const repo = makeRepo(base);
    repo.write({ 'package.json': '{\n  "name": "estate",\n  "private": true\n}\n' });
    installBins(repo.dir);
    const old = NODE_GUARD.replace('(spine-hooks explain hooks)', '(docs/hooks.md)');
    repo.write({ '.husky/pre-commit': `echo team\n${old}\nspine-hooks-hook pre-commit\n` });
    expect(runBuilt(['init'], repo.dir).status).toBe(0);
    expect(repo.read('.husky/pre-commit')).toBe(`echo team\n${NODE_GUARD}\n${binGuard('spine-hooks-hook')}\nspine-hooks-hook pre-commit\n`);
  });

  test('a hook whose program is gone (node_modules deleted) says to run npm install, and still refuses', () => {
    const repo = adopted();
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'spine-hooks']);
    fs.rmSync(path.join(repo.dir, 'node_modules'), { recursive: true });
    stageEdit(repo, H, noHealth);
    const c = commit(repo, ['-m', 'drift without node_modules']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain(
      'spine-hooks: spine-hooks-hook is not installed (node_modules is missing or incomplete): run npm install.',
    );
    expect(c.stdout + c.stderr).not.toMatch(/not found/);
    expect(repo.git(['log', '--format=%s'])).toBe('spine-hooks\ninitial estate\n');
    addRemote(repo);
    const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain(
      'spine-hooks: spine-hooks is not installed (node_modules is missing or incomplete): run npm install.',
    );
  });
});
