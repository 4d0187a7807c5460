import { checkGate, summary, y } from '../helpers/gateHarness';
import { L, S, H, B, SR, ST } from '../helpers/paths';
import { editsOf, withEdit } from '../helpers/edits';

const lifecycle = y`
  defaults:
    proxmox_host: pve
  vms:
    - vmid: 301
      hostname: alpha
      status: active
      tailscale_ip: 100.64.0.1
    - id: 302
      hostname: beta
      status: active
      tailscale_ip: 100.64.0.2
      has_docker: false
    - vmid: 303
      hostname: gamma
      status: planning
      tailscale_ip: PENDING_TAILSCALE
    - vmid: 110
      hostname: homebox
      status: active
      site_scope: home
`;

const valid: Record<string, string> = {
  [L]: lifecycle,
  [S]: y`
    ssh:
      targets:
        - id: alpha
          host: 100.64.0.1
        - id: beta
          host: 100.64.0.2
        - id: nas
          host: 100.64.0.9
        - id: switch-shop
          host: 192.168.1.2
          access_method: lan_only
  `,
  [SR]: y`
    hosts:
      alpha: { tailscale_ip: 100.64.0.1, vmid: 301 }
      beta: { tailscale_ip: 100.64.0.2 }
  `,
  [B]: y`
    targets:
      - { name: vm-301, glob: "vzdump-qemu-301-*.vma.zst" }
      - { name: vm-302, glob: "vzdump-qemu-302-*.vma.zst" }
  `,
  [H]: y`
    endpoints:
      - { id: alpha-web, host: alpha }
  `,
  [ST]: y`
    stacks:
      - { stack_id: a, name: Alpha apps, path: "proxmox:vm-301" }
      - { stack_id: b, name: Beta tools (beta), path: infra/beta }
  `,
};

const edit = editsOf(valid);

describe('D69 vm-creation-governance-lock', () => {
  test('valid: every touchpoint present; planning, home-site and has_docker:false VMs handled', async () => {
    const r = await checkGate('D69', valid);
    expect(r.status).toBe('pass');
    expect(r.findings).toEqual([]);
  });

  test('valid: `id` stands in for `vmid` (newer lifecycle files)', async () => {
    // beta only has `id: 302`; its backup glob is found through the alias.
    expect(summary(await checkGate('D69', valid)).filter((f) => f.entity === 'beta')).toEqual([]);
  });

  const invalid: Array<[string, Record<string, string>, ReturnType<typeof summary>]> = [
    [
      'ssh target removed',
      edit(S, / {4}- id: alpha\n {6}host: 100.64.0.1\n/, ''),
      [{ check: 'touchpoint/ssh-target', entity: 'alpha', at: `${L}:5`, severity: 'error' }],
    ],
    [
      'ssh host differs from tailscale_ip',
      edit(S, 'host: 100.64.0.1', 'host: 100.64.0.99'),
      [{ check: 'touchpoint/ssh-target/lan_ip|tailscale_ip', entity: 'alpha', at: `${L}:7`, severity: 'error' }],
    ],
    [
      'service-registry vmid differs',
      edit('docs/governance/SERVICE_REGISTRY.yaml', 'vmid: 301', 'vmid: 399'),
      [{ check: 'touchpoint/registry-host/vmid', entity: 'alpha', at: `${L}:4`, severity: 'error' }],
    ],
    [
      'backup glob removed',
      edit('ops/bindings/backup.inventory.yaml', '"vzdump-qemu-301-*.vma.zst"', '"vzdump-qemu-*.vma.zst"'),
      [{ check: 'touchpoint/backup', entity: 'alpha', at: `${L}:4`, severity: 'error' }],
    ],
    [
      'all health endpoints of a host removed',
      edit('ops/bindings/services.health.yaml', 'host: alpha', 'host: elsewhere'),
      [{ check: 'touchpoint/health-probe', entity: 'alpha', at: `${L}:5`, severity: 'error' }],
    ],
    [
      'PENDING_ hostname on an active VM',
      edit(L, 'hostname: alpha', 'hostname: PENDING_NAME'),
      [
        { check: 'placeholder/forbid/hostname', entity: 'PENDING_NAME', at: `${L}:5`, severity: 'error' },
        expect.objectContaining({ check: 'touchpoint/ssh-target', entity: 'PENDING_NAME' }),
        expect.objectContaining({ check: 'touchpoint/registry-host' }),
        expect.objectContaining({ check: 'touchpoint/health-probe' }),
        expect.objectContaining({ check: 'ssh-orphan', entity: 'alpha' }),
      ],
    ],
    [
      'orphan ssh target',
      { ...valid, [S]: valid[S] + '    - id: ghost\n      host: 100.64.0.50\n' },
      [{ check: 'ssh-orphan', entity: 'ghost', at: `${S}:12`, severity: 'error' }],
    ],
    [
      'ssh.targets.yaml deleted',
      Object.fromEntries(Object.entries(valid).filter(([k]) => k !== S)),
      [{ check: 'file/missing', entity: undefined, at: `${S}:0`, severity: 'error' }],
    ],
  ];

  test.each(invalid)('invalid: %s', async (_name, files, expected) => {
    const r = await checkGate('D69', files);
    expect(r.status).toBe('fail');
    expect(summary(r)).toEqual(expected);
  });

  test('a missing stack only warns', async () => {
    const r = await checkGate(
      'D69',
      edit(
        'docs/governance/STACK_REGISTRY.yaml',
        '{ stack_id: a, name: Alpha apps, path: "proxmox:vm-301" }',
        '{ stack_id: a, name: Alphabet, path: infra/a }',
      ),
    );
    expect(r.status).toBe('warn');
    expect(summary(r)).toEqual([{ check: 'touchpoint/stack', entity: 'alpha', at: `${L}:4`, severity: 'warn' }]);
  });

  test('message names the entity and the file it is missing from', async () => {
    const r = await checkGate('D69', edit(S, / {4}- id: alpha\n {6}host: 100.64.0.1\n/, ''));
    expect(r.findings[0]).toMatchObject({
      gate: 'D69',
      line: 5,
      column: 5,
      message: `VM 301 (alpha): missing from ${S} (no entry with id = "alpha")`,
      related: { file: S },
    });
  });

  test('no active VM selected: warns that it checked nothing instead of passing', async () => {
    const r = await checkGate('D69', edit(L, /status: active/g, 'status: planning'));
    expect(r.status).toBe('warn');
    expect(r.note).toMatch(/checked nothing/);
  });

  test('skip when the lifecycle file does not exist', async () => {
    const r = await checkGate('D69', Object.fromEntries(Object.entries(valid).filter(([k]) => k !== L)));
    expect(r.status).toBe('skip');
  });
});

