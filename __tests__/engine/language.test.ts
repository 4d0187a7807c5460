import { prepare, runPrepared } from '../../src/run';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import type { PathKind } from '../../src/workspace/Snapshot';
import { fixedClock } from '../../src/records/time';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { y } from '../helpers/gateHarness';
import { CONFIG } from '../helpers/paths';

/**
 * Table tests of the rule language's capabilities (docs/configuration.md): each through a gate a
 * repository declares itself, over in-memory files, with valid and invalid cases asserting the check,
 * the entity and the line. Bad use of each is exit 2 at the configuration's line.
 */
const FILES = y`
  files:
    sites: inv/sites.yaml
    hosts: inv/hosts.yaml
    probes: inv/probes.yaml
    policy: inv/policy.yaml
    doc: docs/HOSTS.md
  collections:
    sites: { file: sites, shape: list, select: sites, key: id, label: "site {id}" }
    required: { file: policy, shape: values, select: required_services, label: "required service {value}" }
    hosts: { file: hosts, shape: list, select: hosts, key: name, label: "host {name}" }
    aliases: { file: policy, shape: list, select: aliases, label: "alias {host}=>{target}", entity: "{host}" }
    probes: { file: probes, shape: list, select: probes, key: id, label: "probe {id}" }
    services: { file: probes, shape: list, select: services, key: name, label: "service {name}" }
    doc_names: { file: doc, shape: text, label: "{value}" }
    doc_section: { file: doc, shape: text, heading: Retired, label: "{value}" }
`;

function config(rules: string) {
  const lines = rules.split('\n').filter((l) => l.trim());
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  const gate =
    'add_gates:\n  - id: D700\n    name: lang\n    description: x\n    severity: error\n    lanes: [core]\n    fix_hint: x\n    rules:\n';
  return `${FILES}${gate}${lines.map((l) => `      ${l.slice(indent)}`).join('\n')}\n`;
}

const clock = fixedClock(Date.parse('2026-03-05T12:00:00Z'));

async function check(rules: string, files: Record<string, string>, paths: string[] = [], kinds: Record<string, PathKind> = {}) {
  const cwd = tempDir({ [CONFIG]: config(rules) });
  const snapshot = new MemorySnapshot({ ...files, ...Object.fromEntries(paths.map((p) => [p, 'x\n'])) }, 'memory', kinds);
  const opts = { cwd, gates: ['D700'], snapshot, clock };
  const g = (await runPrepared(prepare(opts), opts)).gates[0];
  return { status: g.status, findings: g.findings.map((f) => [f.check, f.entity, f.line]) };
}

const sites = (extra = '') => `sites:\n  - id: shop\n    targets: [web, db]\n    owner: Ines\n    reviewed: 2026-02-20\n${extra}`;
const hosts = (extra = '') =>
  `hosts:\n  - { name: web, role: app, site: shop, port: 80, ssh: web }\n  - { name: db, role: data, site: shop, port: 5432, ssh: db-alias }\n${extra}`;

