import { checkGate, summary, y } from '../helpers/gateHarness';
import { L, S, H, CT, SR, B, ST } from '../helpers/paths';
import { editsOf } from '../helpers/edits';

// old-files (501) is retired; its hostname `wiki` was taken over by an active VM (503); 502 was
// abandoned before it ran anything.
const lifecycle = y`
  vms:
    - vmid: 501
      hostname: old-files
      status: decommissioned
    - vmid: 502
      hostname: never-box
      status: abandoned
    - vmid: 503
      hostname: wiki
      status: active
    - vmid: 504
      hostname: wiki
      status: decommissioned
`;

// Everything retiring may leave behind, and nothing more.
const valid: Record<string, string> = {
  [L]: lifecycle,
  [S]: y`
    ssh:
      targets:
        - { id: wiki, host: 10.2.0.3 }
  `,
  [H]: y`
    endpoints:
      - { id: files-old, host: old-files, enabled: false }
      - { id: wiki-web, host: wiki, enabled: true }
  `,
  [CT]: y`
    targets:
      old-files: { ssh_target: wiki, enabled: false }
      wiki: { ssh_target: wiki }
  `,
  [SR]: y`
    services:
      samba: { host: old-files, status: deprecated }
      wiki: { host: wiki, status: active }
  `,
  [B]: y`
    targets:
      - { name: vm-501-final, glob: "vzdump-qemu-501-*.vma.zst", enabled: false }
      - { name: vm-504-final, glob: "vzdump-qemu-504-*.vma.zst", enabled: true, final_archive: true }
      - { name: vm-503, glob: "vzdump-qemu-503-*.vma.zst", enabled: true }
  `,
  [ST]: y`
    stacks:
      - { stack_id: files, name: Files, deploy_target: "proxmox:vm-501", status: decommissioned }
      - { stack_id: wiki, name: Wiki, deploy_target: "proxmox:vm-503", status: active }
  `,
};

const edit = editsOf(valid);

describe('D141 vm-decommission-ripple', () => {
  test('valid: disabled probe and compose target, deprecated service, disabled or final-archive backup, retired stack; a reused hostname', async () => {
    const r = await checkGate('D141', valid);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
  });

  const invalid: Array<[string, Record<string, string>, ReturnType<typeof summary>]> = [
    [
      'an enabled probe for a retired VM',
      edit(H, '{ id: files-old, host: old-files, enabled: false }', '{ id: files-old, host: old-files, enabled: true }'),
      [{ check: 'ripple/health-probe', entity: 'old-files', at: `${H}:2`, severity: 'error' }],
    ],
    [
      'a probe without an enabled field is enabled',
      edit(H, '{ id: files-old, host: old-files, enabled: false }', '{ id: files-old, host: old-files }'),
      [{ check: 'ripple/health-probe', entity: 'old-files', at: `${H}:2`, severity: 'error' }],
    ],
    [
      'an SSH target left for an abandoned VM',
      edit(S, '    - { id: wiki, host: 10.2.0.3 }\n', '    - { id: wiki, host: 10.2.0.3 }\n    - { id: never-box, host: 10.2.0.2 }\n'),
      [{ check: 'ripple/ssh-target', entity: 'never-box', at: `${S}:4`, severity: 'error' }],
    ],
    [
      'an enabled compose target',
      edit(CT, 'old-files: { ssh_target: wiki, enabled: false }', 'old-files: { ssh_target: wiki }'),
      [{ check: 'ripple/compose-target', entity: 'old-files', at: `${CT}:2`, severity: 'error' }],
    ],
    [
      'an active service still on the VM',
      edit(SR, 'samba: { host: old-files, status: deprecated }', 'samba: { host: old-files, status: active }'),
      [{ check: 'ripple/service', entity: 'old-files', at: `${SR}:2`, severity: 'error' }],
    ],
    [
      'a backup job still expecting fresh images',
      edit(
        B,
        '{ name: vm-501-final, glob: "vzdump-qemu-501-*.vma.zst", enabled: false }',
        '{ name: vm-501-final, glob: "vzdump-qemu-501-*.vma.zst", enabled: true }',
      ),
      [{ check: 'ripple/backup', entity: 'old-files', at: `${B}:2`, severity: 'error' }],
    ],
    [
      'a backup job of a VM whose hostname was reused is still its own (matched by vmid)',
      edit(B, 'enabled: true, final_archive: true', 'enabled: true'),
      [{ check: 'ripple/backup', entity: 'wiki', at: `${B}:3`, severity: 'error' }],
    ],
    [
      'a stack still deploying to it',
      edit(ST, 'deploy_target: "proxmox:vm-501", status: decommissioned', 'deploy_target: "proxmox:vm-501", status: active'),
      [{ check: 'ripple/stack', entity: 'old-files', at: `${ST}:2`, severity: 'error' }],
    ],
  ];

  test.each(invalid)('invalid: %s', async (_name, files, expected) => {
    const r = await checkGate('D141', files);
    expect(summary(r)).toEqual(expected);
    expect(r.status).toBe('fail');
  });

  test('a finding names the retired VM at its own line, and says what to do', async () => {
    const r = await checkGate('D141', edit(H, '{ id: files-old, host: old-files, enabled: false }', '{ id: files-old, host: old-files }'));
    expect(r.findings[0].related).toMatchObject({ file: L, line: 2 });
    expect(r.findings[0].message).toBe(
      'health endpoint files-old still refers to decommissioned VM 501 (old-files): remove the probe, or set enabled false',
    );
  });

  test('a VM brought back to active has no ripple to leave', async () => {
    const r = await checkGate('D141', edit(L, /(hostname: old-files\n\s+status: )decommissioned/, '$1active'));
    expect(r.findings).toEqual([]);
  });
});
