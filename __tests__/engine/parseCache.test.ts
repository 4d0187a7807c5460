import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitParseCache } from '../../src/workspace/ParseCache';
import { SourceFile } from '../../src/workspace/SourceFile';
import { parseMarkdown } from '../../src/workspace/parseMarkdown';
import { parseYaml } from '../../src/workspace/parseYaml';
import { tempDir } from '../helpers/tempDir';
import { makeRepo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { run } from '../../src/run';
import type { RunResult } from '../../src/types';
import { withEdit } from '../helpers/edits';
import { H, L, S } from '../helpers/paths';

/** The parse cache stays bounded: least recently used entries and other versions' folders go. */
test('pruning keeps the recently used entries under the limit and drops versions unused for a day', () => {
  const common = tempDir();
  const old = path.join(common, 'spine-hooks', 'cache', 'v0.0.0-old');
  fs.mkdirSync(old, { recursive: true });
  fs.writeFileSync(path.join(old, 'abc123.json'), 'stale');
  const day = 24 * 60 * 60;
  fs.utimesSync(old, Date.now() / 1000 - day - 60, Date.now() / 1000 - day - 60);
  // Another version in use (written an hour ago: a second install on the same repository) keeps its entries.
  const other = path.join(common, 'spine-hooks', 'cache', 'v0.0.0-other');
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(path.join(other, 'def456.json'), 'in use');
  fs.utimesSync(other, Date.now() / 1000 - 3600, Date.now() / 1000 - 3600);
  const cache = new GitParseCache(common, 4000);
  const ids = Array.from({ length: 8 }, (_, i) =>
    String(i)
      .repeat(40)
      .slice(0, 40)
      .replace(/[^0-9a-f]/g, 'a'),
  );
  const text = (i: number) => `key: ${'v'.repeat(600)}${i}\n`;
  ids.forEach((id, i) => cache.set(id, text(i), { key: `${'v'.repeat(600)}${i}` }));
  const dir = fs
    .readdirSync(path.join(common, 'spine-hooks', 'cache'))
    .map((d) => path.join(common, 'spine-hooks', 'cache', d))
    .filter((d) => d !== other);
  // The first write pruned the unused version's folder (it held only entries); the one in use stays.
  expect(dir).toHaveLength(1);
  expect(fs.readdirSync(other)).toEqual(['def456.json']);
  const file = (id: string) => path.join(dir[0], `${id}.json`);
  // Oldest first by time; then entry 0, the oldest, is read (a hit refreshes it).
  ids.forEach((id, i) => fs.utimesSync(file(id), 1000 + i, 1000 + i));
  expect(cache.get(ids[0], text(0))).toEqual({ key: `${'v'.repeat(600)}0` });
  cache.prune();
  const left = ids.filter((id) => fs.existsSync(file(id)));
  const size = left.reduce((n, id) => n + fs.statSync(file(id)).size, 0);
  expect(size).toBeLessThanOrEqual(3000);
  expect(left).toContain(ids[0]);
  expect(left).toContain(ids[7]);
  expect(left).not.toContain(ids[1]);
  // What was pruned is a miss, never a wrong answer.
  expect(cache.get(ids[1], text(1))).toBeUndefined();
  expect(cache.get(ids[7], text(7))).toEqual({ key: `${'v'.repeat(600)}7` });
});

test('--all inside a git repository caches parses by blob id, and a damaged entry is a miss', async () => {
  const repo = makeRepo(exampleFiles());
  const first = await run({ cwd: repo.dir });
  const cacheRoot = path.join(repo.dir, '.git', 'spine-hooks', 'cache');
  const [version] = fs.readdirSync(cacheRoot);
  const entries = fs.readdirSync(path.join(cacheRoot, version));
  // Named by the id git gives the file (git hash-object).
  const lifecycle = repo.git(['rev-parse', 'HEAD:ops/bindings/vm.lifecycle.yaml']).trim();
  expect(entries).toContain(`${lifecycle}.json`);
  for (const e of entries) fs.writeFileSync(path.join(cacheRoot, version, e), 'damaged\n{"data": {}}');
  const again = await run({ cwd: repo.dir });
  expect(again.gates.map((g) => [g.id, g.status, g.findings.length])).toEqual(first.gates.map((g) => [g.id, g.status, g.findings.length]));
  // Outside a repository nothing is cached.
  const plain = tempDir();
  fs.cpSync(repo.dir, plain, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
  expect((await run({ cwd: plain })).exitCode).toBe(first.exitCode);
  expect(fs.existsSync(path.join(plain, '.git'))).toBe(false);
});

/** Entries are ASCII (read back without a UTF-8 pass) and give back every character as parsed. */
test('data beyond ASCII comes back from the cache as it was parsed, from an ASCII entry', () => {
  const common = tempDir();
  const cache = new GitParseCache(common);
  const id = 'ab'.repeat(20);
  const data = { dash: 'a \u2014 b', emoji: 'x \u{1f600} y', latin: 'caf\u00e9', del: 'a\u007fb', quote: '"\\\n' };
  const text = 'dash: a \u2014 b\n';
  cache.set(id, text, data);
  const [version] = fs.readdirSync(path.join(common, 'spine-hooks', 'cache'));
  const raw = fs.readFileSync(path.join(common, 'spine-hooks', 'cache', version, `${id}.json`));
  expect(raw.every((b) => b < 0x80)).toBe(true);
  expect(cache.get(id, text)).toEqual(data);
  // Another text under the same id is a miss.
  expect(cache.get(id, `${text} `)).toBeUndefined();
});

/**
 * A parse from the cache is looked up by the file's bytes when they are plain UTF-8, by its decoded
 * text otherwise (a BOM, a byte that is not UTF-8): either way the findings, their positions and the
 * encoding problem are those of a run without a cache.
 */
test('parses from the cache, by bytes or by text, give the findings and positions of a run without one', async () => {
  const files = withEdit(exampleFiles(), L, (t) => t.replace(/^ {4}hostname: monitoring$/m, '    hostname: monitoring-x'));
  const repo = makeRepo({ ...files, [L]: `\ufeff${files[L]}` });
  fs.writeFileSync(path.join(repo.dir, S), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${files[S]}`)]));
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'bom and latin-1']);
  const findings = (r: RunResult) =>
    r.gates.flatMap((g) => g.findings.map((f) => [g.id, f.check, f.entity, f.file, f.line, f.column, f.message].join(' ')));
  const plain = tempDir();
  fs.cpSync(repo.dir, plain, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
  const uncached = findings(await run({ cwd: plain }));
  expect(uncached.some((f) => f.includes('file/encoding') && f.includes(S))).toBe(true);
  expect(uncached.some((f) => f.includes(`${L} `) && f.includes('monitoring-x'))).toBe(true);
  expect(findings(await run({ cwd: repo.dir }))).toEqual(uncached);
  // Only the parses are left: every gate evaluates again, from cached parses.
  for (const kind of ['results', 'records']) fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks', kind), { recursive: true, force: true });
  const [version] = fs.readdirSync(path.join(repo.dir, '.git', 'spine-hooks', 'cache'));
  const lifecycle = repo.git(['rev-parse', `HEAD:${L}`]).trim();
  const health = repo.git(['rev-parse', `HEAD:${H}`]).trim();
  const entries = fs.readdirSync(path.join(repo.dir, '.git', 'spine-hooks', 'cache', version));
  expect(entries).toEqual(expect.arrayContaining([`${lifecycle}.json`, `${health}.json`]));
  expect(findings(await run({ cwd: repo.dir }))).toEqual(uncached);
});

/**
 * A version spliced into another's parse (a one-VM edit) is stored as a splice of that version's whole
 * entry: a few items, not the data again. It reads back as the whole parse of its text; a splice of a
 * splice is stored against the first whole entry; a base that is gone, damaged or does not fit is a miss.
 */
test('a spliced version is stored as its items and reads back as the whole data', () => {
  const common = tempDir();
  const cache = new GitParseCache(common);
  const ids = ['a', 'b', 'c', 'd'].map((c) => c.repeat(40));
  const data = (edits: Record<number, string>) => ({
    version: 1,
    vms: Array.from({ length: 500 }, (_, i) => ({ vmid: i, description: edits[i] ?? `vm ${i}` })),
  });
  const text = (edits: Record<number, string>) => JSON.stringify(data(edits));
  cache.set(ids[0], text({}), data({}));
  cache.set(ids[1], text({ 7: 'x' }), data({ 7: 'x' }), { base: ids[0], key: 'vms', items: [[7, { vmid: 7, description: 'x' }]] });
  cache.set(ids[2], text({ 7: 'x', 9: 'y' }), data({ 7: 'x', 9: 'y' }), {
    base: ids[1],
    key: 'vms',
    items: [[9, { vmid: 9, description: 'y' }]],
  });
  const [version] = fs.readdirSync(path.join(common, 'spine-hooks', 'cache'));
  const body = (id: string) => {
    const raw = fs.readFileSync(path.join(common, 'spine-hooks', 'cache', version, `${id}.json`), 'utf8');
    return JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as Record<string, unknown>;
  };
  expect(body(ids[1])).not.toHaveProperty('data');
  expect(body(ids[2])).toMatchObject({
    base: ids[0],
    items: [
      [7, { vmid: 7, description: 'x' }],
      [9, { vmid: 9, description: 'y' }],
    ],
  });
  expect(cache.get(ids[1], text({ 7: 'x' }))).toEqual(data({ 7: 'x' }));
  expect(cache.get(ids[2], text({ 7: 'x', 9: 'y' }))).toEqual(data({ 7: 'x', 9: 'y' }));
  // Another text under the spliced id is a miss.
  expect(cache.get(ids[2], text({ 7: 'x' }))).toBeUndefined();
  // A splice whose items do not fit the base's list, or of another key, is a miss.
  cache.set(ids[3], text({}), data({}), { base: ids[0], key: 'vms', items: [[500, { vmid: 500 }]] });
  expect(cache.get(ids[3], text({}))).toBeUndefined();
  cache.set(ids[3], text({}), data({}), { base: ids[0], key: 'other', items: [[0, {}]] });
  expect(cache.get(ids[3], text({}))).toBeUndefined();
  // The base gone or damaged: the splices are misses.
  fs.writeFileSync(path.join(common, 'spine-hooks', 'cache', version, `${ids[0]}.json`), 'damaged\n{}');
  expect(cache.get(ids[1], text({ 7: 'x' }))).toBeUndefined();
  fs.rmSync(path.join(common, 'spine-hooks', 'cache', version, `${ids[0]}.json`));
  expect(cache.get(ids[2], text({ 7: 'x', 9: 'y' }))).toBeUndefined();
});

/** A large Markdown document's parse is cached by blob id too, and reads back as parsing it gives it. */
test('a large Markdown document is parsed once and read back as parsed', () => {
  const common = tempDir();
  const store = new GitParseCache(common);
  const rows = Array.from({ length: 3000 }, (_, i) => `| host-${i} | 10.0.${i >> 8}.${i & 255} | caf\u00e9 \u2014 ${i} |`);
  const text = `# Devices\n\n## Shop VM LAN IPs\n\n| hostname | lan_ip | note |\n|---|---|---|\n${rows.join('\n')}\n`;
  const id = 'cd'.repeat(20);
  const first = new SourceFile('docs/big.md', Buffer.from(text), { id, store }).markdown();
  expect(first).toEqual(parseMarkdown(text));
  const [version] = fs.readdirSync(path.join(common, 'spine-hooks', 'cache'));
  expect(fs.readdirSync(path.join(common, 'spine-hooks', 'cache', version))).toHaveLength(1);
  const again = new SourceFile('docs/big.md', Buffer.from(text), { id, store });
  expect(again.markdown()).toEqual(first);
  // Another text under the same id is a miss, parsed anew.
  const other = text.replace('host-7 ', 'host-7x');
  expect(new SourceFile('docs/big.md', Buffer.from(other), { id, store }).markdown()).toEqual(parseMarkdown(other));
});

/**
 * A file of plain UTF-8 bytes lets its decoded text go once parsed (the bytes stay): positions decode it
 * again, the same as a parse that kept it, and its content reads the same; the entry it writes, keyed by
 * the digest of those bytes, is the one a parse of the text reads back.
 */
test('a parse of plain bytes finds positions and content after letting the text go, and caches by their digest', () => {
  const common = tempDir();
  const store = new GitParseCache(common);
  const text = `# caf\u00e9 \u2014 notes\nvms:\n${Array.from({ length: 50 }, (_, i) => `  - vmid: ${i}\n    name: "vm \u2014 ${i}"\n`).join('')}`;
  const id = 'ef'.repeat(20);
  const file = new SourceFile('ops/big.yaml', Buffer.from(text), { id, store });
  const y = file.yaml();
  const plain = parseYaml(text);
  expect(y.data).toEqual(plain.data);
  for (const p of [['vms', 7, 'name'], ['vms', 49], ['vms']] as const) {
    expect(y.pathPosition(p)).toEqual(plain.pathPosition(p));
    expect(y.keyPosition(p)).toEqual(plain.keyPosition(p));
  }
  expect(file.content).toEqual({ kind: 'text', text });
  expect(file.exists).toBe(true);
  // The entry written from the bytes is found by the text, and by the bytes.
  expect(store.get(id, text)).toEqual(plain.data);
  expect(new SourceFile('ops/big.yaml', Buffer.from(text), { id, store }).yaml().data).toEqual(plain.data);
});

/** Data that JSON would change (NaN, Infinity), reached directly or through a value shared by aliases, is not cached. */
test('data holding NaN or Infinity, even behind a shared value, is not cached; other shared data is', () => {
  const store = new GitParseCache(tempDir());
  const shared = { v: [1, { w: Number.NaN }] };
  store.set('a1'.repeat(20), 'x', { a: shared, b: shared, n: null });
  expect(store.get('a1'.repeat(20), 'x')).toBeUndefined();
  store.set('a2'.repeat(20), 'y', { list: [null, 2, { z: -Infinity }] });
  expect(store.get('a2'.repeat(20), 'y')).toBeUndefined();
  const fine = { v: [1, { w: null }] };
  store.set('a3'.repeat(20), 'z', { a: fine, b: fine });
  expect(store.get('a3'.repeat(20), 'z')).toEqual({ a: fine, b: fine });
});
