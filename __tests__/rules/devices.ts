import type { RuleFixture } from '../helpers/ruleTester';

/** Racks (a map) and devices (a list with `defaults_from`), from the rule-kind tests that came before the tables. */
export const DEVICES: RuleFixture = {
  files: { racks: 'inventory/racks.yaml', devices: 'inventory/devices.yaml' },
  collections: {
    racks: { file: 'racks', shape: 'map', select: 'racks', key_as: 'name', label: 'rack {name}' },
    devices: { file: 'devices', shape: 'list', select: 'devices', key: 'id', label: 'device {id}', defaults_from: 'defaults' },
  },
  data: {
    'inventory/racks.yaml': 'racks:\n  r1: { height: 42 }\n  r2: { height: 12 }\n',
    'inventory/devices.yaml':
      'defaults:\n  kind: physical\ndevices:\n  - { id: sw1, rack: r1, serial: AB12, u: 40 }\n  - { id: srv1, rack: r2, serial: CD34, u: 3 }\n',
  },
};
