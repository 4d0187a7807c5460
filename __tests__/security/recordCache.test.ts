import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { makeRepo, runBuilt, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { sha256 } from '../../src/cache/DiskStore';
import { cacheKey, macOf } from '../../src/cache/cacheKey';
import { BUILD_ID_FILE, L } from '../helpers/paths';

/**
 * Passing records kept on disk (src/engine/recordVerdicts.ts, `.git/spine-hooks/records/`) are a
 * speed-up only. An entry that says every record of a drifted estate passes hides the drift when the
 * user's own key seals it (so the forgery below is one that would work), and is a miss when sealed
 * as anyone else can seal it: a plain hash, or a MAC under another key (a copied cache). Damaged
 * entries are misses too; in every case the report is that of a run with no cache at all.
 */
const base = exampleFiles();
const DRIFT = 'monitoring-x';
/** A VM renamed in the lifecycle alone: its touchpoints no longer find it. */
const drifted = (t: string) => t.replace(/^ {4}hostname: monitoring$/m, '    hostname: monitoring-x');

const build = () => fs.readFileSync(BUILD_ID_FILE, 'utf8').trim();
const recordsDir = (repo: Repo) => path.join(repo.dir, '.git', 'spine-hooks', 'records', build());
const entryFiles = (repo: Repo) =>
  fs.existsSync(recordsDir(repo)) ? fs.readdirSync(recordsDir(repo)).map((n) => path.join(recordsDir(repo), n)) : [];

/** The JSON report without timings. */
function report(repo: Repo): { status: number; json: string } {
  const r = runBuilt(['--all', '--format', 'json'], repo.dir);
  return { status: r.status, json: r.stdout.replace(/"durationMs": *[\d.]+/g, '"durationMs":0').replace(/\s*"cached": true,/g, '') };
}

/** The same report from a run that finds no cache at all. */
function uncached(repo: Repo): { status: number; json: string } {
  const keep = path.join(repo.dir, '.git', 'spine-hooks');
  const aside = `${keep}.aside`;
  fs.renameSync(keep, aside);
  try {
    return report(repo);
  } finally {
    fs.rmSync(keep, { recursive: true, force: true });
    fs.renameSync(aside, keep);
  }
}

/** Every VM record of the lifecycle as the engine names it (SHA-256 of its data's JSON, 32 hex digits). */
function vmHashes(text: string): string[] {
  const doc = jsYaml.load(text) as { vms: unknown[] };
  return doc.vms.map((vm) => crypto.createHash('sha256').update(JSON.stringify(vm)).digest('hex').slice(0, 32));
}

/** Every entry rewritten to say that each of `hashes` passes every rule (and counts as checked), sealed by `seal`. */
function forge(repo: Repo, hashes: string[], seal: (body: string) => string): number {
  const files = entryFiles(repo);
  for (const f of files) {
    const raw = fs.readFileSync(f, 'utf8');
    const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { key: string; ids: string; rules: Record<string, string> };
    const known = new Set(entry.ids.match(/.{32}/g) ?? []);
    const added = hashes.filter((h) => !known.has(h));
    entry.ids += added.join('');
    for (const rule of Object.keys(entry.rules)) entry.rules[rule] = `${entry.rules[rule]}${'1'.repeat(added.length)}`;
    const body = JSON.stringify(entry);
    fs.writeFileSync(f, `${seal(body)}\n${body}`);
  }
  return files.length;
}
const ownKey = (body: string) => macOf(body, cacheKey()!);
const plainHash = (body: string) => sha256(body);
const otherKey = (body: string) => macOf(body, Buffer.from(`${crypto.randomBytes(32).toString('hex')}\n`));

/** The clean estate run once (entries kept), then the drift committed past the hooks. */
function driftAfterCleanRun(): Repo {
  const repo = makeRepo(base);
  expect(report(repo).status).toBe(0);
  expect(entryFiles(repo).length).toBeGreaterThan(3);
  repo.write({ [L]: drifted(base[L]) });
  repo.git(['commit', '-q', '--no-verify', '-am', 'rename a VM in one file']);
  return repo;
}

test('the forgery works only under the user key: then it hides the drift (so the tests below test something)', () => {
  const repo = driftAfterCleanRun();
  const honest = report(repo);
  expect(honest.status).toBe(1);
  expect(honest.json).toContain(DRIFT);
  expect(honest).toEqual(uncached(repo));
  // Only results of whole gates would hide what the records say: drop those, keep the forged records.
  forge(repo, vmHashes(drifted(base[L])), ownKey);
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'results'), { recursive: true, force: true });
  expect(report(repo).json).not.toEqual(honest.json);
});

