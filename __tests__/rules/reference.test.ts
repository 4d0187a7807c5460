import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';
import { DEVICES } from './devices';

const host = (extra: Record<string, unknown> = {}) => ({
  id: 'host',
  source: 'vms',
  field: 'host',
  target: 'hosts',
  target_field: 'id',
  ...extra,
});

testRuleKind('reference', ESTATE, {
  valid: [
    { name: 'every VM names a host that exists', rule: host() },
    {
      name: 'a dotted field through a list of maps: each item is looked up',
      rule: host({ id: 'link', field: 'links.host' }),
      data: estateWith(
        'inv/vms.yaml',
        'host: h1, ip: 10.0.0.1,',
        'host: h1, links: [{ host: h2 }, { port: 22 }, { host: h1 }], ip: 10.0.0.1,',
      ),
    },
    { name: 'a record without the field is not checked', rule: host(), data: estateWith('inv/vms.yaml', 'host: h2, ', '') },
    {
      name: '`any_of`: the named record may be in any of several collections',
      rule: {
        id: 'target',
        source: 'probes',
        field: 'target',
        any_of: [
          { target: 'hosts', target_field: 'id' },
          { target: 'vms', target_field: 'name' },
        ],
      },
      data: estateWith('inv/probes.yaml', 'target: db,', 'target: h2,'),
    },
    {
      name: '`transform` compares after it',
      rule: host({ transform: ['lower'] }),
      data: estateWith('inv/vms.yaml', 'host: h2', 'host: H2'),
    },
  ],
  invalid: [
    {
      name: 'a dotted field through a list of maps: an item naming nothing, at the list',
      rule: host({ id: 'link', field: 'links.host' }),
      data: estateWith('inv/vms.yaml', 'host: h1, ip: 10.0.0.1,', 'host: h1, links: [{ host: h2 }, { host: h9 }], ip: 10.0.0.1,'),
      findings: [{ check: 'link/links.host', entity: 'web:h9', at: 'inv/vms.yaml:2' }],
    },
    {
      name: 'a host that does not exist',
      rule: host(),
      data: estateWith('inv/vms.yaml', 'host: h2', 'host: h9'),
      findings: [
        {
          check: 'host/host',
          entity: 'db',
          at: 'inv/vms.yaml:3',
          message: 'VM db: host "h9" names nothing in inv/hosts.yaml (no entry with id = "h9")',
        },
      ],
    },
    {
      name: 'a list field names one record per item, each its own finding',
      rule: host(),
      data: estateWith('inv/vms.yaml', 'host: h2', 'host: [h2, h7]'),
      findings: [{ check: 'host/host', entity: 'db:h7', at: 'inv/vms.yaml:3' }],
    },
    {
      name: 'through a per-field transform: the value as written, the form it was compared as, the target field',
      rule: {
        id: 'host',
        source: 'vms',
        field: { field: 'host', transform: [{ strip_prefix: 'pve-' }] },
        target: 'hosts',
        target_field: { field: 'id', transform: ['lower'] },
      },
      data: estateWith('inv/vms.yaml', 'host: h2', 'host: pve-H9'),
      findings: [
        {
          check: 'host/host',
          entity: 'db',
          at: 'inv/vms.yaml:3',
          message: 'VM db: host "pve-H9" names nothing in inv/hosts.yaml (no entry with id = "H9")',
        },
      ],
    },
  ],
});

testRuleKind('reference', DEVICES, {
  valid: [
    {
      name: 'devices sit in racks that exist',
      rule: { id: 'rack', source: 'devices', field: 'rack', target: 'racks', target_field: 'name' },
    },
  ],
  invalid: [
    {
      name: 'a device in a rack that does not exist',
      rule: { id: 'rack', source: 'devices', field: 'rack', target: 'racks', target_field: 'name' },
      data: { 'inventory/devices.yaml': DEVICES.data['inventory/devices.yaml'] + '  - { id: pdu1, rack: r9, serial: EF56, u: 44 }\n' },
      findings: [
        {
          check: 'rack/rack',
          entity: 'pdu1',
          at: 'inventory/devices.yaml:6',
          message: 'device pdu1: rack "r9" names nothing in inventory/racks.yaml (no entry with name = "r9")',
        },
      ],
    },
  ],
});
