import { prepare, runPrepared } from '../../src/run';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import { tempDir } from '../helpers/tempDir';
import { y } from '../helpers/gateHarness';
import { CONFIG } from '../helpers/paths';

/** Rule kinds the seed gates do not exercise fully, through a gate a repository adds itself. */
const config = y`
  files:
    racks: inventory/racks.yaml
    devices: inventory/devices.yaml
  collections:
    racks: { file: racks, shape: map, select: racks, key_as: name, label: "rack {name}" }
    devices: { file: devices, shape: list, select: devices, key: id, label: "device {id}", defaults_from: defaults }
  add_gates:
    - id: D600
      name: device-placement
      description: Devices sit in racks that exist, with unique serials and positions inside the rack.
      severity: error
      lanes: [core]
      fix_hint: Fix the device.
      rules:
        - { kind: reference, id: rack, source: devices, field: rack, target: racks, target_field: name }
        - { kind: unique, id: serial, source: devices, field: serial }
        - { kind: require, id: position, source: devices, where: { kind: { not: virtual } }, min: { u: 1 }, max: { u: 42 }, pattern: { serial: '^[A-Z0-9]+$' } }
`;

const racks = 'racks:\n  r1: { height: 42 }\n  r2: { height: 12 }\n';
const devices = (extra = '') =>
  `defaults:\n  kind: physical\ndevices:\n  - { id: sw1, rack: r1, serial: AB12, u: 40 }\n  - { id: srv1, rack: r2, serial: CD34, u: 3 }\n${extra}`;

async function run(files: Record<string, string>) {
  const cwd = tempDir({ [CONFIG]: config });
  const opts = { cwd, gates: ['D600'], snapshot: new MemorySnapshot(files) };
  return (await runPrepared(prepare(opts), opts)).gates[0];
}

describe('rule kinds: reference, unique, require bounds and patterns, defaults_from', () => {
  test('valid', async () => {
    const g = await run({ 'inventory/racks.yaml': racks, 'inventory/devices.yaml': devices() });
    expect(g).toMatchObject({ status: 'pass', findings: [] });
  });

  test('a dangling reference, a duplicate, out-of-bounds and pattern failures, each at its line', async () => {
    const g = await run({
      'inventory/racks.yaml': racks,
      'inventory/devices.yaml': devices(
        '  - { id: pdu1, rack: r9, serial: AB12, u: 44 }\n  - { id: vm1, kind: virtual, serial: VM1 }\n  - { id: ups1, rack: r1, serial: ups-9, u: 1 }\n',
      ),
    });
    expect(g.findings.map((f) => [f.check, f.entity, f.line])).toEqual([
      ['rack/rack', 'pdu1', 6],
      ['serial/serial', 'pdu1', 6],
      ['position/max/u', 'pdu1', 6],
      ['position/pattern/serial', 'ups1', 8],
    ]);
    expect(g.findings[0].message).toBe('device pdu1: rack "r9" names nothing in inventory/racks.yaml (no entry with name = "r9")');
    expect(g.findings[1].message).toBe('device pdu1: serial AB12 is already used by device sw1 (line 4)');
    // vm1 is virtual (an explicit kind beats the defaults), so its position is not required.
    expect(g.findings.some((f) => f.entity === 'vm1' && f.check.startsWith('position/min'))).toBe(false);
  });
});
