import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { makeRepo, runBuilt, builtCli, installBins, cleanEnv, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { cookbookConfig } from '../helpers/cookbook';
import { prepare } from '../../src/run';
import { gatedPatterns, sha256Of } from '../../src/hooks/gatedPaths';
import { selectGates } from '../../src/impact/selectGates';
import { H, L, EXAMPLE_DIR, PACKAGE_JSON, CONFIG, LOG, BASELINE, atRoot } from '../helpers/paths';

/**
 * The pre-commit decision without node (hooks/gate-free.sh + src/hooks/gatedPaths.ts): a commit
 * that stages nothing any gate reads is passed by the hook script alone; everything else, and every
 * doubt, runs node. Node's runs are seen through a `node` on the PATH that logs each start.
 */

const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
const NOTHING = (n: number) => `spine-hooks: ${n} staged path${n === 1 ? '' : 's'}, none read by a gate: nothing to check`;

/** A PATH whose `node` logs each start to `log` before running the real one. */
function spyPath(): { PATH: string; log: string } {
  const dir = tempDir();
  const log = path.join(dir, 'node-starts.log');
  fs.writeFileSync(path.join(dir, 'node'), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
  return { PATH: `${dir}${path.delimiter}${process.env.PATH}`, log };
}
const starts = (log: string) => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

/** A PATH with what the hook script uses (git, and sha256sum to authenticate the list) and no node at all. */
function nodelessPath(): string {
  const dir = tempDir();
  for (const tool of ['git', 'sha256sum']) {
    const which = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(which, path.join(dir, tool));
  }
  return dir;
}

function hooked(files: Record<string, string> = base): Repo {
  builtCli();
  const repo = makeRepo(files, { commit: false });
  expect(runBuilt(['init', '--no-husky'], repo.dir).status).toBe(0);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'initial estate']);
  return repo;
}

/** Commits through the hooks with a spying PATH: status, output, and how many times node started. */
function commitSpied(repo: Repo, args: string[], env: NodeJS.ProcessEnv = {}) {
  const spy = spyPath();
  const r = repo.tryGit(['commit', '-q', ...args], { env: { PATH: spy.PATH, ...env } });
  return { status: r.status, out: r.stdout + r.stderr, nodeStarts: starts(spy.log) };
}

/** A README-only commit, made once with node so that the list exists and HEAD's own change is gate-free. */
function primed(files: Record<string, string> = base): Repo {
  const repo = hooked(files);
  repo.write({ 'README.md': 'estate\n' });
  repo.git(['add', 'README.md']);
  const first = commitSpied(repo, ['-m', 'readme']);
  expect(first).toMatchObject({ status: 0, nodeStarts: 1 });
  expect(first.out).toContain(NOTHING(1));
  expect(fs.existsSync(path.join(repo.dir, '.git', 'spine-hooks', 'gated-paths'))).toBe(true);
  return repo;
}

/** A gate (configuration lines) validating the files of these globs against the lifecycle schema. */
function schemaGate(id: string, globs: string[]): string {
  return [
    `  - id: ${id}`,
    '    name: schema-globs',
    '    description: Files of the globs follow the lifecycle schema.',
    '    severity: error',
    '    lanes: [infra]',
    '    fix_hint: Fix the file.',
    '    rules:',
    '      - kind: schema',
    '        files:',
    ...globs.map((g) => `          - { glob: "${g}", schema: vm.lifecycle.schema.json }`),
    '',
  ].join('\n');
}

let n = 0;
const touchReadme = (repo: Repo) => {
  repo.write({ 'README.md': `estate ${n++}\n` });
  repo.git(['add', 'README.md']);
};

