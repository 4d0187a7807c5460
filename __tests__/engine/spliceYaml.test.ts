import { parseYaml } from '../../src/workspace/parseYaml';
import { spliceYaml, SPLICE_MIN } from '../../src/workspace/spliceYaml';
import { L, S } from '../helpers/paths';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceFile } from '../../src/workspace/SourceFile';
import { makeRepo, runBuilt } from '../helpers/gitRepo';
import { stageEdit } from '../helpers/edits';
import { run } from '../../src/run';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/estate.js is plain CommonJS outside the TypeScript project: no types to import
const { estateFiles } = require('../../scripts/estate') as { estateFiles: (n: number) => Record<string, string> };

/**
 * A spliced parse (workspace/spliceYaml.ts) is the whole parse or nothing: whenever it gives data, the
 * data is that of parsing the new text whole, to the order of keys; edits it cannot place give none.
 */
const files = estateFiles(200);
const old = files[L];
const prior = { text: old, data: parseYaml(old).data };

/** The spliced data, after checking it against the whole parse. */
function spliced(text: string): unknown {
  const got = spliceYaml(prior, text);
  if (got !== undefined) {
    const whole = parseYaml(text);
    expect(whole.problems).toEqual([]);
    expect(JSON.stringify(got.data)).toBe(JSON.stringify(whole.data));
    // What it says it replaced is what changed: the other items are the prior parse's own objects.
    const before = (prior.data as Record<string, unknown[]>)[got.key];
    const after = (got.data as Record<string, unknown[]>)[got.key];
    for (const [i, item] of got.items) expect(after[i]).toBe(item);
    expect(after.filter((item, i) => item !== before[i]).length).toBe(got.items.length);
  }
  return got?.data;
}

const nth = (text: string, needle: string, n: number): number => {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  return at;
};
const replaceAt = (text: string, at: number, length: number, by: string) => text.slice(0, at) + by + text.slice(at + length);

test('the estate file is large enough to splice', () => {
  expect(old.length).toBeGreaterThan(SPLICE_MIN);
  expect(Array.isArray((prior.data as { vms?: unknown }).vms)).toBe(true);
});

test.each<[string, (t: string) => string]>([
  ['a description', (t) => t.replace('description: "Generated workload 7."', 'description: "Generated workload 7, edited."')],
  ['the first generated VM', (t) => t.replace('    hostname: gen-00000\n', '    hostname: gen-00000x\n')],
  ['the last item of the list', (t) => replaceAt(t, t.lastIndexOf('    status: active'), 18, '    status: stopped')],
  ['a line added', (t) => t.replace('    hostname: gen-00100\n', '    hostname: gen-00100\n    note: added\n')],
  ['a line removed', (t) => t.replace('    os: ubuntu-24.04\n', '')],
  ['a nested list item', (t) => t.replace('      - gen-00150\n', '      - gen-00150\n      - gen-00150-extra\n')],
  ['a number', (t) => t.replace('vmid: 20050\n', 'vmid: 20050.5\n')],
  ['a block scalar', (t) => t.replace('    os: ubuntu-24.04\n', '    os: |\n      ubuntu\n      - 24.04\n')],
  ['two items', (t) => t.replace('gen-00010\n', 'gen-0001x\n').replace('gen-00150\n', 'gen-0015x\n')],
  ['two neighbours', (t) => t.replace('gen-00010\n', 'gen-0001x\n').replace('gen-00011\n', 'gen-0001y\n')],
  [
    'the first and the last item',
    (t) => {
      const u = t.replace('vmid: 20000\n', 'vmid: 20000.5\n');
      return replaceAt(u, u.lastIndexOf('    status: active'), 18, '    status: stopped');
    },
  ],
  [
    'a line moved from one item to the next',
    (t) =>
      t.replace(
        '    description: "Generated workload 20."\n\n  - vmid: 20021\n',
        '\n  - vmid: 20021\n    note: "Generated workload 20."\n',
      ),
  ],
])('edits inside items of the list, as many items as before, splice: %s', (_name, edit) => {
  const text = edit(old);
  expect(text).not.toBe(old);
  expect(spliced(text)).toBeDefined();
});

