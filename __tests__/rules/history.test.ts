import { testRuleKind, BASE_LABEL, type RuleFixture } from '../helpers/ruleTester';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { CONFIG } from '../helpers/paths';
import { prepare } from '../../src/run';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import { findWeakenings } from '../../src/governance/findWeakenings';
import { paramRoles } from '../../src/governance/paramRoles';

/**
 * The history kind's table: each row a head (the fixture with the row's `data`) compared with a base (the
 * fixture with the row's `base`, named `parent 0123456789ab`). VMs are keyed by vmid (an older era wrote
 * `id`), backups by name; one record a line (VMs 301, 302, 303 on lines 2–4; backups on lines 2–3).
 */
const VMS = [
  'vms:',
  '  - { vmid: 301, hostname: web, mac: "aa-01", status: active, created: 2025-01-10 }',
  '  - { vmid: 302, hostname: db, mac: "aa-02", status: active, created: 2025-02-01 }',
  '  - { vmid: 303, hostname: old, mac: "aa-03", status: retired, created: 2024-06-01 }',
  '',
].join('\n');

const BACKUPS = [
  'defaults: { stale_after_hours: 26 }',
  'backups:',
  '  - { name: web-nightly, retention_days: 30, keep: 14d, stale_after_hours: 26 }',
  '  - { name: db-nightly, retention_days: 90, keep: 2w }',
  '',
].join('\n');

const HOSTS = ['hosts:', '  h1: { ip: 10.0.1.1 }', '  h2: { ip: 10.0.1.2 }', ''].join('\n');

const FIXTURE: RuleFixture = {
  files: { vms: 'inv/vms.yaml', backups: 'inv/backups.yaml', hosts: 'inv/hosts.yaml' },
  collections: {
    vms: {
      file: 'vms',
      shape: 'list',
      select: 'vms',
      key: 'vmid',
      aliases: { vmid: ['id'] },
      label: 'VM {vmid} ({hostname})',
      entity: '{hostname}',
    },
    backups: { file: 'backups', shape: 'list', select: 'backups', key: 'name', defaults_from: 'defaults', label: 'backup {name}' },
    hosts: { file: 'hosts', shape: 'map', select: 'hosts', key_as: 'id', label: 'host {id}' },
  },
  data: { 'inv/vms.yaml': VMS, 'inv/backups.yaml': BACKUPS, 'inv/hosts.yaml': HOSTS },
};

/** A file of the fixture with one piece replaced (it must be there). */
function edit(file: string, from: string, to: string): Record<string, string> {
  const text = FIXTURE.data[file];
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  return { [file]: text.replace(from, to) };
}

const vms = (from: string, to: string) => edit('inv/vms.yaml', from, to);
const backups = (from: string, to: string) => edit('inv/backups.yaml', from, to);
const DB = '  - { vmid: 302, hostname: db, mac: "aa-02", status: active, created: 2025-02-01 }\n';
const OLD = '  - { vmid: 303, hostname: old, mac: "aa-03", status: retired, created: 2024-06-01 }\n';

const KEEP_VMS = { source: 'vms', where: { status: 'active' }, never_removed: true, never_reused: { identity: ['hostname', 'mac'] } };
const RETENTION = {
  id: 'retention',
  source: 'backups',
  never_decreases: ['retention_days', 'keep'],
  never_increases: ['stale_after_hours'],
};