describe('a commit that stages nothing any gate reads', () => {
  test('is passed by the hook script without node, with what node prints', () => {
    const repo = primed();
    touchReadme(repo);
    repo.write({ 'notes/a.txt': 'a\n' });
    repo.git(['add', 'notes/a.txt']);
    const r = commitSpied(repo, ['-m', 'notes']);
    expect(r).toMatchObject({ status: 0, nodeStarts: 0 });
    expect(r.out.trim()).toBe(NOTHING(2));
    // Not even on the PATH: the decision needs git and the tool that authenticates the list.
    touchReadme(repo);
    const bare = repo.tryGit(['commit', '-q', '-m', 'readme without node'], { env: { PATH: nodelessPath() } });
    expect(bare.status).toBe(0);
    expect(bare.stdout + bare.stderr).toContain(NOTHING(1));
    // `git commit -a` and `git commit <path>` (temporary indexes, absolute GIT_INDEX_FILE) too.
    repo.write({ 'README.md': 'estate -a\n' });
    expect(commitSpied(repo, ['-a', '-m', 'readme -a'])).toMatchObject({ status: 0, nodeStarts: 0 });
    repo.write({ 'README.md': 'estate only\n' });
    expect(commitSpied(repo, ['-m', 'readme only', '--', 'README.md'])).toMatchObject({ status: 0, nodeStarts: 0 });
  });

  test('at the top level of a plain repository, asks git no rev-parse for where it is', () => {
    const repo = primed();
    touchReadme(repo);
    // git's own trace names every git process the hook starts (git puts its own folder first on a hook's PATH).
    const log = path.join(tempDir(), 'git-trace.log');
    const r = repo.tryGit(['commit', '-q', '-m', 'readme'], { env: { GIT_TRACE: log } });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toContain(NOTHING(1));
    // The pre-commit hook's: staged paths, the configuration's blob, HEAD's own change; where it is, it knows.
    const calls = [...fs.readFileSync(log, 'utf8').matchAll(/trace: built-in: git (.*)/g)].map((m) => m[1]);
    expect(calls.filter((c) => c.includes('--show-toplevel'))).toEqual([]);
    const hook = calls.slice(
      calls.findIndex((c) => c.startsWith('commit ')) + 1,
      calls.findIndex((c) => c.includes('commit-msg.pending')),
    );
    expect(hook).toEqual([
      expect.stringContaining('diff --cached --name-only'),
      expect.stringContaining('rev-parse -q --verify :'),
      expect.stringContaining('diff --name-only --no-renames --no-relative HEAD^1 HEAD'),
    ]);
  });

  test('drift in a gated file still runs node and is refused, also through -a and <path>', () => {
    const repo = primed();
    repo.write({ [H]: noHealth(base[H]) });
    let r = commitSpied(repo, ['-a', '-m', 'drop probes']);
    expect(r.status).not.toBe(0);
    expect(r.nodeStarts).toBe(1);
    expect(r.out).toContain('Commit blocked by D69');
    r = commitSpied(repo, ['-m', 'drop probes', '--', H]);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('Commit blocked by D69');
    repo.git(['add', H]);
    touchReadme(repo);
    r = commitSpied(repo, ['-m', 'readme and probes']);
    expect(r).toMatchObject({ nodeStarts: 1 });
    expect(r.status).not.toBe(0);
  });
});

