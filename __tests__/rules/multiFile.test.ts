import { runRule, testRuleKind, type RuleFixture } from '../helpers/ruleTester';

/**
 * One collection over several files (a collection's `file` is a glob): records from every matching file in
 * path order, each at its own file and line; each file's problems at that file.
 */
const REQUESTS: RuleFixture = {
  files: { vms: 'inv/vms.yaml' },
  collections: {
    vms: { file: 'vms', shape: 'list', select: 'vms', key: 'name', label: 'VM {name}' },
    requests: { file: 'ops/requests/*.yaml', shape: 'list', select: 'requests', key: 'id', label: 'request {id}' },
  },
  data: {
    'inv/vms.yaml': ['vms:', '  - { name: web }', '  - { name: db }', ''].join('\n'),
    'ops/requests/a.yaml': ['requests:', '  - { id: r1, vm: web }', '  - { id: r2, vm: db }', ''].join('\n'),
    'ops/requests/b.yaml': ['# second feed', 'requests:', '  - { id: r3, vm: db }', ''].join('\n'),
    // Not matched by the glob (another folder, another extension).
    'ops/requests/old/z.yaml': ['requests:', '  - { id: r1, vm: gone }', ''].join('\n'),
    'ops/requests/notes.md': '# r1\n',
  },
};

const refRule = { id: 'vm', source: 'requests', field: 'vm', target: 'vms', target_field: 'name' };

testRuleKind('reference', REQUESTS, {
  valid: [{ name: 'records of both files resolve', rule: refRule }],
  invalid: [
    {
      name: 'a record of the second file, at its own file and line',
      rule: refRule,
      data: { 'ops/requests/b.yaml': ['# second feed', 'requests:', '  - { id: r3, vm: mail }', ''].join('\n') },
      findings: [{ check: 'vm/vm', entity: 'r3', at: 'ops/requests/b.yaml:3' }],
    },
    {
      name: 'a file added to the folder is read too',
      rule: refRule,
      data: { 'ops/requests/c.yaml': ['requests:', '  - { id: r4, vm: web }', '  - { id: r5, vm: mail }', ''].join('\n') },
      findings: [{ check: 'vm/vm', entity: 'r5', at: 'ops/requests/c.yaml:3' }],
    },
    {
      name: 'one broken file: its parse error at that file, no records checked',
      rule: refRule,
      data: { 'ops/requests/a.yaml': ['requests:', '  - { id: r1, vm: web', ''].join('\n') },
      findings: [{ check: 'file/parse', at: expect.stringMatching(/^ops\/requests\/a\.yaml:[1-9]/) }],
    },
    {
      name: 'a shape problem at the file that has it',
      rule: refRule,
      data: { 'ops/requests/b.yaml': ['requests:', '  r3: { vm: db }', ''].join('\n') },
      findings: [{ check: 'file/shape', at: 'ops/requests/b.yaml:2' }],
    },
    {
      name: 'a duplicate key at its file, the other records still checked',
      rule: refRule,
      data: { 'ops/requests/b.yaml': ['requests:', '  - { id: r3, vm: db, vm: mail }', ''].join('\n') },
      findings: [
        { check: 'vm/vm', entity: 'r3', at: 'ops/requests/b.yaml:2' },
        { check: 'file/duplicate-key', entity: 'ops/requests/b.yaml#vm', at: 'ops/requests/b.yaml:2' },
      ],
    },
  ],
});

testRuleKind('unique', REQUESTS, {
  valid: [{ name: 'ids differ across the files', rule: { id: 'id', source: 'requests', field: 'id' } }],
  invalid: [
    {
      name: 'an id repeated in another file, reported at the later file (path order)',
      rule: { id: 'id', source: 'requests', field: 'id' },
      data: { 'ops/requests/b.yaml': ['requests:', '  - { id: r1, vm: db }', ''].join('\n') },
      findings: [{ check: 'id/id', entity: 'r1', at: 'ops/requests/b.yaml:2' }],
    },
  ],
});