testRuleKind('history', FIXTURE, {
  valid: [
    { name: 'the base and the head hold the same records', rule: { ...KEEP_VMS, unchanged: ['created'] } },
    {
      name: 'a record added',
      rule: KEEP_VMS,
      data: vms('  - { vmid: 303', '  - { vmid: 304, hostname: new, mac: "aa-04", status: active }\n  - { vmid: 303'),
    },
    { name: 'a record removed that the base did not select (retired)', rule: KEEP_VMS, data: vms(OLD, '') },
    {
      name: 'a retention raised, a staleness lowered',
      rule: RETENTION,
      data: backups('retention_days: 30, keep: 14d, stale_after_hours: 26', 'retention_days: 45, keep: 3w, stale_after_hours: 12'),
    },
    {
      name: 'a field set for the first time (base without it)',
      rule: { source: 'vms', unchanged: ['created'] },
      base: vms(', created: 2025-01-10', ''),
    },
    { name: 'a rename keeps the key: one identity field is the same', rule: KEEP_VMS, data: vms('hostname: db', 'hostname: database') },
    {
      name: 'the key field renamed between eras (vmid → id, an alias)',
      rule: KEEP_VMS,
      base: { 'inv/vms.yaml': VMS.replace(/vmid:/g, 'id:') },
    },
    {
      name: 'a first commit: no file in the base, every record new',
      rule: { ...KEEP_VMS, unchanged: ['created'] },
      base: { 'inv/vms.yaml': null },
    },
    { name: 'a base without the selected key: every record new', rule: KEEP_VMS, base: { 'inv/vms.yaml': 'version: 1\n' } },
    {
      name: 'a base value that is no number, duration or time holds nothing',
      rule: RETENTION,
      base: backups('retention_days: 30', 'retention_days: lots'),
    },
    {
      name: 'a date moved later',
      rule: { source: 'vms', never_decreases: ['created'] },
      data: vms('created: 2025-01-10', 'created: 2025-01-11T08:00:00Z'),
    },
    {
      name: 'a time on the same day as the base date is not earlier',
      rule: { source: 'vms', never_decreases: ['created'] },
      base: vms('created: 2025-01-10', 'created: 2025-01-10T12:00:00Z'),
    },
    {
      name: 'a number written as a string compares as the number',
      rule: RETENTION,
      data: backups('retention_days: 30', 'retention_days: "30"'),
    },
    {
      name: 'a record the head does not select is not compared',
      rule: { ...RETENTION, where: { retention_days: { gte: 60 } } },
      data: backups('retention_days: 30', 'retention_days: 7'),
    },
    { name: 'if_present: the head has no vms key', rule: { ...KEEP_VMS, if_present: true }, data: { 'inv/vms.yaml': 'version: 1\n' } },
    {
      name: 'a map collection, its key the map key',
      rule: { source: 'hosts', never_removed: true, unchanged: ['ip'] },
      data: { 'inv/hosts.yaml': `${HOSTS}  h3: { ip: 10.0.1.3 }\n` },
    },
    {
      name: 'a duplicate YAML key in the base: its last value is read',
      rule: { source: 'hosts', unchanged: ['ip'] },
      base: { 'inv/hosts.yaml': `${HOSTS}  h2: { ip: 10.0.1.2 }\n` },
    },
    {
      name: 'no base (not a git repository): said in a note, not passed in silence',
      rule: KEEP_VMS,
      base: 'not in a git repository',
      note: /^history: not compared with a base: not in a git repository$/,
    },
    {
      name: 'a base that does not parse: said in a note',
      rule: KEEP_VMS,
      base: { 'inv/vms.yaml': 'vms: [\n  - {\n' },
      note: /^history: not compared with parent 0123456789ab, whose inv\/vms\.yaml:\d+ cannot be read: cannot parse YAML/,
    },
    {
      name: 'a binary base: said in a note',
      rule: RETENTION,
      base: { 'inv/backups.yaml': Buffer.from([0x62, 0x00, 0x01]) },
      note: /^retention: not compared with parent 0123456789ab, whose inv\/backups\.yaml cannot be read: .*binary/,
    },
    {
      name: 'a key on two base records: those are not compared, said in a note',
      rule: { ...KEEP_VMS, unchanged: ['created'] },
      base: vms('vmid: 303, hostname: old', 'vmid: 302, hostname: db2'),
      data: vms('created: 2025-02-01', 'created: 2026-01-01'),
      note: /^history: parent 0123456789ab has the key 302 on more than one record; that record is not compared$/,
    },
  ],
  invalid: [
    {
      name: 'a selected record removed: at the head file, the base location related',
      rule: KEEP_VMS,
      data: vms(DB, ''),
      findings: [
        {
          check: 'history/removed',
          entity: 'db',
          at: 'inv/vms.yaml:0',
          related: 'inv/vms.yaml:3',
          message: `VM 302 (db) is removed: it was in ${BASE_LABEL} (inv/vms.yaml line 3), and records of vms are never removed`,
        },
      ],
    },
    {
      name: 'the key field emptied: the record is gone as far as its key goes',
      rule: KEEP_VMS,
      data: vms('vmid: 302, ', ''),
      findings: [{ check: 'history/removed', entity: 'db', at: 'inv/vms.yaml:0' }],
    },
    {
      // (A deleted file makes the gate not apply; governance/scopeDeletions.ts holds that deletion to be a weakening.)
      name: 'the selected key removed at the head: the file has the wrong shape',
      rule: KEEP_VMS,
      data: { 'inv/vms.yaml': 'version: 1\n' },
      findings: [{ check: 'file/shape', at: 'inv/vms.yaml:1' }],
    },
    {
      name: 'a number that went down, at its line, the base value related',
      rule: RETENTION,
      data: backups('retention_days: 30', 'retention_days: 7'),
      findings: [
        {
          check: 'retention/decreased/retention_days',
          entity: 'web-nightly',
          at: 'inv/backups.yaml:3',
          related: 'inv/backups.yaml:3',
          message: `backup web-nightly: retention_days went down from 30 in ${BASE_LABEL} to 7: it never decreases`,
        },
      ],
    },
    {
      name: 'a duration that went down (2w → 10d)',
      rule: RETENTION,
      data: backups('keep: 2w', 'keep: 10d'),
      findings: [
        {
          check: 'retention/decreased/keep',
          entity: 'db-nightly',
          at: 'inv/backups.yaml:4',
          message: /went down from "2w" in .* to "10d"/,
        },
      ],
    },
    {
      name: 'a guarded field unset',
      rule: RETENTION,
      data: backups('retention_days: 90, ', ''),
      findings: [
        {
          check: 'retention/decreased/retention_days',
          entity: 'db-nightly',
          at: 'inv/backups.yaml:4',
          message: /was 90 in .* and is now unset/,
        },
      ],
    },
    {
      name: 'a value that cannot be compared with the base',
      rule: RETENTION,
      data: backups('retention_days: 30', 'retention_days: forever'),
      findings: [
        {
          check: 'retention/decreased/retention_days',
          entity: 'web-nightly',
          at: 'inv/backups.yaml:3',
          message: /"forever" cannot be compared with 30/,
        },
      ],
    },
    {
      name: 'a number that went up (never_increases)',
      rule: RETENTION,
      data: backups('keep: 14d, stale_after_hours: 26', 'keep: 14d, stale_after_hours: 48'),
      findings: [
        {
          check: 'retention/increased/stale_after_hours',
          entity: 'web-nightly',
          at: 'inv/backups.yaml:3',
          message: /went up from 26 .* to 48/,
        },
      ],
    },
    {
      name: 'a default raised: every record that takes it went up (the record itself is located)',
      rule: RETENTION,
      data: backups('defaults: { stale_after_hours: 26 }', 'defaults: { stale_after_hours: 72 }'),
      findings: [{ check: 'retention/increased/stale_after_hours', entity: 'db-nightly', at: 'inv/backups.yaml:4' }],
    },
    {
      name: 'a date moved earlier',
      rule: { source: 'vms', never_decreases: ['created'] },
      data: vms('created: 2025-01-10', 'created: 2024-12-31'),
      findings: [{ check: 'history/decreased/created', entity: 'web', at: 'inv/vms.yaml:2' }],
    },
    {
      name: 'an immutable field changed, and one unset',
      rule: { source: 'vms', unchanged: ['created', 'mac'] },
      data: { 'inv/vms.yaml': VMS.replace('created: 2025-01-10', 'created: 2025-03-01').replace('mac: "aa-02", ', '') },
      findings: [
        {
          check: 'history/changed/created',
          entity: 'web',
          at: 'inv/vms.yaml:2',
          message: /created was "2025-01-10" in .* and never changes once set \(now "2025-03-01"\)/,
        },
        { check: 'history/changed/mac', entity: 'db', at: 'inv/vms.yaml:3', message: /mac was "aa-02" in .* and is now unset/ },
      ],
    },
    {
      name: 'a key reused: every identity field differs',
      rule: KEEP_VMS,
      data: vms('vmid: 302, hostname: db, mac: "aa-02"', 'vmid: 302, hostname: cache, mac: "bb-07"'),
      findings: [
        {
          check: 'history/reused',
          entity: 'cache',
          at: 'inv/vms.yaml:3',
          related: 'inv/vms.yaml:3',
          message: `VM 302 (cache) reuses the key 302 of VM 302 (db) in ${BASE_LABEL}: hostname "db" → "cache", mac "aa-02" → "bb-07"`,
        },
      ],
    },
    {
      name: 'a key reused while the old one is removed elsewhere',
      rule: KEEP_VMS,
      data: {
        'inv/vms.yaml': VMS.replace('vmid: 301, hostname: web, mac: "aa-01"', 'vmid: 301, hostname: db, mac: "aa-02"').replace(DB, ''),
      },
      findings: [
        { check: 'history/reused', entity: 'db', at: 'inv/vms.yaml:2' },
        { check: 'history/removed', entity: 'db', at: 'inv/vms.yaml:0', related: 'inv/vms.yaml:3' },
      ],
    },
    {
      name: 'the rule severity applies',
      rule: { ...RETENTION, severity: 'warn' },
      data: backups('retention_days: 30', 'retention_days: 7'),
      findings: [{ check: 'retention/decreased/retention_days', entity: 'web-nightly', at: 'inv/backups.yaml:3', severity: 'warn' }],
    },
    {
      name: 'the head unreadable: its own problem, located',
      rule: KEEP_VMS,
      data: { 'inv/vms.yaml': 'vms: [\n' },
      findings: [{ check: 'file/parse', at: 'inv/vms.yaml:2' }],
    },
  ],
});