describe('every change a gate could read runs node', () => {
  const cases: Array<[string, (repo: Repo) => void, 'pass' | 'block']> = [
    ['a staged edit of a gated file', (repo) => (repo.write({ [L]: `${base[L]}\n# note\n` }), repo.git(['add', L])), 'pass'],
    ['a rename of a gated file', (repo) => repo.git(['mv', H, 'ops/bindings/health.yaml']), 'block'],
    ['a deletion of a gated file', (repo) => repo.git(['rm', '-q', H]), 'block'],
    // Lowering a gate's severity weakens it: governance refuses it (docs/overrides.md).
    [
      'the configuration file, added',
      (repo) => (repo.write({ [CONFIG]: 'gates:\n  D54:\n    severity: warn\n' }), repo.git(['add', 'spine-hooks.config.yaml'])),
      'block',
    ],
    [
      'the baseline',
      (repo) => (repo.write({ [BASELINE]: '{"version":1,"entries":[]}\n' }), repo.git(['add', '.spine-hooks/baseline.json'])),
      'pass',
    ],
    ['the override log', (repo) => (repo.write({ [LOG]: '{"broken"\n' }), repo.git(['add', '.spine-hooks/overrides.jsonl'])), 'block'],
    [
      'a path with a quote in its name (git quotes it)',
      (repo) => (repo.write({ 'notes/"q".txt': 'q\n' }), repo.git(['add', 'notes'])),
      'pass',
    ],
  ];
  test.each(cases)('%s', (_name, change, verdict) => {
    const repo = primed();
    change(repo);
    touchReadme(repo);
    const r = commitSpied(repo, ['-m', 'change']);
    expect(r.nodeStarts).toBe(1);
    if (verdict === 'pass') expect(r.status).toBe(0);
    else expect(r.status).not.toBe(0);
  });

  test('a new file matching a configured glob, a gate module and its code', () => {
    const gate = `module.exports = { meta: { reads: ['vms'] }, check() { return []; } };\n`;
    const config = `add_gates:\n${schemaGate('D1001', ['ops/extra/**/*.lifecycle.yaml'])}${[
      '  - id: D1002',
      '    name: custom',
      '    description: A module gate.',
      '    severity: error',
      '    lanes: [infra]',
      '    fix_hint: Fix it.',
      '    module: ./gates/custom.js',
      '    reads: [vms]',
      '',
    ].join('\n')}`;
    const repo = primed({ ...base, [CONFIG]: config, 'gates/custom.js': gate });
    const list = fs.readFileSync(path.join(repo.dir, '.git', 'spine-hooks', 'gated-paths'), 'utf8');
    expect(list).toContain('\nops/extra/**.lifecycle.yaml\n');
    expect(list).toContain('\ngates/custom.js\n');
    // A glob match at any depth, including none (`**/` may be no folder).
    for (const file of ['ops/extra/a.lifecycle.yaml', 'ops/extra/x/y/b.lifecycle.yaml']) {
      repo.write({ [file]: 'not: [valid\n' });
      repo.git(['add', file]);
      const r = commitSpied(repo, ['-m', file]);
      expect(r.nodeStarts).toBe(1);
      expect(r.status).not.toBe(0);
      repo.git(['rm', '-q', '--cached', file]);
      fs.rmSync(path.join(repo.dir, file));
    }
    repo.write({ 'gates/custom.js': gate.replace('return []', 'return [] /* edited */') });
    repo.git(['add', 'gates/custom.js']);
    // Changed module code cannot be compared: governance asks for an override (node decides that).
    const r = commitSpied(repo, ['-m', 'module']);
    expect(r).toMatchObject({ status: 1, nodeStarts: 1 });
    expect(r.out).toContain('D1002 custom is weakened: its module gates/custom.js changed');
  });

  test('a stale list: another spine-hooks, another registry, a configuration changed without the hook', () => {
    const repo = primed();
    const listFile = path.join(repo.dir, '.git', 'spine-hooks', 'gated-paths');
    const good = fs.readFileSync(listFile, 'utf8');
    const otherInstall = path.join(tempDir(), 'package.json');
    fs.copyFileSync(PACKAGE_JSON, otherInstall);
    for (const stale of [
      good.replace(/^package ([0-9a-f])/m, (_m, c: string) => `package ${c === '0' ? '1' : '0'}`),
      good.replace(/^registry ([0-9a-f])/m, (_m, c: string) => `registry ${c === '0' ? '1' : '0'}`),
      good.replace(/^spine-hooks gated paths v2/, 'spine-hooks gated paths v1'),
      good.replace(/^root .*$/m, ''),
      // Another install of spine-hooks (same files, another place) may know other gates.
      good.replace(/^(package [0-9a-f]+) .*$/m, (_m, head: string) => `${head} ${otherInstall}`),
      '',
    ]) {
      fs.writeFileSync(listFile, stale);
      touchReadme(repo);
      expect(commitSpied(repo, ['-m', 'stale list'])).toMatchObject({ status: 0, nodeStarts: 1 });
      // Node wrote the list afresh.
      expect(fs.readFileSync(listFile, 'utf8')).toBe(good);
    }
    // A configuration that drops every gate, committed past the hooks, then a README-only commit:
    // the index's configuration is not the one the list was made from.
    repo.write({ [CONFIG]: 'gates:\n  D69:\n    severity: off\n' });
    repo.git(['add', 'spine-hooks.config.yaml']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'config past the hooks']);
    touchReadme(repo);
    expect(commitSpied(repo, ['-m', 'readme'])).toMatchObject({ nodeStarts: 1 });
  });

  test('an amend that stages only a README of a commit that drifted past the hooks is refused', () => {
    const repo = primed();
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    repo.git(['commit', '-q', '--no-verify', '-m', 'drift past the hooks']);
    touchReadme(repo);
    const r = commitSpied(repo, ['--amend', '-m', 'drift, amended']);
    expect(r.nodeStarts).toBe(1);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('Commit blocked by D69');
  });

  test.each([
    ['SPINE_OVERRIDE', 'D69'],
    ['SPINE_HOOKS', '0'],
    ['SKIP', 'spine-hooks'],
    ['SPINE_HOOKS_DEBUG', '1'],
  ])('%s in the environment', (name, value) => {
    const repo = primed();
    touchReadme(repo);
    const r = commitSpied(repo, ['-m', 'readme'], {
      [name]: value,
      SPINE_OVERRIDE_REASON: name === 'SPINE_OVERRIDE' ? 'testing the fast path' : undefined,
    });
    expect(r.nodeStarts).toBeGreaterThanOrEqual(1);
  });

  test('an SSOT in a subfolder (core.hooksPath): paths outside it are free, paths in it are not', () => {
    const files = Object.fromEntries(Object.entries(base).map(([k, v]) => [`infra/${k}`, v]));
    // The configuration file marks the SSOT root (init records it: git config spine-hooks.root).
    const repo = makeRepo({ ...files, 'infra/spine-hooks.config.yaml': 'add_gates: []\n', 'README.md': 'monorepo\n' }, { commit: false });
    expect(runBuilt(['init', '--no-husky'], path.join(repo.dir, 'infra')).status).toBe(0);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'initial']);
    repo.write({ 'README.md': 'monorepo 1\n' });
    repo.git(['add', 'README.md']);
    expect(commitSpied(repo, ['-m', 'readme'])).toMatchObject({ status: 0, nodeStarts: 1 });
    expect(fs.readFileSync(path.join(repo.dir, '.git', 'spine-hooks', 'gated-paths'), 'utf8')).toContain(
      '\ninfra/ops/bindings/services.health.yaml\n',
    );
    // A README at the top and one in infra/: node counts the staged paths under the root (1).
    repo.write({ 'README.md': 'monorepo 2\n', 'infra/README.md': 'infra\n' });
    repo.git(['add', 'README.md', 'infra/README.md']);
    const free = commitSpied(repo, ['-m', 'readmes']);
    expect(free).toMatchObject({ status: 0, nodeStarts: 0 });
    expect(free.out.trim()).toBe(NOTHING(1));
    repo.write({ [`infra/${H}`]: noHealth(base[H]) });
    repo.git(['add', `infra/${H}`]);
    const r = commitSpied(repo, ['-m', 'drift']);
    expect(r.nodeStarts).toBe(1);
    expect(r.out).toContain('Commit blocked by D69');
    // A path named like a gated file but outside the root is free.
    repo.git(['reset', '-q']);
    repo.write({ [H]: 'elsewhere\n' });
    repo.git(['add', H]);
    expect(commitSpied(repo, ['-m', 'not the estate'])).toMatchObject({ status: 0, nodeStarts: 0 });
  });

  test('husky, package in a subfolder: the hook line enters it and the relative GIT_INDEX_FILE still resolves', () => {
    const files = Object.fromEntries(Object.entries(base).map(([k, v]) => [`infra/${k}`, v]));
    const repo = makeRepo({
      ...files,
      'infra/package.json': '{\n  "name": "estate",\n  "private": true\n}\n',
      'README.md': 'monorepo\n',
      '.gitignore': 'node_modules/\n',
    });
    installBins(path.join(repo.dir, 'infra'));
    expect(runBuilt(['init'], path.join(repo.dir, 'infra')).status).toBe(0);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'husky']);
    repo.write({ 'README.md': 'monorepo 1\n' });
    repo.git(['add', 'README.md']);
    expect(commitSpied(repo, ['-m', 'readme'])).toMatchObject({ status: 0, nodeStarts: 1 });
    repo.write({ 'README.md': 'monorepo 2\n' });
    repo.git(['add', 'README.md']);
    expect(commitSpied(repo, ['-m', 'readme'])).toMatchObject({ status: 0, nodeStarts: 0 });
    repo.write({ [`infra/${H}`]: noHealth(base[H]) });
    repo.git(['add', `infra/${H}`]);
    const r = commitSpied(repo, ['-m', 'drift']);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('Commit blocked by D69');
  });

  test('a merge bringing a gated change runs node (pre-merge-commit)', () => {
    const repo = primed();
    repo.git(['checkout', '-q', '-b', 'side']);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    repo.git(['commit', '-q', '--no-verify', '-m', 'drift on a side branch']);
    repo.git(['checkout', '-q', 'main']);
    touchReadme(repo);
    repo.git(['commit', '-q', '--no-verify', '-m', 'readme on main']);
    const spy = spyPath();
    const r = repo.tryGit(['merge', '--no-ff', '-q', '-m', 'merge side', 'side'], { env: { PATH: spy.PATH } });
    expect(starts(spy.log)).toBe(1);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('Commit blocked by D69');
  });
});

