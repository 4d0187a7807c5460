import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';
import { DEVICES } from './devices';

const vms = (extra: Record<string, unknown>) => ({ id: 'vm', source: 'vms', ...extra });

testRuleKind('require', ESTATE, {
  valid: [
    {
      name: 'fields present, enum, pattern, bounds',
      rule: vms({
        fields: ['name', 'host'],
        enum: { status: ['active', 'retired'] },
        pattern: { ip: '^10\\.' },
        min: { cores: 1 },
        max: { cores: 8 },
      }),
    },
    { name: '`keys`: the named records exist', rule: vms({ keys: ['web', 'db'] }) },
    { name: '`count` and `covers` over the selection', rule: vms({ count: { min: 3 }, covers: { field: 'host', values: ['h1', 'h2'] } }) },
    { name: '`exempt` skips a record', rule: vms({ equals: { status: 'active' }, exempt: ['old'] }) },
    { name: '`pattern` with `ignore_case`', rule: vms({ pattern: { name: { pattern: '^(WEB|DB|OLD)$', ignore_case: true } } }) },
    { name: '`count` with `max`', rule: vms({ where: { status: 'active' }, count: { max: 2 } }) },
    {
      name: '`ignore_case` in a filter: every comparison of the condition folds case',
      rule: vms({
        where: { status: { in: ['ACTIVE'], ignore_case: true }, host: { starts_with: 'H', ignore_case: true } },
        count: { min: 2 },
      }),
    },
  ],
  invalid: [
    {
      name: 'a missing field, a value outside the enum, a pattern failure, out of bounds',
      rule: vms({ fields: ['owner'], enum: { status: ['active'] }, pattern: { ip: '^10\\.0\\.0\\.[12]$' }, max: { cores: 3 } }),
      findings: [
        { check: 'vm/field/owner', entity: 'web', at: 'inv/vms.yaml:2' },
        { check: 'vm/field/owner', entity: 'db', at: 'inv/vms.yaml:3' },
        { check: 'vm/max/cores', entity: 'db', at: 'inv/vms.yaml:3' },
        { check: 'vm/field/owner', entity: 'old', at: 'inv/vms.yaml:4' },
        { check: 'vm/enum/status', entity: 'old', at: 'inv/vms.yaml:4' },
        { check: 'vm/pattern/ip', entity: 'old', at: 'inv/vms.yaml:4' },
      ],
    },
    {
      name: 'a named record that does not exist, at the key the collection selects',
      rule: vms({ keys: ['web', 'mail'] }),
      findings: [{ check: 'vm/key/mail', at: 'inv/vms.yaml:1' }],
    },
    {
      name: 'too few records selected, a value no record covers',
      rule: vms({
        where: { status: 'active' },
        count: { min: 3, message: 'fewer than 3 active VMs' },
        covers: { field: 'host', values: ['h1', 'h3'] },
      }),
      findings: [
        { check: 'vm/covers/host/h3', at: 'inv/vms.yaml:0' },
        { check: 'vm/count', at: 'inv/vms.yaml:0' },
      ],
    },
    {
      name: '`forbid`: a field matching the pattern, named by the pattern',
      rule: vms({ forbid: { fields: ['host'], pattern: '^h2$', message: 'h2 is being retired' } }),
      findings: [
        {
          check: 'vm/forbid/host',
          entity: 'db',
          at: 'inv/vms.yaml:3',
          message: 'VM db: host "h2" matches the forbidden pattern /^h2$/ (h2 is being retired)',
        },
      ],
    },
    {
      name: '`forbid` with `what` and `ignore_case`: the finding says what the pattern forbids',
      rule: vms({ forbid: { fields: ['host'], pattern: '^H2$', ignore_case: true, what: 'a retired host' } }),
      findings: [{ check: 'vm/forbid/host', entity: 'db', at: 'inv/vms.yaml:3', message: 'VM db: host holds a retired host "h2"' }],
    },
    {
      name: '`pattern` is case-sensitive without `ignore_case`',
      rule: vms({ pattern: { name: '^(WEB|DB|OLD)$' } }),
      findings: [
        { check: 'vm/pattern/name', entity: 'web', at: 'inv/vms.yaml:2' },
        { check: 'vm/pattern/name', entity: 'db', at: 'inv/vms.yaml:3' },
        { check: 'vm/pattern/name', entity: 'old', at: 'inv/vms.yaml:4' },
      ],
    },
    {
      name: '`count` with `max`: each record beyond it is a finding at its line',
      rule: vms({ count: { max: 1 } }),
      findings: [
        { check: 'vm/count', entity: 'db', at: 'inv/vms.yaml:3', message: 'VM db: 3 vms record(s), expected at most 1' },
        { check: 'vm/count', entity: 'old', at: 'inv/vms.yaml:4' },
      ],
    },
    {
      name: '`satisfies`: any filter condition as an assertion',
      rule: vms({ satisfies: { cores: { in: [2, 4] } } }),
      data: estateWith('inv/vms.yaml', 'cores: 1', 'cores: 3'),
      findings: [{ check: 'vm/satisfies/cores', entity: 'old', at: 'inv/vms.yaml:4' }],
    },
  ],
});