test.each([
  ['a recomputed plain hash', plainHash],
  ['a MAC under another key (a copied cache)', otherKey],
])('passing records forged with %s are a miss: the report is that of a run with no cache', (_name, seal) => {
  const repo = driftAfterCleanRun();
  expect(forge(repo, vmHashes(drifted(base[L])), seal)).toBeGreaterThan(3);
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'results'), { recursive: true, force: true });
  const r = report(repo);
  expect(r.status).toBe(1);
  expect(r).toEqual(uncached(repo));
});

test('damaged, truncated, misplaced or foreign-shaped entries are misses', () => {
  const repo = driftAfterCleanRun();
  const files = entryFiles(repo);
  const bodies = files.map((f) => fs.readFileSync(f, 'utf8'));
  const own = (body: string) => `${ownKey(body)}\n${body}`;
  const damages: Array<(raw: string, i: number) => string> = [
    (raw) => raw.slice(0, raw.length >> 1),
    (raw) => raw.replace(/"ids":"[0-9a-f]/, (m) => `${m.slice(0, -1)}x`),
    // Sealed with the user's key but filed under another entry's name: its key says it is not that entry.
    (_raw, i) => bodies[(i + 1) % bodies.length],
    () => own(JSON.stringify({ key: 'x', ids: '', rules: {} })),
    // Its own key, and lists that are not lists of record hashes.
    (raw) => {
      const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { key: string; rules: Record<string, string> };
      for (const rule of Object.keys(entry.rules)) entry.rules[rule] = 'not flags';
      return own(JSON.stringify(entry));
    },
    (raw) => {
      const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { key: string };
      return own(JSON.stringify({ key: entry.key, ids: '', rules: ['0'] }));
    },
    () => own('{"key":'),
    () => '',
  ];
  for (const damage of damages) {
    files.forEach((f, i) => fs.writeFileSync(f, damage(bodies[i], i)));
    fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'results'), { recursive: true, force: true });
    const r = report(repo);
    expect(r.status).toBe(1);
    expect(r).toEqual(uncached(repo));
  }
});

/**
 * Outcomes of rules that found nothing (src/engine/ruleOutcomes.ts, `.git/spine-hooks/outcomes/`) are
 * a speed-up only too: an entry rewritten to say its rule checked nothing changes the report when the
 * user's own key seals it (so the rewrite is one that would be used), and is a miss when sealed any
 * other way.
 */
test('rule outcomes rewritten and sealed without the user key are misses', () => {
  const repo = makeRepo(base);
  const honest = report(repo);
  expect(honest.status).toBe(0);
  const dir = path.join(repo.dir, '.git', 'spine-hooks', 'outcomes', build());
  const files = fs.readdirSync(dir).map((n) => path.join(dir, n));
  expect(files.length).toBeGreaterThan(2);
  const bodies = files.map((f) => fs.readFileSync(f, 'utf8'));
  const rewrite = (seal: (body: string) => string) =>
    files.forEach((f, i) => {
      const raw = bodies[i];
      const entry = JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { key: string; outcome: Record<string, unknown> };
      const body = JSON.stringify({ key: entry.key, outcome: { checked: 0, empty: 'a forged outcome' } });
      fs.writeFileSync(f, `${seal(body)}\n${body}`);
    });
  const fresh = () => {
    fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'results'), { recursive: true, force: true });
    fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', 'records'), { recursive: true, force: true });
    return report(repo);
  };
  rewrite(ownKey);
  expect(fresh().json).toContain('a forged outcome');
  for (const seal of [plainHash, otherKey]) {
    rewrite(seal);
    const r = fresh();
    expect(r.json).not.toContain('a forged outcome');
    expect(r).toEqual(uncached(repo));
  }
});
