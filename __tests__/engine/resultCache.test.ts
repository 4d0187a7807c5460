import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, runBuilt, hookedRepo, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { cacheKey, macOf } from '../../src/cache/cacheKey';
import { H, BUILD_ID_FILE, L } from '../helpers/paths';

/**
 * Gate verdicts cached on disk (src/engine/ResultCache.ts), through the built CLI (a build has an id;
 * sources do not cache verdicts). A cached verdict is the verdict: the same report as a fresh run,
 * never a stale one when an input changed, never a wrong one from a damaged or misplaced entry.
 */
const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');

const build = () => fs.readFileSync(BUILD_ID_FILE, 'utf8').trim();
const resultsDir = (repo: Repo) => path.join(repo.dir, '.git', 'spine-hooks', 'results', build());
const entries = (repo: Repo) => (fs.existsSync(resultsDir(repo)) ? fs.readdirSync(resultsDir(repo)) : []);
/**
 * Marks every cached verdict with a note (the entry stays well formed: its MAC is recomputed with
 * this user's key, as only its holder can), so a report that shows the note shows a verdict read
 * from the cache rather than evaluated.
 */
function markEntries(repo: Repo): number {
  const dir = resultsDir(repo);
  const names = fs.readdirSync(dir);
  for (const n of names) {
    const raw = fs.readFileSync(path.join(dir, n), 'utf8');
    const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { key: string; result: { note?: string } };
    entry.result.note = 'from the cache';
    const body = JSON.stringify(entry);
    fs.writeFileSync(path.join(dir, n), `${macOf(body, cacheKey()!)}\n${body}`);
  }
  return names.length;
}

/** The JSON report without timings, and the gates whose verdict it says came from the cache. */
const report = (repo: Repo, args: string[] = ['--all']) => {
  const r = runBuilt([...args, '--format', 'json'], repo.dir);
  const json = JSON.parse(r.stdout) as { gates: Array<Record<string, unknown>> };
  const cached = json.gates.filter((g) => g.cached === true).map((g) => String(g.id));
  for (const g of json.gates) {
    delete g.durationMs;
    delete g.cached;
  }
  return { status: r.status, json, cached };
};
const verdicts = (r: ReturnType<typeof report>) => ({ status: r.status, json: r.json });

test('--all: the second run reads every verdict from the cache, reports exactly the same and says so', () => {
  const repo = makeRepo(base);
  const first = report(repo);
  expect(first.cached).toEqual([]);
  const cached = entries(repo);
  expect(cached.length).toBeGreaterThan(5);
  const second = report(repo);
  expect(verdicts(second)).toEqual(verdicts(first));
  expect(second.cached.length).toBe(cached.length);
  // The text report says which verdicts were not evaluated again: on each gate line, and in the verdict line.
  const text = runBuilt(['--all'], repo.dir);
  expect(text.status).toBe(0);
  const lines = text.stdout.split('\n');
  for (const id of second.cached) expect(lines.find((l) => l.startsWith(`PASS  ${id} `))).toMatch(/ ms {2}cached$/);
  expect(lines.filter((l) => / ms {2}cached$/.test(l)).length).toBe(cached.length);
  expect(text.stdout).toContain(`; ${cached.length} verdicts from the cache (inputs unchanged)`);
  // A run with nothing from the cache says nothing about it.
  expect(runBuilt(['--all', '--cwd', makeRepo(base).dir], repo.dir).stdout).not.toMatch(/cached|from the cache/);
  // Every verdict of the next run is a hit: each gate carries the note put into its entry.
  expect(markEntries(repo)).toBe(cached.length);
  const third = report(repo);
  expect(third.json.gates.filter((g) => g.note === 'from the cache').length).toBe(cached.length);
});

test('a changed input is a new key: the drift is reported, not the cached pass', () => {
  const repo = makeRepo(base);
  expect(report(repo).status).toBe(0);
  repo.write({ [H]: noHealth(base[H]) });
  const drift = report(repo);
  expect(drift.status).toBe(1);
  expect(JSON.stringify(drift.json)).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  // Back to the first content: the first verdict again (from the cache), and the same as fresh.
  repo.write({ [H]: base[H] });
  const back = report(repo);
  expect(back.cached.length).toBeGreaterThan(0);
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks'), { recursive: true, force: true });
  expect(verdicts(report(repo))).toEqual(verdicts(back));
  expect(back.status).toBe(0);
});

test('damaged, hand-edited and misplaced entries are misses', () => {
  const repo = makeRepo({ ...base, [H]: noHealth(base[H]) });
  const fresh = report(repo);
  expect(fresh.status).toBe(1);
  const dir = resultsDir(repo);
  const names = fs.readdirSync(dir);
  // A failing verdict turned into a pass, with a hash line that still matches its body: the key it
  // names is another gate's, so it is not used.
  const bodies = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
  const passing = bodies.find((b) => b.includes('"status":"pass"'))!;
  for (const n of names) fs.writeFileSync(path.join(dir, n), passing);
  expect(verdicts(report(repo))).toEqual(verdicts(fresh));
  // Damaged: the hash line no longer matches.
  for (const n of fs.readdirSync(dir)) fs.writeFileSync(path.join(dir, n), bodies[0].replace('"status"', '"STATUS"'));
  const damaged = report(repo);
  expect(verdicts(damaged)).toEqual(verdicts(fresh));
  expect(damaged.cached).toEqual([]);
});

test('the pre-commit verdict on a tree is the one ci finds for the commit made from it', () => {
  const repo = hookedRepo(base);
  // What init wrote (it runs the gates once to offer a baseline) is not what this test is about.
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'results'), { recursive: true, force: true });
  repo.write({ [L]: `${base[L]}\n# note\n` });
  repo.git(['add', '-A']);
  const c = repo.tryGit(['commit', '-q', '-m', 'note']);
  expect(c.status).toBe(0);
  const n = markEntries(repo);
  expect(n).toBeGreaterThan(0);
  // ci judges the commit with the verdicts the hook reached on its tree: every one is a hit.
  const ci = runBuilt(['ci', '--from', 'HEAD~1', '--format', 'json'], repo.dir);
  expect(ci.status).toBe(0);
  expect(ci.stdout.split('from the cache').length - 1).toBe(n);
});