/** Two feeds of the same shape, named as a list of file keys (`file: [shop, home]`): records in list order. */
const FEEDS: RuleFixture = {
  files: { vms: 'inv/vms.yaml', shop: 'feeds/shop.yaml', home: 'feeds/home.yaml' },
  collections: {
    vms: { file: 'vms', shape: 'list', select: 'vms', key: 'name', label: 'VM {name}' },
    requests: { file: ['shop', 'home'], shape: 'map', select: 'requests', key_as: 'id', label: 'request {id}' },
  },
  data: {
    'inv/vms.yaml': ['vms:', '  - { name: web }', '  - { name: db }', ''].join('\n'),
    'feeds/shop.yaml': ['requests:', '  s1: { vm: web }', ''].join('\n'),
    'feeds/home.yaml': ['requests:', '  h1: { vm: db }', '  h2: { vm: web }', ''].join('\n'),
  },
};

testRuleKind('reference', FEEDS, {
  valid: [{ name: 'records of both listed files resolve', rule: refRule }],
  invalid: [
    {
      name: 'a record of the second listed file, at its own file and line',
      rule: refRule,
      data: { 'feeds/home.yaml': ['requests:', '  h1: { vm: db }', '  h2: { vm: mail }', ''].join('\n') },
      findings: [{ check: 'vm/vm', entity: 'h2', at: 'feeds/home.yaml:3' }],
    },
    {
      name: 'a listed file that is missing is reported at it (never skipped quietly)',
      rule: refRule,
      data: { 'feeds/home.yaml': null },
      findings: [{ check: 'file/missing', at: 'feeds/home.yaml:0' }],
    },
  ],
});

testRuleKind('unique', FEEDS, {
  valid: [{ name: 'keys differ across the listed files', rule: { id: 'id', source: 'requests', field: 'id' } }],
  invalid: [
    {
      name: 'a key of the first listed file repeated in the second, reported at the second',
      rule: { id: 'id', source: 'requests', field: 'id' },
      data: { 'feeds/home.yaml': ['requests:', '  h1: { vm: db }', '  s1: { vm: web }', ''].join('\n') },
      findings: [{ check: 'id/id', entity: 's1', at: 'feeds/home.yaml:3' }],
    },
  ],
});

test('every listed file missing: the gate does not apply, like one missing file', async () => {
  const g = await runRule('reference', FEEDS, { name: 'none', rule: refRule, data: { 'feeds/home.yaml': null, 'feeds/shop.yaml': null } });
  expect(g.status).toBe('skip');
});

describe('a glob that matches no file', () => {
  const none = { 'ops/requests/a.yaml': null, 'ops/requests/b.yaml': null };

  test('the gate does not apply, like one missing file', async () => {
    const g = await runRule('reference', REQUESTS, { name: 'none', rule: refRule, data: none });
    expect(g.status).toBe('skip');
    expect(g.note).toMatch(/ops\/requests\/\*\.yaml/);
  });

  test('`applies: always`: the missing files fail it, at the glob', async () => {
    const always = await runAlways(none);
    expect(always.status).toBe('fail');
    expect(always.findings.map((f) => `${f.check} ${f.file}:${f.line}`)).toEqual(['file/missing ops/requests/*.yaml:0']);
  });
});

/** The reference rule in a gate that always applies. */
async function runAlways(data: Record<string, string | null>) {
  const { prepare, runPrepared } = await import('../../src/run');
  const { MemorySnapshot } = await import('../../src/workspace/MemorySnapshot');
  const { tempDir } = await import('../helpers/tempDir');
  const gate = {
    id: 'D9001',
    name: 'always',
    description: 'Always applies.',
    severity: 'error',
    lanes: ['core'],
    fix_hint: 'Fix it.',
    applies: 'always',
    rules: [{ kind: 'reference', ...refRule }],
  };
  const files: Record<string, string> = { ...REQUESTS.data };
  for (const [p, t] of Object.entries(data)) if (t === null) delete files[p];
  const config = JSON.stringify({ files: REQUESTS.files, collections: REQUESTS.collections, add_gates: [gate] });
  const opts = { cwd: tempDir({ 'spine-hooks.config.yaml': config }), gates: ['D9001'], snapshot: new MemorySnapshot(files) };
  return (await runPrepared(prepare(opts), opts)).gates[0];
}

