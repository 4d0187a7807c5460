import { checkGate, summary, y } from '../helpers/gateHarness';
import { HD, B } from '../helpers/paths';
import { withEdit, withEdits } from '../helpers/edits';

const valid = {
  [HD]: y`
    devices:
      - { id: nas, ip: 10.0.0.150, role: storage }
      - { id: printer, ip: 10.0.0.20, role: office }
  `,
  [B]: y`
    targets:
      - { name: nas-photos, enabled: true, host: nas, base_path: /volume1/photos, glob: "*.tar" }
      - { name: vm-offsite-critical, enabled: true, host: nas, base_path: /volume1/offsite, glob: "*.zst" }
      - { name: app-offsite-old, enabled: false, host: nas, base_path: /volume2/x, glob: "*" }
      - { name: vm-100-primary, enabled: true, host: pve, base_path: /tank/dump, glob: "vzdump-qemu-100-*.vma.zst" }
      - { name: vm-200-primary, enabled: true, host: proxmox-home, base_path: /mnt/dump, glob: "vzdump-qemu-200-*.vma.zst" }
  `,
};

describe('D139 nas-baseline-coverage', () => {
  test('valid', async () => {
    expect(await checkGate('D139', valid)).toMatchObject({ status: 'pass', findings: [] });
  });

  test('the word "nas" appearing elsewhere in the file does not count (the original grep fallback did)', async () => {
    const r = await checkGate(
      'D139',
      withEdit(valid, B, (t) => t.replace(/enabled: true/g, 'enabled: false') + '# nas offsite /volume1\n'),
    );
    expect(summary(r)).toEqual([
      { check: 'nas-backup/count', entity: undefined, at: `${B}:0`, severity: 'error' },
      { check: 'offsite-backup/count', entity: undefined, at: `${B}:0`, severity: 'error' },
      { check: 'host-lanes/covers/host/pve', entity: undefined, at: `${B}:0`, severity: 'error' },
      { check: 'host-lanes/covers/host/proxmox-home', entity: undefined, at: `${B}:0`, severity: 'error' },
      { check: 'host-lanes/covers/host/nas', entity: undefined, at: `${B}:0`, severity: 'error' },
    ]);
  });

  test('NAS device without role, and NAS backups outside /volume1/', async () => {
    const r = await checkGate(
      'D139',
      withEdits(valid, {
        [HD]: (t) => t.replace('ip: 10.0.0.150, role: storage', 'ip: 10.0.0.150'),
        [B]: (t) => t.replace(/\/volume1\//g, '/volume2/'),
      }),
    );
    expect(summary(r)).toEqual([
      { check: 'nas-identity/field/role', entity: 'nas', at: `${HD}:2`, severity: 'error' },
      { check: 'nas-backup/count', entity: undefined, at: `${B}:0`, severity: 'error' },
    ]);
  });

  test('every backup host lane has an enabled target; file_glob targets are complete', async () => {
    const r = await checkGate(
      'D139',
      withEdit(
        valid,
        B,
        (t) =>
          t.replace(
            '{ name: vm-200-primary, enabled: true, host: proxmox-home',
            '{ name: vm-200-primary, enabled: false, host: proxmox-home',
          ) + '  - { name: half, kind: file_glob, enabled: false, host: nas, glob: "*" }\n',
      ),
    );
    expect(summary(r)).toEqual([
      { check: 'host-lanes/covers/host/proxmox-home', entity: undefined, at: `${B}:0`, severity: 'error' },
      { check: 'file-glob-fields/field/base_path', entity: 'half', at: `${B}:7`, severity: 'error' },
    ]);
  });

  test('runtime units cover every class where the inventory has them, and nothing is asked of older inventories', async () => {
    expect(await checkGate('D139', valid)).toMatchObject({ status: 'pass' }); // no runtime_units: does not apply
    const units = (kinds: string[]) =>
      `runtime_units:\n${kinds.map((k, i) => `  - { unit_id: u${i}, kind: ${k}, hostname: h${i} }\n`).join('')}`;
    expect(await checkGate('D139', { ...valid, [B]: valid[B] + units(['machine', 'vm', 'container-fleet']) })).toMatchObject({
      status: 'pass',
    });
    const r = await checkGate('D139', { ...valid, [B]: valid[B] + units(['machine', 'vm']) });
    expect(summary(r)).toEqual([
      { check: 'runtime-unit-classes/covers/kind/container-fleet', entity: undefined, at: `${B}:0`, severity: 'error' },
    ]);
  });

  test('NAS missing from the device registry', async () => {
    const r = await checkGate(
      'D139',
      withEdit(valid, HD, (t) => t.replace('id: nas,', 'id: nas2,')),
    );
    // Reported where the device list is written.
    expect(summary(r)).toEqual([{ check: 'nas-identity/key/nas', entity: undefined, at: `${HD}:1`, severity: 'error' }]);
  });
});