test.each<[string, (t: string) => string]>([
  ['a new item', (t) => t.replace('  - vmid: 20100\n', '  - vmid: 29999\n    hostname: new\n\n  - vmid: 20100\n')],
  ['an item removed', (t) => replaceAt(t, nth(t, '  - vmid: 2010', 0), nth(t, '  - vmid: 2010', 1) - nth(t, '  - vmid: 2010', 0), '')],
  ['a top-level key', (t) => t.replace('\nversion: 1\n', '\nversion: 2\n')],
  ['the list key', (t) => t.replace('\nvms:\n', '\nvms:   \n')],
  ['a duplicate key in the item', (t) => t.replace('    hostname: gen-00100\n', '    hostname: gen-00100\n    hostname: again\n')],
  ['a syntax error in the item', (t) => t.replace('    hostname: gen-00100\n', '    hostname: [gen-00100\n')],
  ['an alias', (t) => t.replace('    os: ubuntu-24.04\n', '    os: *base\n')],
  [
    'a tag under a %TAG directive',
    (t) => `%TAG !e! tag:example.com,2000:\n---\n${t.replace('    os: ubuntu-24.04\n', '    os: !e!x ubuntu\n')}`,
  ],
  ['an item made a key', (t) => t.replace('  - vmid: 20100\n', 'vmid: 20100\n')],
  ['an item made less indented', (t) => t.replace('  - vmid: 20100\n', ' - vmid: 20100\n')],
  [
    'an item added and another edited',
    (t) => t.replace('gen-00010\n', 'gen-0001x\n').replace('  - vmid: 20100\n', '  - vmid: 29999\n    hostname: new\n\n  - vmid: 20100\n'),
  ],
  [
    'one item edited, another given a duplicate key',
    (t) => t.replace('gen-00010\n', 'gen-0001x\n').replace('    hostname: gen-00100\n', '    hostname: gen-00100\n    hostname: again\n'),
  ],
])('an edit beyond the items of one list, changing their number, or with a problem, is parsed whole: %s', (_name, edit) => {
  const text = edit(old);
  expect(text).not.toBe(old);
  expect(spliced(text)).toBeUndefined();
});

test('a file with a directive is parsed whole: %TAG changes what a tag in an item means', () => {
  const head = '%TAG ! tag:example.com,2000:\n---\n';
  const withTag = { text: head + old, data: parseYaml(head + old).data };
  const text = head + old.replace('    os: ubuntu-24.04\n', '    os: !x ubuntu\n');
  expect(parseYaml(text).problems).not.toEqual([]);
  expect(spliceYaml(withTag, text)).toBeUndefined();
});

test('small files, and prior data that is not a map, are parsed whole', () => {
  expect(spliceYaml({ text: files[S], data: parseYaml(files[S]).data }, files[S].replace('gen-00001', 'gen-0000x'))).toBeUndefined();
  expect(spliceYaml({ text: old, data: [] }, old.replace('gen-00001\n', 'gen-0000x\n'))).toBeUndefined();
  // Prior data that is not the old text's: the old item does not parse to it, so nothing is spliced.
  const other = parseYaml(old.replace('os: ubuntu-24.04', 'os: other')).data;
  expect(spliceYaml({ text: old, data: other }, old.replace('gen-00000\n', 'gen-0000x\n'))).toBeUndefined();
});

/** Random small edits anywhere: each splice that happens is the whole parse's data. */
test('random edits: a splice is always the whole parse', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['x', ' ', '\n', '-', ':', '  - ', '#', '"', "'", '0', '\n  ', '[', '{', '|', '\t'];
  let done = 0;
  for (let i = 0; i < 120; i++) {
    const at = rand(old.length);
    const text = replaceAt(old, at, rand(4), pieces[rand(pieces.length)].repeat(1 + rand(2)));
    if (text !== old && spliced(text) !== undefined) done++;
  }
  // Most random edits land inside one VM and splice; the rest were checked above to be whole parses.
  expect(done).toBeGreaterThan(40);
});

/** Through SourceFile, as a ci range reads one version after another: data, positions, shared items. */
test('the next version of a file is spliced into the parse of the one before', () => {
  const first = new SourceFile(L, Buffer.from(old)).yaml();
  const text = old.replace('    hostname: gen-00150\n', '    hostname: gen-00150\n    note: added\n');
  const next = new SourceFile(L, Buffer.from(text)).yaml();
  const whole = parseYaml(text);
  expect(JSON.stringify(next.data)).toBe(JSON.stringify(whole.data));
  const vms = (d: unknown) => (d as { vms: unknown[] }).vms;
  // Items the edit left alone are the earlier parse's own objects; the edited one is new.
  expect(vms(next.data)[3]).toBe(vms(first.data)[3]);
  const edited = vms(whole.data).findIndex((v) => (v as { note?: string }).note === 'added');
  expect(vms(next.data)[edited]).not.toBe(vms(first.data)[edited]);
  for (const p of [['vms', edited, 'note'], ['vms', edited + 1, 'hostname'], ['version']])
    expect([next.pathPosition(p), next.keyPosition(p)]).toEqual([whole.pathPosition(p), whole.keyPosition(p)]);
});

/**
 * A hook: the staged lifecycle is an edit of HEAD's, whose parse the cache holds (an --all made it), so
 * the index's workspace starts from that parse; the hook's report is that of a run with no cache.
 */
