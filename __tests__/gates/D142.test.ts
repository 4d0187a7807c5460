import { checkGate, summary, y } from '../helpers/gateHarness';
import { L, S, CT, SR, B, ST } from '../helpers/paths';
import { editsOf, withoutFile } from '../helpers/edits';

const valid: Record<string, string> = {
  [L]: y`
    vms:
      - { vmid: 601, hostname: app-one, status: active, backup_target: vm-601-app-one }
      - { vmid: 602, hostname: app-two, status: planning, backup_target: PENDING_BACKUP_TARGET }
      - { vmid: 603, hostname: app-old, status: decommissioned, backup_target: vm-603-gone }
  `,
  [B]: y`
    targets:
      - { name: vm-601-app-one, glob: "vzdump-qemu-601-*.vma.zst" }
  `,
  [SR]: y`
    services:
      web: { host: app-one, status: active }
      dns: { host: nas-box, status: active }
    hosts:
      nas-box: { tailscale_ip: 100.64.2.9 }
  `,
  [S]: y`
    ssh:
      targets:
        - { id: app-one, host: 10.3.0.1 }
  `,
  [CT]: y`
    targets:
      app-one: { ssh_target: app-one }
  `,
  [ST]: y`
    stacks:
      - { stack_id: web, name: Web, deploy_target: "proxmox:vm-601" }
      - { stack_id: cloud, name: Cloud, deploy_target: "hosted" }
  `,
};

const edit = editsOf(valid);

describe('D142 vm-reference-integrity', () => {
  test(
    'valid: references resolve; a planning VM may hold a placeholder; a retired VM is not checked; ' +
      'a non-VM deploy target is not a VM reference',
    async () => {
      const r = await checkGate('D142', valid);
      expect(r.findings).toEqual([]);
      expect(r.status).toBe('pass');
    },
  );

  const invalid: Array<[string, Record<string, string>, ReturnType<typeof summary>]> = [
    [
      "a VM's backup_target names no backup job (the short name of the real February data)",
      edit(L, 'backup_target: vm-601-app-one', 'backup_target: vm-601-primary'),
      [{ check: 'backup-target/backup_target', entity: 'app-one', at: `${L}:2`, severity: 'error' }],
    ],
    [
      'an active VM with a placeholder backup_target',
      edit(L, 'status: active, backup_target: vm-601-app-one', 'status: active, backup_target: PENDING_BACKUP_TARGET'),
      [{ check: 'placeholder/forbid/backup_target', entity: 'app-one', at: `${L}:2`, severity: 'error' }],
    ],
    [
      "a service's host names neither a VM nor a registered host",
      edit(SR, 'dns: { host: nas-box', 'dns: { host: nas-bx'),
      [{ check: 'service-host/host', entity: 'dns', at: `${SR}:3`, severity: 'error' }],
    ],
    [
      "a compose target's ssh_target names no SSH target",
      edit(CT, 'app-one: { ssh_target: app-one }', 'app-one: { ssh_target: app-1 }'),
      [{ check: 'compose-ssh-target/ssh_target', entity: 'app-one', at: `${CT}:2`, severity: 'error' }],
    ],
    [
      "a stack's deploy_target names no VM",
      edit(ST, 'deploy_target: "proxmox:vm-601"', 'deploy_target: "proxmox:vm-610"'),
      [{ check: 'stack-deploy-target/deploy_target', entity: 'web', at: `${ST}:2`, severity: 'error' }],
    ],
  ];

  test.each(invalid)('invalid: %s', async (_name, files, expected) => {
    const r = await checkGate('D142', files);
    expect(summary(r)).toEqual(expected);
    expect(r.status).toBe('fail');
  });

  test('the message quotes the value as written and what it was compared as', async () => {
    const r = await checkGate('D142', edit(ST, 'deploy_target: "proxmox:vm-601"', 'deploy_target: "proxmox:vm-610"'));
    expect(r.findings[0].message).toBe(
      `stack web: deploy_target "proxmox:vm-610" names nothing in ${L} (no entry with "vm-{vmid}" = "vm-610")`,
    );
  });

  test('a removed target file blocks every reference into it, never a silent pass', async () => {
    const r = await checkGate('D142', withoutFile(valid, B));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => [f.check, f.file])).toContainEqual(['file/missing', B]);
  });
});
