import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, hookedRepo, runBuilt, addRemote, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { sha256 } from '../../src/cache/DiskStore';
import { macOf } from '../../src/cache/cacheKey';
import { H } from '../helpers/paths';

/**
 * docs/security.md, "What a local step can write under .git": the verdict cache, the parse cache and
 * the hook script's gated-path list are authenticated with the user's key (kept outside every
 * repository). A forged, edited or copied entry is a miss, so neither `ci`, pre-push, `--all` nor
 * the pre-commit hook takes a pass from it.
 */
const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
const DRIFT = 'VM 302 (monitoring): missing from ops/bindings/services.health.yaml';

const cacheDirs = (repo: Repo, kind: 'results' | 'cache') => {
  const dir = path.join(repo.dir, '.git', 'spine-hooks', kind);
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((d) => path.join(dir, d)) : [];
};
const entryFiles = (repo: Repo, kind: 'results' | 'cache') =>
  cacheDirs(repo, kind).flatMap((d) => fs.readdirSync(d).map((f) => path.join(d, f)));

/** Every cached verdict turned into a pass, sealed as a forger can: a plain hash, or a MAC under another key. */
function forgeVerdicts(repo: Repo, seal: (body: string) => string): number {
  const files = entryFiles(repo, 'results');
  for (const f of files) {
    const raw = fs.readFileSync(f, 'utf8');
    const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { result: { status: string; findings: unknown[] } };
    entry.result.status = 'pass';
    entry.result.findings = [];
    const body = JSON.stringify(entry);
    fs.writeFileSync(f, `${seal(body)}\n${body}`);
  }
  return files.length;
}
const plainHash = (body: string) => sha256(body);
const otherKey = (body: string) => macOf(body, Buffer.from(`${crypto.randomBytes(32).toString('hex')}\n`));

/** The drift committed past the hooks, with the verdict cache filled by `--all` on that tree. */
function driftWithCache(): Repo {
  const repo = makeRepo(base);
  repo.write({ [H]: noHealth(base[H]) });
  repo.git(['commit', '-q', '--no-verify', '-am', 'drop probes']);
  expect(runBuilt(['--all'], repo.dir).status).toBe(1);
  return repo;
}

describe.each([
  ['a recomputed plain hash', plainHash],
  ['a MAC under another key (a copied cache)', otherKey],
])('a verdict forged to pass with %s', (_name, seal) => {
  test('is a miss for --all and ci', () => {
    const repo = driftWithCache();
    expect(forgeVerdicts(repo, seal)).toBeGreaterThan(3);
    const all = runBuilt(['--all'], repo.dir);
    expect(all.status).toBe(1);
    expect(all.stdout).toContain(DRIFT);
    expect(forgeVerdicts(repo, seal)).toBeGreaterThan(3);
    const ci = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain(DRIFT);
  });

  test('is a miss for pre-push', () => {
    const repo = hookedRepo(base);
    addRemote(repo);
    repo.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drop probes']);
    expect(runBuilt(['--all'], repo.dir).status).toBe(1);
    expect(forgeVerdicts(repo, seal)).toBeGreaterThan(3);
    const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain(DRIFT);
  });
});

test("the key holder's own entries are hits (the cache still works)", () => {
  const repo = driftWithCache();
  const n = entryFiles(repo, 'results').length;
  expect(n).toBeGreaterThan(3);
  // Only the entries' time changes on a second run: nothing new is evaluated and written.
  const before = new Set(entryFiles(repo, 'results'));
  expect(runBuilt(['--all'], repo.dir).status).toBe(1);
  expect(new Set(entryFiles(repo, 'results'))).toEqual(before);
});

test('a parse forged to hide the drift is a miss for the pre-commit hook', () => {
  const repo = hookedRepo(base);
  repo.write({ [H]: noHealth(base[H]) });
  repo.git(['add', H]);
  expect(repo.tryGit(['commit', '-q', '-m', 'drop probes']).status).not.toBe(0);
  // The staged blob's parse, replaced by the parse of the clean file (what a forger wants read).
  const blob = repo.git(['rev-parse', `:${H}`]).trim();
  const [entry] = entryFiles(repo, 'cache').filter((f) => path.basename(f) === `${blob}.json`);
  expect(entry).toBeDefined();
  const raw = fs.readFileSync(entry, 'utf8');
  const forged = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { data: unknown };
  forged.data = JSON.parse(JSON.stringify(forged.data).replace(/monitoring-old/g, 'monitoring'));
  for (const seal of [plainHash, otherKey]) {
    const body = JSON.stringify(forged);
    fs.writeFileSync(entry, `${seal(body)}\n${body}`);
    fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'results'), { recursive: true, force: true });
    const c = repo.tryGit(['commit', '-q', '-m', 'drop probes']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain(DRIFT);
  }
});