/** A configuration declaring the fixture's collections and one gate with the given history rule (YAML flow). */
function configWith(rule: string, params = ''): string {
  return [
    'files: { vms: inv/vms.yaml, backups: inv/backups.yaml }',
    'collections:',
    '  vms: { file: vms, shape: list, select: vms, key: vmid, label: "VM {vmid}" }',
    '  unkeyed: { file: backups, shape: list, select: backups, label: "backup {name}" }',
    'add_gates:',
    '  - id: D9001',
    '    name: history-use',
    '    description: x',
    '    severity: error',
    '    lanes: [core]',
    '    fix_hint: x',
    ...(params ? [`    params: ${params}`] : []),
    '    rules:',
    `      - ${rule}`,
    '',
  ].join('\n');
}

/** The line of the rule in configWith's text (without params). */
const RULE_LINE = 13;

describe('bad use of a history rule is exit 2 at the configuration line', () => {
  test.each([
    ['a misspelt check', '{ kind: history, source: vms, never_decrease: [cores] }', RULE_LINE, /never_decrease/],
    ['a field list that is a string', '{ kind: history, source: vms, never_decreases: cores }', RULE_LINE, /never_decreases/],
    ['an empty field list', '{ kind: history, source: vms, unchanged: [] }', RULE_LINE, /unchanged/],
    ['never_removed not a boolean', '{ kind: history, source: vms, never_removed: yes }', RULE_LINE, /never_removed/],
    [
      'never_reused without identity',
      '{ kind: history, source: vms, never_reused: { fields: [hostname] } }',
      RULE_LINE,
      /never_reused|identity/,
    ],
    ['no check at all', '{ kind: history, source: vms }', RULE_LINE, /a history rule needs a check: never_removed, never_decreases/],
    [
      'a collection without a key',
      '{ kind: history, source: unkeyed, never_removed: true }',
      RULE_LINE,
      /collection "unkeyed" declares no key/,
    ],
  ])('%s', async (_name, rule, line, message) => {
    const cwd = tempDir({ [CONFIG]: configWith(rule) });
    const r = await runCli(['list', '--cwd', cwd]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^spine-hooks: spine-hooks\\.config\\.yaml:${line}:\\d+: `));
    expect(r.stderr).toMatch(message);
  });

  test('a parameter that supplies something else than field names, at the parameter', async () => {
    const cwd = tempDir({
      [CONFIG]: configWith('{ kind: history, source: vms, never_decreases: { $param: guarded } }', '{ guarded: 30 }'),
    });
    const r = await runCli(['list', '--cwd', cwd]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:1[34]:\d+: .*never_decreases should be a list of field names/);
  });
});

describe('governance: how a history rule weakens its gate through parameters', () => {
  const rules = [
    {
      kind: 'history',
      source: 'backups',
      never_removed: { $param: 'keep' },
      never_decreases: { $param: 'guarded' },
      never_reused: { identity: { $param: 'identity' } },
    },
  ];

  test('a field list is a requirement, identity fields are alternatives, the switch is opaque', () => {
    expect(Object.fromEntries(paramRoles(rules))).toEqual({ keep: 'opaque', guarded: 'requirement', identity: 'alternatives' });
  });

  const gate = (params: string) =>
    `${configWith('{ kind: history, source: vms, never_decreases: { $param: guarded }, never_reused: { identity: { $param: identity } } }', params)}`;
  const weakened = async (before: string, after: string) => {
    const b = prepare({ cwd: tempDir(), configText: gate(before) }).loaded;
    const a = prepare({ cwd: tempDir(), configText: gate(after) }).loaded;
    const found = await findWeakenings(
      { loaded: b, snapshot: new MemorySnapshot({ [CONFIG]: gate(before) }) },
      { loaded: a, snapshot: new MemorySnapshot({ [CONFIG]: gate(after) }) },
      { configPath: CONFIG, configChanged: true, changed: new Set([CONFIG]) },
    );
    return found.map((w) => w.key);
  };
  const START = '{ guarded: [disk_gb, cores], identity: [hostname] }';

  test.each([
    ['a field no longer guarded', '{ guarded: [disk_gb], identity: [hostname] }', ['param:guarded']],
    ['a field guarded too', '{ guarded: [disk_gb, cores, memory_mb], identity: [hostname] }', []],
    ['an identity field added (more may stay the same)', '{ guarded: [disk_gb, cores], identity: [hostname, mac] }', ['param:identity']],
  ])('%s', async (_name, after, keys) => {
    expect(await weakened(START, after)).toEqual(keys);
  });
});