const position = {
  id: 'position',
  source: 'devices',
  where: { kind: { not: 'virtual' } },
  min: { u: 1 },
  max: { u: 42 },
  pattern: { serial: '^[A-Z0-9]+$' },
};

testRuleKind('require', DEVICES, {
  valid: [
    { name: 'positions inside the rack (devices)', rule: position },
    {
      name: 'an explicit kind beats the defaults: a virtual device needs no position',
      rule: position,
      data: { 'inventory/devices.yaml': DEVICES.data['inventory/devices.yaml'] + '  - { id: vm1, kind: virtual, serial: VM1 }\n' },
    },
  ],
  invalid: [
    {
      name: 'out of bounds and a pattern failure, each at its line (devices)',
      rule: position,
      data: {
        'inventory/devices.yaml':
          DEVICES.data['inventory/devices.yaml'] +
          '  - { id: pdu1, rack: r9, serial: AB12, u: 44 }\n  - { id: vm1, kind: virtual, serial: VM1 }\n  - { id: ups1, rack: r1, serial: ups-9, u: 1 }\n',
      },
      findings: [
        { check: 'position/max/u', entity: 'pdu1', at: 'inventory/devices.yaml:6' },
        { check: 'position/pattern/serial', entity: 'ups1', at: 'inventory/devices.yaml:8' },
      ],
    },
  ],
});

/** A text collection and `count: { max: 0 }`: what a document must not contain, each occurrence at its line. */
const NOTES = {
  files: { notes: 'docs/NOTES.md' },
  collections: {
    todo: { file: 'notes', shape: 'text', pattern: '\\b(todo|fixme)\\b', ignore_case: true, label: 'marker {value}' },
    retired: { file: 'notes', shape: 'text', heading: 'Retired', label: 'retired {value}' },
  },
  data: { 'docs/NOTES.md': '# Notes\n\nAll good here.\n\n## Retired\n\n`old-vm`\n' },
};

testRuleKind('require', NOTES, {
  valid: [
    { name: 'a document without the forbidden markers', rule: { id: 'clean', source: 'todo', count: { max: 0 }, allow_empty: true } },
  ],
  invalid: [
    {
      name: 'must not contain: every marker, whatever its case, at its line',
      rule: { id: 'clean', source: 'todo', count: { max: 0, message: 'no open markers in the notes' } },
      data: { 'docs/NOTES.md': '# Notes\n\nTODO: check\n\nfixme later\n' },
      findings: [
        { check: 'clean/count', entity: 'TODO', at: 'docs/NOTES.md:3', message: 'marker TODO: no open markers in the notes' },
        { check: 'clean/count', entity: 'fixme', at: 'docs/NOTES.md:5' },
      ],
    },
  ],
});