test('a gated-path list rewritten to match nothing does not let a gated change through without node', () => {
  const repo = hookedRepo(base);
  repo.write({ 'README.md': 'estate\n' });
  repo.git(['add', 'README.md']);
  expect(repo.tryGit(['commit', '-q', '-m', 'readme']).status).toBe(0);
  const list = path.join(repo.dir, '.git', 'spine-hooks', 'gated-paths');
  const lines = fs.readFileSync(list, 'utf8').split('\n');
  expect(lines[1]).toMatch(/^mac [0-9a-f]{64}$/);
  // The header kept (so the list looks current), every pattern replaced by one that matches nothing.
  const header = lines.slice(0, 6);
  for (const mac of [lines[1], `mac ${sha256('x')}`]) {
    fs.writeFileSync(list, [header[0], mac, ...header.slice(2), 'nothing/matches/this', ''].join('\n'));
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    const c = repo.tryGit(['commit', '-q', '-m', 'drop probes']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain('Commit blocked by D69');
  }
});

test('a CI job that restores .git/spine-hooks from a shared cache gets the verdict of a fresh clone', () => {
  const dev = driftWithCache();
  forgeVerdicts(dev, otherKey);
  const fresh = (dir: string) => makeRepo({}, { dir, commit: false });
  const clone = (withCache: boolean) => {
    const dir = tempDir();
    dev.git(['clone', '-q', dev.dir, dir]);
    if (withCache) fs.cpSync(path.join(dev.dir, '.git', 'spine-hooks'), path.join(dir, '.git', 'spine-hooks'), { recursive: true });
    fresh(dir);
    // The runner's own key, in its own home.
    return runBuilt(['ci', '--from', 'HEAD~1', '--format', 'json'], dir, { XDG_CACHE_HOME: tempDir() });
  };
  const strip = (out: string) => out.replace(/"durationMs":\s*[\d.]+/g, '');
  const restored = clone(true);
  const clean = clone(false);
  expect(restored.status).toBe(1);
  expect(strip(restored.stdout)).toBe(strip(clean.stdout));
});

describe('the cache folder', () => {
  test('a symlinked spine-hooks folder is not followed: nothing is read or written through it', () => {
    const repo = makeRepo({ ...base, [H]: noHealth(base[H]) });
    const elsewhere = tempDir();
    fs.symlinkSync(elsewhere, path.join(repo.dir, '.git', 'spine-hooks'));
    const r = runBuilt(['--all'], repo.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(DRIFT);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  test('pruning removes only entries spine-hooks wrote, never what other tools keep beside them', () => {
    const repo = makeRepo(base);
    const cacheRoot = path.join(repo.dir, '.git', 'spine-hooks', 'cache');
    // Another tool's folder and file beside ours, and an old version's folder holding a foreign file.
    fs.mkdirSync(path.join(cacheRoot, 'other-tool'), { recursive: true });
    fs.writeFileSync(path.join(cacheRoot, 'other-tool', 'keep.db'), 'x');
    fs.mkdirSync(path.join(cacheRoot, 'v0.0.1'), { recursive: true });
    fs.writeFileSync(path.join(cacheRoot, 'v0.0.1', 'notes.txt'), 'x');
    fs.writeFileSync(path.join(cacheRoot, 'v0.0.1', 'abcdef.json'), 'old entry');
    fs.mkdirSync(path.join(cacheRoot, 'v0.0.2'), { recursive: true });
    fs.writeFileSync(path.join(cacheRoot, 'v0.0.2', '0123.json'), 'old entry');
    // Versions nothing wrote to for two days (a version in use keeps its folder: DiskStore.prune).
    const old = Date.now() / 1000 - 2 * 24 * 3600;
    for (const v of ['v0.0.1', 'v0.0.2']) fs.utimesSync(path.join(cacheRoot, v), old, old);
    expect(runBuilt(['--all'], repo.dir).status).toBe(0);
    expect(fs.readFileSync(path.join(cacheRoot, 'other-tool', 'keep.db'), 'utf8')).toBe('x');
    expect(fs.readdirSync(path.join(cacheRoot, 'v0.0.1'))).toEqual(['notes.txt']);
    // A folder that held only our entries is gone.
    expect(fs.existsSync(path.join(cacheRoot, 'v0.0.2'))).toBe(false);
  });
});

describe('the key', () => {
  const verdict = (env: NodeJS.ProcessEnv) => {
    const repo = makeRepo({ ...base, [H]: noHealth(base[H]) });
    const r = runBuilt(['--all'], repo.dir, env);
    return {
      status: r.status,
      drift: r.stdout.includes(DRIFT),
      cached: entryFiles(repo, 'results').length + entryFiles(repo, 'cache').length,
    };
  };

  test("is made on first use, private, in the user's cache folder", () => {
    const home = tempDir();
    expect(verdict({ XDG_CACHE_HOME: home })).toMatchObject({ status: 1, drift: true });
    const key = path.join(home, 'spine-hooks', 'key');
    expect(fs.readFileSync(key, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(fs.statSync(key).mode & 0o077).toBe(0);
  });

  test.each([
    ['a link', (key: string) => fs.symlinkSync(path.join(tempDir({ k: `${'a'.repeat(64)}\n` }), 'k'), key)],
    ['readable by others', (key: string) => fs.writeFileSync(key, `${'a'.repeat(64)}\n`, { mode: 0o644 })],
    ['not a key', (key: string) => fs.writeFileSync(key, 'short\n', { mode: 0o600 })],
  ])('that is %s is not used: same verdict, nothing cached', (_n, plant) => {
    const home = tempDir();
    fs.mkdirSync(path.join(home, 'spine-hooks'), { mode: 0o700 });
    plant(path.join(home, 'spine-hooks', 'key'));
    expect(verdict({ XDG_CACHE_HOME: home })).toEqual({ status: 1, drift: true, cached: 0 });
  });

  test('without a home there is no cache and the same verdict', () => {
    expect(verdict({ HOME: '', XDG_CACHE_HOME: '' })).toEqual({ status: 1, drift: true, cached: 0 });
  });
});