describe('the list covers every path that selects a gate', () => {
  /** For each path, whether the shell's `case` matches it against a pattern (dash and bash alike). */
  function shellMatches(shell: string, patterns: string[], paths: string[]): boolean[] {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'patterns'), patterns.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'paths'), paths.join('\n') + '\n');
    const script =
      `set -f; pats=$(cat patterns); IFS='\n'; ` +
      `while IFS= read -r p; do hit=0; for pat in $pats; do case $p in $pat) hit=1; break ;; esac; done; echo $hit; done < paths`;
    const r = spawnSync(shell, ['-c', script], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
    expect(r.status).toBe(0);
    return r.stdout
      .trim()
      .split('\n')
      .map((l) => l === '1');
  }

  const globConfig = `add_gates:\n${schemaGate('D1003', ['ops/**/*.lifecycle.yaml', 'sites/{home,shop}/*.yaml', 'ops/v?/[ab]*.yaml', '**/*.svc.yaml'])}`;
  const candidates = [
    ...Object.keys(base),
    'ops/x.lifecycle.yaml',
    'ops/a/b/c.lifecycle.yaml',
    'ops/lifecycle.yaml',
    'sites/home/a.yaml',
    'sites/shop/b.yaml',
    'sites/other/c.yaml',
    'ops/v1/a1.yaml',
    'ops/v1/c1.yaml',
    'ops/v12/a.yaml',
    'a.svc.yaml',
    'deep/er/b.svc.yaml',
    '.hidden/x.svc.yaml',
    'README.md',
    'docs/x.md',
    'spine-hooks.config.yaml',
    '.spine-hooks/baseline.json',
    'docs/governance/SERVICE_REGISTRY.yaml',
    'ops/bindings/new.yaml',
  ];

  test.each([
    ['the shipped registry', ''],
    ['the cookbook', cookbookConfig()],
    ['globs of every kind', globConfig],
  ])('%s', (_name, configText) => {
    const p = prepare({ cwd: EXAMPLE_DIR, configText: configText || null });
    for (const prefix of ['', 'in[fra]/']) {
      const patterns = gatedPatterns(p, 'spine-hooks.config.yaml', prefix);
      const paths = candidates.map((c) => `${prefix}${c}`);
      const selecting = candidates.map((c) => selectGates(p.selected, p.loaded.registry, [c], [CONFIG]).length > 0);
      expect(selecting.filter(Boolean).length).toBeGreaterThan(5);
      for (const shell of ['sh', 'bash']) {
        const hits = shellMatches(shell, patterns, paths);
        const missed = candidates.filter((_c, i) => selecting[i] && !hits[i]);
        expect({ shell, prefix, missed }).toEqual({ shell, prefix, missed: [] });
      }
      // Outside the root nothing is gated by a literal path.
      if (prefix) expect(shellMatches('sh', patterns, [H])).toEqual([false]);
    }
  });
});

test("the list's digests are sha256sum's", () => {
  for (const file of [PACKAGE_JSON, atRoot('bindings', 'gate.registry.yaml')]) {
    expect(sha256Of(file)).toBe(spawnSync('sha256sum', [file], { encoding: 'utf8' }).stdout.split(' ')[0]);
  }
  expect(sha256Of(path.join(tempDir(), 'absent'))).toBe('unreadable');
});