describe('D69 details', () => {
  test('an empty service-registry host entry (`alpha:` with nothing under it) does not count', async () => {
    const r = await checkGate('D69', {
      ...valid,
      [SR]: 'hosts:\n  alpha:\n  beta: { tailscale_ip: 100.64.0.2 }\n',
    });
    expect(summary(r)).toEqual([{ check: 'touchpoint/registry-host', entity: 'alpha', at: `${L}:5`, severity: 'error' }]);
  });

  describe('both eras of data: LAN-first SSH targets and the runtime-unit backup model (March 2026)', () => {
    // The same estate as the newer files write it: SSH hosts are LAN addresses, targets carry their own
    // Tailscale address, and the backup inventory describes each VM as a runtime unit.
    const march: Record<string, string> = {
      ...valid,
      [L]: lifecycle.replace('tailscale_ip: 100.64.0.1\n', 'tailscale_ip: 100.64.0.1\n    lan_ip: 192.168.1.31\n'),
      [S]: valid[S].replace('host: 100.64.0.1\n', 'host: 192.168.1.31\n      tailscale_ip: 100.64.0.1\n'),
      [B]:
        valid[B] +
        y`
          runtime_units:
            - { unit_id: vm-alpha, kind: vm, hostname: alpha, backup_profile: p, data_class: c, destination_lane: l, schedule_class: s, restore_class: r }
            - { unit_id: vm-beta, kind: vm, hostname: beta, backup_profile: p, data_class: c, destination_lane: l, schedule_class: s, restore_class: r }
        `,
    };
    const at = (key: string) => `${L}:${march[L].split('\n').findIndex((l) => l.includes(key)) + 1}`;

    test('valid: the SSH host is the LAN address, the own Tailscale address of the target agrees, every VM has its unit', async () => {
      expect(await checkGate('D69', march)).toMatchObject({ status: 'pass', findings: [] });
    });

    test.each([
      [
        'the SSH host is neither address',
        (f: Record<string, string>) => withEdit(f, S, (t) => t.replace('host: 192.168.1.31', 'host: 192.168.1.99')),
        [{ check: 'touchpoint/ssh-target/lan_ip|tailscale_ip', entity: 'alpha', at: at('lan_ip: 192.168.1.31'), severity: 'error' }],
      ],
      [
        'the own Tailscale address of the target differs',
        (f: Record<string, string>) => withEdit(f, S, (t) => t.replace('tailscale_ip: 100.64.0.1', 'tailscale_ip: 100.64.0.77')),
        [{ check: 'touchpoint/ssh-target/tailscale_ip', entity: 'alpha', at: at('tailscale_ip: 100.64.0.1'), severity: 'error' }],
      ],
      [
        'a VM without its runtime unit',
        (f: Record<string, string>) => withEdit(f, B, (t) => t.replace(/ {2}- \{ unit_id: vm-beta.*\n/, '')),
        [{ check: 'touchpoint/backup-model', entity: 'beta', at: at('hostname: beta'), severity: 'error' }],
      ],
      [
        'a unit without one of the five classes',
        (f: Record<string, string>) =>
          withEdit(f, B, (t) => t.replace('hostname: alpha, backup_profile: p, data_class: c', 'hostname: alpha, backup_profile: p')),
        [{ check: 'touchpoint/backup-model', entity: 'alpha', at: at('hostname: alpha'), severity: 'error' }],
      ],
    ])('invalid: %s', async (_name, mutate, expected) => {
      expect(summary(await checkGate('D69', mutate(march)))).toEqual(expected);
    });

    test('older inventories without runtime_units are not asked for units (the requirement applies where its source exists)', async () => {
      expect((await checkGate('D69', valid)).findings.filter((f) => f.check === 'touchpoint/backup-model')).toEqual([]);
    });
  });
});
