import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';
import { DEVICES } from './devices';

testRuleKind('unique', ESTATE, {
  valid: [
    { name: 'addresses differ', rule: { id: 'ip', source: 'vms', field: 'ip' } },
    { name: 'a composite key is unique as a pair', rule: { id: 'placement', source: 'vms', field: ['host', 'status'] } },
    {
      name: '`where` compares only the selected records',
      rule: { id: 'ip', source: 'vms', where: { status: 'active' }, field: 'ip' },
      data: estateWith('inv/vms.yaml', 'ip: 10.0.0.9', 'ip: 10.0.0.1'),
    },
  ],
  invalid: [
    {
      name: 'a repeat, reported against the first use',
      rule: { id: 'ip', source: 'vms', field: 'ip' },
      data: estateWith('inv/vms.yaml', 'ip: 10.0.0.9', 'ip: 10.0.0.1'),
      findings: [
        { check: 'ip/ip', entity: 'old', at: 'inv/vms.yaml:4', message: 'VM old: ip 10.0.0.1 is already used by VM web (line 2)' },
      ],
    },
    {
      name: 'a composite key repeated',
      rule: { id: 'placement', source: 'vms', field: ['host', 'status'] },
      data: estateWith('inv/vms.yaml', 'status: retired', 'status: active'),
      findings: [{ check: 'placement/host+status', entity: 'old', at: 'inv/vms.yaml:4' }],
    },
    {
      name: '`transform` compares after it (case-insensitive)',
      rule: { id: 'host', source: 'vms', where: { status: 'active' }, field: 'host', transform: ['lower'] },
      data: estateWith('inv/vms.yaml', 'host: h2', 'host: H1'),
      findings: [{ check: 'host/host', entity: 'db', at: 'inv/vms.yaml:3' }],
    },
  ],
});

testRuleKind('unique', DEVICES, {
  valid: [{ name: 'serials differ (devices)', rule: { id: 'serial', source: 'devices', field: 'serial' } }],
  invalid: [
    {
      name: 'a serial used twice (devices)',
      rule: { id: 'serial', source: 'devices', field: 'serial' },
      data: { 'inventory/devices.yaml': DEVICES.data['inventory/devices.yaml'] + '  - { id: pdu1, rack: r9, serial: AB12, u: 44 }\n' },
      findings: [
        {
          check: 'serial/serial',
          entity: 'pdu1',
          at: 'inventory/devices.yaml:6',
          message: 'device pdu1: serial AB12 is already used by device sw1 (line 4)',
        },
      ],
    },
  ],
});