test("a staged edit of a large file starts from HEAD's cached parse, and the hook reports as without caches", async () => {
  const repo = makeRepo(files);
  await run({ cwd: repo.dir });
  stageEdit(repo, L, (t) => t.replace('    hostname: gen-00100\n', '    hostname: gen-00100-renamed\n'));
  // Fresh modules: no parse of the lifecycle at hand in this process but HEAD's, from the cache.
  await jest.isolateModulesAsync(async () => {
    const sf = await import('../../src/workspace/SourceFile');
    const { Workspace } = await import('../../src/workspace/Workspace');
    const { Git } = await import('../../src/git/Git');
    const { GitSnapshot } = await import('../../src/git/GitSnapshot');
    const git = (await Git.open(repo.dir))!;
    expect(sf.hasPrior(L)).toBe(false);
    await Workspace.load(new GitSnapshot(git, { kind: 'index' }), [L]);
    expect(sf.hasPrior(L)).toBe(true);
    git.close();
  });
  const hook = () => {
    const r = runBuilt(['hook', 'pre-commit', '--format', 'json'], repo.dir);
    return { status: r.status, json: r.stdout.replace(/"durationMs": *[\d.]+/g, '"durationMs":0').replace(/\s*"cached": true,/g, '') };
  };
  const cached = hook();
  expect(cached.status).toBe(1);
  expect(cached.json).toContain('gen-00100-renamed');
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks'), { recursive: true, force: true });
  expect(hook()).toEqual(cached);
});

/** Without HEAD's parse cached, the version of the path parsed last (an earlier staged edit) serves. */
test('a staged edit starts from the last parsed version of the path when HEAD is not cached', async () => {
  const repo = makeRepo(files);
  stageEdit(repo, L, (t) => t.replace('    hostname: gen-00010\n', '    hostname: gen-00010-first\n'));
  expect(runBuilt(['hook', 'pre-commit'], repo.dir).status).toBe(1);
  stageEdit(repo, L, (t) => t.replace('    hostname: gen-00120\n', '    hostname: gen-00120-second\n'));
  await jest.isolateModulesAsync(async () => {
    const sf = await import('../../src/workspace/SourceFile');
    const { Workspace } = await import('../../src/workspace/Workspace');
    const { Git } = await import('../../src/git/Git');
    const { GitSnapshot } = await import('../../src/git/GitSnapshot');
    const git = (await Git.open(repo.dir))!;
    await Workspace.load(new GitSnapshot(git, { kind: 'index' }), [L]);
    expect(sf.hasPrior(L)).toBe(true);
    git.close();
  });
  const hook = () =>
    runBuilt(['hook', 'pre-commit', '--format', 'json'], repo.dir).stdout.replace(/"durationMs": *[\d.]+/g, '"durationMs":0');
  const cached = hook();
  expect(cached).toContain('gen-00120-second');
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks'), { recursive: true, force: true });
  expect(hook().replace(/\s*"cached": true,/g, '')).toEqual(cached.replace(/\s*"cached": true,/g, ''));
});

/** From a file's bytes (read as Latin-1, never decoded whole): an item beyond ASCII comes back as the whole parse gives it. */
test('a version beyond ASCII is spliced from its bytes as the whole parse reads it', () => {
  const first = old.replace('description: "Generated workload 3."', 'description: "Généré — 3 ✓"');
  const before = new SourceFile(L, Buffer.from(first)).yaml();
  const text = first.replace('description: "Generated workload 9."', 'description: "café ☕ 9"').replace('Généré — 3 ✓', 'Généré — 3 ✗');
  const next = new SourceFile(L, Buffer.from(text)).yaml();
  const whole = parseYaml(text);
  expect(JSON.stringify(next.data)).toBe(JSON.stringify(whole.data));
  expect(JSON.stringify(next.data)).toContain('café ☕ 9');
  // Spliced, not parsed whole: an item the edit left alone is the earlier parse's own object.
  const vms = (d: unknown) => (d as { vms: unknown[] }).vms;
  expect(vms(next.data)[5]).toBe(vms(before.data)[5]);
  for (const p of [
    ['vms', 9, 'description'],
    ['vms', 3, 'description'],
    ['vms', 12, 'hostname'],
  ])
    expect(next.keyPosition(p)).toEqual(whole.keyPosition(p));
});

/**
 * A double-quoted scalar that runs over lines, one of which looks like an item (`  - k: v"`), and a later
 * continuation line at column 0 (which would end the list early, so that the item count still matched): the
 * edit is parsed whole, never put into the item the line only looks like (review of the caches, stop 26).
 */
test('a quoted scalar whose lines look like items is never spliced as items', () => {
  let pad = '';
  for (let i = 0; i < 1200; i++) pad += `  - vmid: ${1000 + i}\n    hostname: pad-${i}\n    description: "padding item ${i}"\n`;
  const mk = (v: string) =>
    `vms:\n  - vmid: 1\n    description: "Wrapped text\n  - k: ${v}"\n  - k: v"\n${pad}  - vmid: 2\n    description: "x\nzz"\n  - vmid: 3\n`;
  const before = mk('v');
  expect(before.length).toBeGreaterThan(SPLICE_MIN);
  const after = mk('w');
  expect(parseYaml(after).problems).toEqual([]);
  expect(spliceYaml({ text: before, data: parseYaml(before).data }, after)).toBeUndefined();
  // An apostrophe or a bracket left open on an edited line: parsed whole as well.
  for (const edit of ["    hostname: it's-gen-00007\n", '    tags: [a,\n      b]\n']) {
    const text = old.replace('    hostname: gen-00007\n', edit);
    expect(spliceYaml(prior, text)).toBeUndefined();
  }
});