describe('lists of plain values, and references through list fields', () => {
  const rules = `
    - { kind: reference, id: target, source: sites, field: targets, target: hosts, target_field: name }
    - { kind: coverage, id: needed, source: required, requirements: [{ id: host, target: hosts, match: { source: value, target: name } }] }
  `;
  const policy = 'required_services: [web, db]\n';
  test('valid', async () => {
    expect(await check(rules, { 'inv/sites.yaml': sites(), 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': policy })).toEqual({
      status: 'pass',
      findings: [],
    });
  });
  test('each dangling entry of a list field is its own finding; a required value without a record', async () => {
    const r = await check(rules, {
      'inv/sites.yaml': sites().replace('[web, db]', '[web, cache, queue]'),
      'inv/hosts.yaml': hosts(),
      'inv/policy.yaml': 'required_services: [web, mail]\n',
    });
    expect(r.findings).toEqual([
      ['target/targets', 'shop:cache', 3],
      ['target/targets', 'shop:queue', 3],
      ['needed/host', 'mail', 1],
    ]);
  });
});

describe("a dotted field through a list of maps gives each item's value", () => {
  const rules = `- { kind: reference, id: dep, source: hosts, field: needs.name, target: hosts, target_field: name }`;
  const withNeeds = (needs: string) => `hosts:\n  - name: web\n    needs:\n${needs}  - name: db\n    needs: []\n  - name: cache\n`;
  test('every item is looked up; an item without the field adds nothing; an index still reads one item', async () => {
    expect((await check(rules, { 'inv/hosts.yaml': withNeeds('      - { name: db, min: 2 }\n      - { min: 1 }\n') })).status).toBe('pass');
    expect((await check(rules, { 'inv/hosts.yaml': withNeeds('      - { name: db }\n      - { name: queue }\n') })).findings).toEqual([
      ['dep/needs.name', 'web:queue', 3], // at the list's own key
    ]);
    const first = `- { kind: reference, id: dep, source: hosts, field: needs.1.name, target: hosts, target_field: name }`;
    expect((await check(first, { 'inv/hosts.yaml': withNeeds('      - { name: db }\n      - { name: queue }\n') })).findings).toEqual([
      ['dep/needs.1.name', 'web', 5],
    ]);
  });
});

describe('time, by the run clock', () => {
  const rules = `- { kind: require, id: fresh, source: sites, satisfies: { reviewed: { max_age: 14d } } }`;
  test('at most 14 days old as of the clock', async () => {
    expect((await check(rules, { 'inv/sites.yaml': sites() })).status).toBe('pass');
    expect((await check(rules, { 'inv/sites.yaml': sites().replace('2026-02-20', '2026-02-01') })).findings).toEqual([
      ['fresh/satisfies/reviewed', 'shop', 5],
    ]);
  });
  test('not in the past, and a value that is not a date', async () => {
    const past = `- { kind: require, id: expiry, source: sites, satisfies: { expires_on: { not_past: true } } }`;
    expect((await check(past, { 'inv/sites.yaml': sites('    expires_on: 2026-03-05\n') })).status).toBe('pass'); // the whole day counts
    expect((await check(past, { 'inv/sites.yaml': sites('    expires_on: 2026-03-04\n') })).findings).toEqual([
      ['expiry/satisfies/expires_on', 'shop', 6],
    ]);
    expect((await check(past, { 'inv/sites.yaml': sites('    expires_on: soon\n') })).findings).toEqual([
      ['expiry/satisfies/expires_on', 'shop', 6],
    ]);
  });
});

describe('time: whole days for dates, zone-less times as UTC, how far ahead', () => {
  const at = (iso: string) => fixedClock(Date.parse(iso));
  const checkAt = async (rules: string, extra: string, iso: string) => {
    const cwd = tempDir({ [CONFIG]: config(rules) });
    const snapshot = new MemorySnapshot({ 'inv/sites.yaml': sites(extra) }, 'memory');
    const opts = { cwd, gates: ['D700'], snapshot, clock: at(iso) };
    const g = (await runPrepared(prepare(opts), opts)).gates[0];
    return g.findings.map((f) => [f.check, f.entity, f.line]);
  };
  test('max_age on a date counts whole days: 14 days old all of its 14th day, 15 the next', async () => {
    const rules = `- { kind: require, id: fresh, source: sites, satisfies: { reviewed: { max_age: 14d } } }`;
    expect(await checkAt(rules, '', '2026-03-06T23:59:59Z')).toEqual([]);
    expect(await checkAt(rules, '', '2026-03-07T00:00:00Z')).toEqual([['fresh/satisfies/reviewed', 'shop', 5]]);
  });
  test("a time without a zone is UTC, whatever the machine's zone", async () => {
    const rules = `- { kind: require, id: expiry, source: sites, satisfies: { expires_at: { not_past: true } } }`;
    expect(await checkAt(rules, '    expires_at: 2026-03-05T10:00:00\n', '2026-03-05T09:59:59Z')).toEqual([]);
    expect(await checkAt(rules, '    expires_at: 2026-03-05 10:00\n', '2026-03-05T10:00:01Z')).toEqual([
      ['expiry/satisfies/expires_at', 'shop', 6],
    ]);
    expect(await checkAt(rules, '    expires_at: 2026-03-05T10:00:00+02:00\n', '2026-03-05T08:00:01Z')).toEqual([
      ['expiry/satisfies/expires_at', 'shop', 6],
    ]);
  });
  test('min_ahead: at least this far ahead (a past value is not); max_ahead: not past and at most this far', async () => {
    const min = `- { kind: require, id: lead, source: sites, satisfies: { expires_at: { min_ahead: 48h } } }`;
    expect(await checkAt(min, '    expires_at: 2026-03-07T12:00:00Z\n', '2026-03-05T12:00:00Z')).toEqual([]);
    expect(await checkAt(min, '    expires_at: 2026-03-07T11:59:59Z\n', '2026-03-05T12:00:00Z')).toEqual([
      ['lead/satisfies/expires_at', 'shop', 6],
    ]);
    expect(await checkAt(min, '    expires_at: 2026-03-01T00:00:00Z\n', '2026-03-05T12:00:00Z')).toEqual([
      ['lead/satisfies/expires_at', 'shop', 6],
    ]);
    // A date counts whole days from the clock's day: 2026-03-07 is two days ahead all of 2026-03-05.
    expect(await checkAt(min, '    expires_at: 2026-03-07\n', '2026-03-05T23:00:00Z')).toEqual([]);
    const max = `- { kind: require, id: soon, source: sites, satisfies: { expires_at: { max_ahead: 30d } } }`;
    expect(await checkAt(max, '    expires_at: 2026-04-04\n', '2026-03-05T12:00:00Z')).toEqual([]);
    expect(await checkAt(max, '    expires_at: 2026-04-05\n', '2026-03-05T12:00:00Z')).toEqual([['soon/satisfies/expires_at', 'shop', 6]]);
    expect(await checkAt(max, '    expires_at: 2026-03-04\n', '2026-03-05T12:00:00Z')).toEqual([['soon/satisfies/expires_at', 'shop', 6]]);
  });
  test('what the finding says', async () => {
    const cwd = tempDir({
      [CONFIG]: config(`- { kind: require, id: lead, source: sites, satisfies: { expires_at: { min_ahead: 48h } } }`),
    });
    const snapshot = new MemorySnapshot({ 'inv/sites.yaml': sites('    expires_at: 2026-03-06T00:00:00Z\n') }, 'memory');
    const opts = { cwd, gates: ['D700'], snapshot, clock };
    const [f] = (await runPrepared(prepare(opts), opts)).gates[0].findings;
    expect(f.message).toBe('site shop: expires_at is "2026-03-06T00:00:00Z", expected at least 48h ahead (as of 2026-03-05T12:00:00Z)');
  });
});

describe('paths named in data exist in the snapshot', () => {
  const rules = `- { kind: require, id: runbook, source: sites, where: { runbook: { exists: true } }, satisfies: { runbook: { path_exists: true } } }`;
  test('a path (with its #fragment dropped) that the snapshot has; a missing one; one that leaves the repository', async () => {
    expect(
      (await check(rules, { 'inv/sites.yaml': sites('    runbook: docs/runbooks/shop.md#power\n') }, ['docs/runbooks/shop.md'])).status,
    ).toBe('pass');
    expect(
      (await check(rules, { 'inv/sites.yaml': sites('    runbook: docs/runbooks/gone.md\n') }, ['docs/runbooks/shop.md'])).findings,
    ).toEqual([['runbook/satisfies/runbook', 'shop', 6]]);
    expect((await check(rules, { 'inv/sites.yaml': sites('    runbook: ../outside.md\n') }, ['docs/runbooks/shop.md'])).findings).toEqual([
      ['runbook/satisfies/runbook', 'shop', 6],
    ]);
  });
});

describe('the kind of path named in data: file, executable, folder', () => {
  const rule = (kind: string) =>
    `- { kind: require, id: script, source: sites, where: { runbook: { exists: true } }, satisfies: { runbook: { path_exists: ${kind} } } }`;
  const at = (runbook: string) => ({ 'inv/sites.yaml': sites(`    runbook: ${runbook}\n`) });
  const messageOf = async (kind: string, runbook: string, paths: string[], kinds: Record<string, PathKind> = {}) => {
    const cwd = tempDir({ [CONFIG]: config(rule(kind)) });
    const snapshot = new MemorySnapshot({ ...at(runbook), ...Object.fromEntries(paths.map((p) => [p, 'x\n'])) }, 'memory', kinds);
    const opts = { cwd, gates: ['D700'], snapshot, clock };
    return (await runPrepared(prepare(opts), opts)).gates[0].findings.map((f) => f.message);
  };
  test.each([
    ['executable', 'bin/run.sh', { 'bin/run.sh': 'executable' }, 'pass'],
    ['executable', 'bin/run.sh', {}, 'fail'],
    ['executable', 'bin', { 'bin/run.sh': 'executable' }, 'fail'],
    ['file', 'bin/run.sh', { 'bin/run.sh': 'executable' }, 'pass'],
    ['file', 'bin/run.sh', {}, 'pass'],
    ['file', 'bin', {}, 'fail'],
    ['folder', 'bin', {}, 'pass'],
    ['folder', 'bin/run.sh', {}, 'fail'],
    ['true', 'bin', {}, 'pass'],
    ['file', 'vendor/lib', { 'vendor/lib': 'submodule' }, 'fail'],
    ['folder', 'vendor/lib', { 'vendor/lib': 'submodule' }, 'pass'],
  ] as Array<[string, string, Record<string, PathKind>, string]>)(
    'path_exists: %s of %s (kinds %j): %s',
    async (kind, runbook, kinds, want) => {
      const r = await check(rule(kind), at(runbook), ['bin/run.sh', 'vendor/lib'], kinds);
      expect(r.status).toBe(want);
      if (want === 'fail') expect(r.findings).toEqual([['script/satisfies/runbook', 'shop', 6]]);
    },
  );
  test('a link counts as what it points at, one level; a link to a link, or out of the repository, is only a link', async () => {
    const files = { 'bin/run.sh': 'x\n', 'bin/run': 'run.sh', 'bin/again': 'run', 'bin/out': '../../etc/passwd' };
    const kinds: Record<string, PathKind> = { 'bin/run.sh': 'executable', 'bin/run': 'link', 'bin/again': 'link', 'bin/out': 'link' };
    const verdict = async (runbook: string, kind = 'executable') =>
      (await check(rule(kind), { ...at(runbook), ...files }, [], kinds)).status;
    expect(await verdict('bin/run')).toBe('pass');
    expect(await verdict('bin/again')).toBe('fail');
    expect(await verdict('bin/out')).toBe('fail');
    expect(await verdict('bin/out', 'true')).toBe('pass');
  });
  test('the finding says what was expected and what is there', async () => {
    expect(await messageOf('executable', 'bin/run.sh', ['bin/run.sh'])).toEqual([
      'site shop: runbook is "bin/run.sh", expected an executable file in the repository, found a file',
    ]);
    expect(await messageOf('file', 'bin', ['bin/run.sh'])).toEqual([
      'site shop: runbook is "bin", expected a file in the repository, found a folder',
    ]);
    expect(await messageOf('file', 'bin/gone.sh', ['bin/run.sh'])).toEqual([
      'site shop: runbook is "bin/gone.sh", expected a file in the repository',
    ]);
  });
});

describe('`if_present` for a whole gate', () => {
  const gateWith = (extra: string) =>
    `${FILES}add_gates:\n  - id: D700\n    name: lang\n    description: x\n    severity: error\n    lanes: [core]\n    fix_hint: x\n${extra}` +
    `    rules:\n      - { kind: require, source: probes, non_empty: [id] }\n` +
    `      - { kind: reference, source: probes, field: target, target: hosts, target_field: name }\n`;
  const run = async (extra: string, files: Record<string, string>) => {
    const cwd = tempDir({ [CONFIG]: gateWith(extra) });
    const opts = { cwd, gates: ['D700'], snapshot: new MemorySnapshot(files), clock };
    const g = (await runPrepared(prepare(opts), opts)).gates[0];
    return { status: g.status, note: g.note, checks: g.findings.map((f) => f.check) };
  };
  test('a file without the key its first collection selects: the gate is skipped, saying why; without if_present it is a finding', async () => {
    const files = { 'inv/probes.yaml': 'services: []\n', 'inv/hosts.yaml': hosts() };
    expect(await run('    if_present: true\n', files)).toEqual({
      status: 'skip',
      note: 'does not apply: inv/probes.yaml has no "probes" (collection probes)',
      checks: [],
    });
    expect((await run('', files)).checks).toContain('file/shape');
  });
  test('the collection there: every rule runs, and a missing target is still a finding', async () => {
    const probes = 'probes:\n  - { id: p1, target: web }\n';
    expect((await run('    if_present: true\n', { 'inv/probes.yaml': probes, 'inv/hosts.yaml': hosts() })).status).toBe('pass');
    expect((await run('    if_present: true\n', { 'inv/probes.yaml': probes })).checks).toEqual(['file/missing']);
  });
});

describe('parameters read from data (`$data`)', () => {
  const gate = (params: string) =>
    `${FILES}add_gates:\n  - id: D700\n    name: lang\n    description: x\n    severity: error\n    lanes: [core]\n    fix_hint: x\n` +
    `    params:\n${params}` +
    `    rules:\n      - { kind: require, id: fresh, source: sites, severity: { $param: mode }, satisfies: { reviewed: { max_age: { $param: age } } } }\n`;
  const params =
    `      age: { $data: { file: policy, select: [overrides.max_days, preset.max_days], as: '{value}d' } }\n` +
    `      mode: { $data: { file: policy, select: mode, map: { report: warn, enforce: error }, default: error } }\n`;
  const run = async (policy: string | undefined) => {
    const cwd = tempDir({ [CONFIG]: gate(params) });
    const files: Record<string, string> = { 'inv/sites.yaml': sites() };
    if (policy !== undefined) files['inv/policy.yaml'] = policy;
    const opts = { cwd, gates: ['D700'], snapshot: new MemorySnapshot(files), clock };
    const g = (await runPrepared(prepare(opts), opts)).gates[0];
    return { status: g.status, findings: g.findings.map((f) => [f.check, f.severity, `${f.file}:${f.line}`, f.message]) };
  };
  test('a threshold from the first path that is set, a severity through a map', async () => {
    // Reviewed 2026-02-20; the clock is 2026-03-05: 13 days old.
    expect((await run('preset: { max_days: 14 }\nmode: enforce\n')).status).toBe('pass');
    expect((await run('overrides: { max_days: 7 }\npreset: { max_days: 14 }\nmode: enforce\n')).findings).toEqual([
      [
        'fresh/satisfies/reviewed',
        'error',
        'inv/sites.yaml:5',
        'site shop: reviewed is "2026-02-20", expected at most 7d old (as of 2026-03-05T12:00:00Z)',
      ],
    ]);
    expect((await run('overrides: { max_days: 7 }\nmode: report\n')).findings.map((f) => f[1])).toEqual(['warn']);
  });
  test('a value that is not there, not in the map, or does not fit the rule: a finding at the data, never a pass', async () => {
    expect((await run('mode: enforce\n')).findings).toEqual([
      [
        'data/param',
        'error',
        'inv/policy.yaml:0',
        'inv/policy.yaml has no value at overrides.max_days or preset.max_days, which a gate reads as a parameter ' +
          '(give it a value, or the parameter a default)',
      ],
    ]);
    expect((await run('preset: { max_days: 14 }\nmode: loud\n')).findings.map((f) => f.slice(0, 3))).toEqual([
      ['data/param', 'error', 'inv/policy.yaml:2'],
    ]);
    const unfit = await run('preset: { max_days: soon }\nmode: enforce\n');
    expect(unfit.findings.map((f) => f.slice(0, 3))).toEqual([['data/param', 'error', 'inv/policy.yaml:1']]);
    expect(unfit.findings[0][3]).toMatch(
      /^inv\/policy\.yaml: the value of preset\.max_days, which a gate reads as a parameter, does not fit the rule: /,
    );
    expect((await run(undefined)).findings.map((f) => f[0])).toEqual(['file/missing']);
  });
});

describe('a document-level condition (`when`)', () => {
  const rules = (mode: string) =>
    `- { kind: require, id: frozen, source: hosts, when: { file: policy, select: freeze, where: { mode: ${mode} } }, count: { max: 0 } }`;
  test('the rule applies only while the document holds the value; absent file or key: it does not apply', async () => {
    const policy = (mode: string) => `freeze:\n  mode: ${mode}\n`;
    expect(await check(rules('hard_zero'), { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': policy('legacy') })).toEqual({
      status: 'pass',
      findings: [],
    });
    expect((await check(rules('hard_zero'), { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': policy('hard_zero') })).findings).toEqual([
      ['frozen/count', 'web', 2],
      ['frozen/count', 'db', 3],
    ]);
    expect((await check(rules('hard_zero'), { 'inv/hosts.yaml': hosts() })).status).toBe('pass');
    expect((await check(rules('hard_zero'), { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': 'other: 1\n' })).status).toBe('pass');
  });
  test('a document that does not parse is a finding at its line, not a pass', async () => {
    const r = await check(rules('hard_zero'), { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': 'freeze: [unclosed\n' });
    expect(r.status).toBe('fail');
    expect(r.findings[0][0]).toBe('file/parse');
  });
});

describe('per item of a list, against a transform of a field of the same record', () => {
  const rule = `- { kind: require, id: alias, source: hosts, satisfies: { aliases: { each: { equals_field: { field: name, transform: [title] } } } } }`;
  const withAliases = (a: string) => `hosts:\n  - { name: media-stack, aliases: ${a} }\n`;
  test('every item equals the field in title case', async () => {
    expect((await check(rule, { 'inv/hosts.yaml': withAliases('[Media-Stack, Media-Stack]') })).status).toBe('pass');
    expect((await check(rule, { 'inv/hosts.yaml': withAliases('[]') })).status).toBe('pass');
    expect((await check(rule, { 'inv/hosts.yaml': withAliases('[Media-Stack, media-stack]') })).findings).toEqual([
      ['alias/satisfies/aliases', 'media-stack', 2],
    ]);
  });
});

describe('values computed from a record: a template over each item of a list', () => {
  const rule =
    `- { kind: require, id: scripts, source: sites, ` +
    `expect: [{ id: runnable, value: { template: "bin/{id}/{targets}.sh" }, is: { path_exists: executable } }] }`;
  test('each path built from the field and each list item must be an executable file', async () => {
    const files = { 'inv/sites.yaml': sites() };
    const kinds: Record<string, PathKind> = { 'bin/shop/web.sh': 'executable', 'bin/shop/db.sh': 'executable' };
    expect((await check(rule, files, ['bin/shop/web.sh', 'bin/shop/db.sh'], kinds)).status).toBe('pass');
    const cwd = tempDir({ [CONFIG]: config(rule) });
    const snapshot = new MemorySnapshot({ ...files, 'bin/shop/web.sh': 'x\n', 'bin/shop/db.sh': 'x\n' }, 'memory', {
      'bin/shop/web.sh': 'executable',
    });
    const opts = { cwd, gates: ['D700'], snapshot, clock };
    const g = (await runPrepared(prepare(opts), opts)).gates[0];
    expect(g.findings.map((f) => [f.check, f.entity, f.line, f.message])).toEqual([
      [
        'scripts/expect/runnable',
        'shop',
        2,
        'site shop: "bin/{id}/{targets}.sh" gives "bin/shop/db.sh", expected an executable file in the repository, found a file',
      ],
    ]);
  });
});

describe('comparisons inside one record, composite keys', () => {
  test('a field against another field of the same record', async () => {
    const rules = `- { kind: require, id: ssh, source: hosts, where: { ssh: { not_equals_field: name } }, equals: { role: data } }`;
    expect((await check(rules, { 'inv/hosts.yaml': hosts() })).status).toBe('pass');
    expect((await check(rules, { 'inv/hosts.yaml': hosts().replace('ssh: web }', 'ssh: web-alias }') })).findings).toEqual([
      ['ssh/equals/role', 'web', 2],
    ]);
  });
  test('unique over two fields', async () => {
    const rules = `- { kind: unique, id: port, source: hosts, field: [site, port] }`;
    expect((await check(rules, { 'inv/hosts.yaml': hosts('  - { name: db2, site: lab, port: 5432 }\n') })).status).toBe('pass');
    expect((await check(rules, { 'inv/hosts.yaml': hosts('  - { name: db2, site: shop, port: 5432 }\n') })).findings).toEqual([
      ['port/site+port', 'db2', 4],
    ]);
  });
  test('a join on two fields', async () => {
    const rules =
      `- { kind: coverage, id: alias, source: hosts, where: { ssh: { not_equals_field: name } }, requirements: ` +
      `[{ id: approved, target: aliases, match: { source: [name, ssh], target: [host, target] } }] }`;
    expect(
      (await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': 'aliases:\n  - { host: db, target: db-alias }\n' })).status,
    ).toBe('pass');
    expect(
      (await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': 'aliases:\n  - { host: db, target: db-other }\n' })).findings,
    ).toEqual([['alias/approved', 'db', 3]]);
  });
});

describe('text search', () => {
  const rules = `
    - { kind: coverage, id: documented, source: hosts, requirements: [{ id: named, target: doc_names, match: { source: name, target: value } }] }
    - { kind: orphan, id: retired, source: doc_section, target: hosts, match: { source: value, target: name }, allow_empty: true }
  `;
  const doc = '# Hosts\n\nThe `web` host serves the site, and `db` holds the data.\n\n## Retired\n\n- `mail` moved away.\n';
  test('a backticked name anywhere in the document; names under one heading', async () => {
    expect(
      (await check(rules, { 'inv/hosts.yaml': hosts(), 'docs/HOSTS.md': doc.replace('- `mail` moved away.', '- nothing yet') })).status,
    ).toBe('pass');
    const r = await check(rules, { 'inv/hosts.yaml': hosts(), 'docs/HOSTS.md': doc.replace('`db` holds', 'db holds') });
    expect(r.findings).toEqual([
      ['documented/named', 'db', 3],
      ['retired', 'mail', 7],
    ]);
  });
});

describe('a target that is any of several collections', () => {
  const rules = `
    - kind: reference
      id: probe-host
      source: probes
      field: host
      any_of: [{ target: hosts, target_field: name }, { target: services, target_field: name }]
  `;
  test('found in either collection, or in neither', async () => {
    const probes = 'probes:\n  - { id: p1, host: web }\n  - { id: p2, host: mailer }\nservices:\n  - { name: mailer }\n';
    expect((await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/probes.yaml': probes })).status).toBe('pass');
    expect(
      (await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/probes.yaml': probes.replace('host: mailer', 'host: ftp') })).findings,
    ).toEqual([['probe-host/host', 'p2', 3]]);
  });
});

describe('filtering through a join', () => {
  const rules =
    `- { kind: require, id: shop-data, source: hosts, where: { $join: { collection: sites, match: { source: site, ` +
    `target: id }, where: { owner: Ines } } }, equals: { role: app } }`;
  test('only hosts whose site row has owner Ines are checked', async () => {
    expect(
      (await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/sites.yaml': sites().replace('owner: Ines', 'owner: Omar') })).status,
    ).toBe('warn'); // nothing selected
    expect((await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/sites.yaml': sites() })).findings).toEqual([
      ['shop-data/equals/role', 'db', 3],
    ]);
  });
});

describe('case-insensitive comparison and transforms', () => {
  test('lower case on both sides of a join; a suffix stripped', async () => {
    const rules =
      `- { kind: reference, id: t, source: sites, field: { field: targets, transform: [lower, { strip_suffix: ` +
      `.local }] }, target: hosts, target_field: { field: name, transform: [lower] } }`;
    expect(
      (await check(rules, { 'inv/sites.yaml': sites().replace('[web, db]', '[WEB.local, Db]'), 'inv/hosts.yaml': hosts() })).status,
    ).toBe('pass');
    expect(
      (await check(rules, { 'inv/sites.yaml': sites().replace('[web, db]', '[WEB.lan]'), 'inv/hosts.yaml': hosts() })).findings,
    ).toEqual([['t/targets', 'shop', 3]]);
  });
  test('a transform in a filter', async () => {
    const rules = `- { kind: require, id: r, source: hosts, where: { role: { transform: [upper], in: [DATA] } }, equals: { port: 5432 } }`;
    expect((await check(rules, { 'inv/hosts.yaml': hosts().replace('role: data', 'role: Data') })).status).toBe('pass');
  });
});

describe('requirements that apply where their source exists; any of several addresses', () => {
  test('if_present: no findings while the target list is absent, findings once it exists', async () => {
    const rules =
      `- { kind: coverage, id: alias, source: hosts, requirements: [{ id: listed, target: aliases, if_present: true, ` +
      `match: { source: name, target: host } }] }`;
    expect((await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': 'required_services: []\n' })).status).toBe('pass');
    expect((await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/policy.yaml': 'aliases:\n  - { host: web }\n' })).findings).toEqual([
      ['alias/listed', 'db', 3],
    ]);
  });
  test('parity with any_of on the source, and missing: source', async () => {
    const rules =
      `- { kind: parity, id: p, source: probes, target: hosts, match: { source: host, target: name }, fields: ` +
      `[{ source: { any_of: [ip, alt_ip] }, target: port, missing: source }] }`;
    const probes = (a: string) => `probes:\n  - { id: p1, host: web${a} }\n`;
    expect((await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/probes.yaml': probes(', alt_ip: 80') })).status).toBe('pass');
    expect((await check(rules, { 'inv/hosts.yaml': hosts(), 'inv/probes.yaml': probes('') })).findings).toEqual([['p/ip|alt_ip', 'p1', 2]]);
  });
});

describe('bad use of the language is exit 2 at the configuration line', () => {
  test.each([
    [
      'a duration without a unit',
      '- { kind: require, source: sites, satisfies: { reviewed: { max_age: 14 } } }',
      /must be string|must match pattern/,
    ],
    [
      'a lead written in words',
      '- { kind: require, source: sites, satisfies: { expires_at: { min_ahead: two days } } }',
      /must be string|must match pattern/,
    ],
    ['an unknown transform', '- { kind: unique, source: hosts, field: { field: name, transform: [reverse] } }', /transform/],
    [
      'a join to an unknown collection',
      '- { kind: require, source: hosts, where: { $join: { collection: nowhere, match: { source: site, target: id } } }, non_empty: [name] }',
      /unknown collection "nowhere"/,
    ],
    [
      'path_exists given a string',
      '- { kind: require, source: sites, satisfies: { runbook: { path_exists: "yes" } } }',
      /path_exists must be boolean|path_exists must be equal to one of the allowed values/,
    ],
    [
      'path_exists given an unknown kind',
      '- { kind: require, source: sites, satisfies: { runbook: { path_exists: executable_file } } }',
      /path_exists/,
    ],
    [
      'a reference with both a target and any_of',
      '- { kind: reference, source: probes, field: host, target: hosts, target_field: name, any_of: [{ target: hosts, target_field: name }] }',
      /a reference needs either target and target_field, or any_of \(not both\)/,
    ],
  ])('%s', async (_name, rule, message) => {
    const cwd = tempDir({ [CONFIG]: config(rule) });
    const r = await runCli(['list', '--cwd', cwd]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:(2\d|3\d):\d+: /);
    expect(r.stderr).toMatch(message);
  });
});

describe('Markdown front matter, one record per file of a glob, and the file as a field', () => {
  const COLLECTIONS = y`
    collections:
      notes: { file: "docs/notes/*.md", shape: document, front_matter: true, file_as: path, label: "{path}", entity: "{path}" }
      exemptions: { file: inv/exempt.yaml, shape: list, select: exempt, key: file }
  `;
  const gate = (rules: string) =>
    `${COLLECTIONS}add_gates:\n  - id: D701\n    name: notes\n    description: x\n    severity: error\n    lanes: [core]\n    fix_hint: x\n    rules:\n${rules
      .trim()
      .split('\n')
      .map((l) => `      ${l.trim()}`)
      .join('\n')}\n`;
  const run1 = async (rules: string, files: Record<string, string>) => {
    const cwd = tempDir({ [CONFIG]: gate(rules) });
    const snapshot = new MemorySnapshot(files, 'memory');
    const opts = { cwd, gates: ['D701'], snapshot, clock };
    const g = (await runPrepared(prepare(opts), opts)).gates[0];
    return { status: g.status, findings: g.findings.map((f) => [f.check, f.entity, `${f.file}:${f.line}`]) };
  };
  const note = (front: string, body = '# A note\n') => `---\n${front}---\n\n${body}`;
  const fresh = `- { kind: require, id: fresh, source: notes, where: { status: authoritative }, satisfies: { verified: { max_age: 30d } } }`;

  test('each file is a record at its own lines; a file without front matter holds none; the body is not read', async () => {
    const r = await run1(fresh, {
      'docs/notes/a.md': note('status: authoritative\nverified: 2026-03-01\n'),
      'docs/notes/b.md': note('status: draft\nverified: 2020-01-01\n'),
      'docs/notes/c.md': note('owner: ops\nstatus: authoritative\nverified: 2026-01-01\n'),
      'docs/notes/plain.md': '# No front matter\n\nstatus: authoritative\nverified: 2020-01-01\n',
      'docs/notes/body.md': note('status: authoritative\nverified: 2026-03-02\n', '---\nverified: 2020-01-01\n---\n'),
    });
    expect(r).toEqual({ status: 'fail', findings: [['fresh/satisfies/verified', 'docs/notes/c.md', 'docs/notes/c.md:4']] });
  });

  test('a front matter that is not YAML is a finding at its line (its line in the Markdown file)', async () => {
    const r = await run1(fresh, { 'docs/notes/a.md': note('status: [authoritative\n'), 'docs/notes/b.md': note('status: draft\n') });
    expect(r.findings).toEqual([['file/parse', undefined, 'docs/notes/a.md:3']]);
  });

  test('file_as: the path as a field, to filter and join by (here: not exempt by base name)', async () => {
    const exempt = '{ collection: exemptions, if_present: true, match: { source: { field: path, transform: [basename] }, target: file } }';
    const rules = `- { kind: require, id: fresh, source: notes, where: { $not: { $join: ${exempt} } }, satisfies: { verified: { max_age: 30d } } }`;
    const files = { 'docs/notes/a.md': note('verified: 2020-01-01\n'), 'docs/notes/b.md': note('verified: 2020-01-01\n') };
    expect((await run1(rules, { ...files, 'inv/exempt.yaml': 'exempt:\n  - file: a.md\n' })).findings).toEqual([
      ['fresh/satisfies/verified', 'docs/notes/b.md', 'docs/notes/b.md:2'],
    ]);
    // `if_present`: no exemptions file exempts nothing, and is no finding.
    expect((await run1(rules, files)).findings.map((f) => f[1])).toEqual(['docs/notes/a.md', 'docs/notes/b.md']);
    // Without it, a joined collection's missing file is a finding, as before.
    const strict = rules.replace('if_present: true, ', '');
    expect((await run1(strict, files)).findings).toContainEqual(['file/missing', undefined, 'inv/exempt.yaml:0']);
  });

  test.each([
    [
      'front_matter on a table',
      'collections:\n  t: { file: docs/a.md, shape: table, heading: X, columns: { a: A }, front_matter: true }\n',
      /front_matter reads the YAML/,
    ],
    [
      'file_as that is not a field name',
      'collections:\n  t: { file: docs/a.yaml, shape: document, file_as: "the path" }\n',
      /file_as must match pattern/,
    ],
    [
      'if_present given a string on a join',
      gate(
        '- { kind: require, source: notes, where: { $join: { collection: exemptions, if_present: yes, match: { source: path, target: file } } }, ' +
          'non_empty: [path] }',
      ),
      /if_present must be boolean/,
    ],
  ])('%s is exit 2 at its line', async (_name, text, message) => {
    const cwd = tempDir({ [CONFIG]: text });
    const r = await runCli(['list', '--cwd', cwd]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:\d+:\d+: /);
    expect(r.stderr).toMatch(message);
  });
});