describe('a glob in configuration is checked at load (exit 2 at file:line)', () => {
  const configWith = (file: string) =>
    [
      'collections:',
      '  requests:',
      `    file: ${file.startsWith('[') ? file : JSON.stringify(file)}`,
      '    shape: list',
      '    select: requests',
      '    key: id',
      '',
    ].join('\n');
  const load = async (file: string) => {
    const { prepare } = await import('../../src/run');
    const { MemorySnapshot } = await import('../../src/workspace/MemorySnapshot');
    const { tempDir } = await import('../helpers/tempDir');
    return () => prepare({ cwd: tempDir({ 'spine-hooks.config.yaml': configWith(file) }), snapshot: new MemorySnapshot({}) });
  };

  test.each([
    ['an extglob', 'ops/*(a|b).yaml', /spine-hooks\.config\.yaml:3:\d+: .*extglob/],
    ['a negation', '!ops/*.yaml', /spine-hooks\.config\.yaml:3:\d+: .*negation/],
    ['a glob leaving the repository', '../ops/*.yaml', /spine-hooks\.config\.yaml:3:\d+: .*leaves the repository/],
    ['a glob into .git', '.git/*.yaml', /spine-hooks\.config\.yaml:3:\d+: .*git directory/],
    ['an empty list', '[]', /spine-hooks\.config\.yaml:3:\d+: .*file/],
    ['a list entry that is no string', '[a.yaml, 3]', /spine-hooks\.config\.yaml:3:\d+: .*file/],
    ['a list entry leaving the repository', '[a.yaml, ../b.yaml]', /spine-hooks\.config\.yaml:3:\d+: .*leaves the repository/],
    ['an extglob in a list', '[a.yaml, "ops/*(a|b).yaml"]', /spine-hooks\.config\.yaml:3:\d+: .*extglob/],
  ])('%s', async (_, file, message) => {
    const { ConfigError } = await import('../../src/registry/ConfigError');
    const run = await load(file);
    let said = '';
    try {
      run();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      said = `${e.location}: ${e.message}`;
    }
    expect(said).toMatch(message);
  });

  test('`strictness` over a glob is refused (weakening checks need the files named)', async () => {
    const { prepare } = await import('../../src/run');
    const { MemorySnapshot } = await import('../../src/workspace/MemorySnapshot');
    const { ConfigError } = await import('../../src/registry/ConfigError');
    const { tempDir } = await import('../helpers/tempDir');
    const config = [
      'collections:',
      '  requests:',
      '    file: "ops/*.yaml"',
      '    shape: list',
      '    key: id',
      '    strictness: [{ field: checks, loosens: fewer, gates: [D54] }]',
      '',
    ].join('\n');
    let said = '';
    try {
      prepare({ cwd: tempDir({ 'spine-hooks.config.yaml': config }), snapshot: new MemorySnapshot({}) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      said = `${e.location}: ${e.message}`;
    }
    expect(said).toMatch(/spine-hooks\.config\.yaml:3:\d+: `strictness` needs/);
  });
});

test('explain says when a gate over a glob applies, and what it reads', async () => {
  const { prepare } = await import('../../src/run');
  const { MemorySnapshot } = await import('../../src/workspace/MemorySnapshot');
  const { explainGate } = await import('../../src/cli/explainGate');
  const { tempDir } = await import('../helpers/tempDir');
  const gate = {
    id: 'D9002',
    name: 'g',
    description: 'd',
    severity: 'error',
    lanes: ['core'],
    fix_hint: 'f',
    rules: [{ kind: 'reference', ...refRule }],
  };
  const config = JSON.stringify({ files: REQUESTS.files, collections: REQUESTS.collections, add_gates: [gate] });
  const cwd = tempDir({ 'spine-hooks.config.yaml': config });
  const p = prepare({ cwd, gates: ['D9002'], snapshot: new MemorySnapshot({}) });
  const text = explainGate(p.selected[0].def, p.loaded.registry, undefined, cwd);
  expect(text).toContain('Applies when: some file of ops/requests/*.yaml exists');
  expect(text).toMatch(/Reads:\n(?: {2}.*\n)*? {2}ops\/requests\/\*\.yaml\n/);
});
