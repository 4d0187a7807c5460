import { checkGate, summary } from '../helpers/gateHarness';
import { CAP } from '../helpers/paths';

const NAMES = [
  'infra.proxmox.maintenance.precheck',
  'infra.proxmox.maintenance.shutdown',
  'infra.proxmox.maintenance.startup',
  'infra.post_power.recovery.status',
  'infra.post_power.recovery',
  'infra.maintenance.window',
  'infra.proxmox.node_path.migrate',
];
const cap = (name: string, body = '    plane: fabric\n    domain: infra\n    requires: [ssh.target.status]\n') =>
  `  ${name}:\n    description: ${name}\n${body}`;
const file = (caps: string[]) => `capabilities:\n  unrelated.cap:\n    description: x\n${caps.join('')}`;
const valid = { [CAP]: file(NAMES.map((n) => cap(n))) };

describe('D137 infra-capability-metadata-parity', () => {
  test('valid; the named exemption may have an empty requires', async () => {
    const caps = NAMES.map((n) => (n.endsWith('migrate') ? cap(n, '    plane: fabric\n    domain: infra\n    requires: []\n') : cap(n)));
    expect(await checkGate('D137', { [CAP]: file(caps) })).toMatchObject({ status: 'pass', findings: [] });
    expect((await checkGate('D137', valid)).status).toBe('pass');
  });

  test('invalid: wrong plane, missing domain, empty requires, missing capability', async () => {
    const caps = NAMES.slice(0, 6).map((n, i) =>
      i === 0
        ? cap(n, '    plane: control\n    domain: infra\n    requires: [a]\n')
        : i === 1
          ? cap(n, '    plane: fabric\n    requires: []\n')
          : cap(n),
    );
    const r = await checkGate('D137', { [CAP]: file(caps) });
    expect(r.status).toBe('fail');
    expect(summary(r)).toEqual([
      { check: 'metadata/key/infra.proxmox.node_path.migrate', entity: undefined, at: `${CAP}:1`, severity: 'error' },
      { check: 'metadata/equals/plane', entity: 'infra.proxmox.maintenance.precheck', at: `${CAP}:6`, severity: 'error' },
      { check: 'metadata/equals/domain', entity: 'infra.proxmox.maintenance.shutdown', at: `${CAP}:9`, severity: 'error' },
      { check: 'requires/field/requires', entity: 'infra.proxmox.maintenance.shutdown', at: `${CAP}:12`, severity: 'error' },
    ]);
  });
});
