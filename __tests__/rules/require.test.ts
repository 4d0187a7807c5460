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
      name: 'a named record that does not exist, against the file',
      rule: vms({ keys: ['web', 'mail'] }),
      findings: [{ check: 'vm/key/mail', at: 'inv/vms.yaml:0' }],
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
      name: '`forbid`: a field matching the pattern',
      rule: vms({ forbid: { fields: ['host'], pattern: '^h2$', message: 'h2 is being retired' } }),
      findings: [{ check: 'vm/forbid/host', entity: 'db', at: 'inv/vms.yaml:3' }],
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
