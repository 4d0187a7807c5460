import * as fs from 'node:fs';
import { parse } from 'yaml';
import { checkGate, summary, y } from '../helpers/gateHarness';
import { L, C, S, SR, DI, atRoot, H, B, ST } from '../helpers/paths';
import { editsOf } from '../helpers/edits';

// One VM in each phase before active, each with what its phase requires; an active VM (D69's row,
// not this gate's) with nothing; a home-site VM; a retired one.
const lifecycle = y`
  defaults:
    proxmox_host: pve
  vms:
    - vmid: 401
      hostname: plan-box
      status: planning
      lan_ip: PENDING_DHCP
      tailscale_ip: PENDING_TAILSCALE
    - vmid: 402
      hostname: prov-box
      status: provisioned
      lan_ip: 10.1.0.2
      tailscale_ip: PENDING_TAILSCALE
    - vmid: 403
      hostname: reg-box
      status: registered
      lan_ip: 10.1.0.3
      tailscale_ip: 100.64.1.3
    - vmid: 404
      hostname: live-box
      status: active
    - vmid: 405
      hostname: home-box
      status: registered
      site_scope: home
    - vmid: 406
      hostname: gone-box
      status: decommissioned
      lan_ip: PENDING_NEVER
`;

const valid: Record<string, string> = {
  [L]: lifecycle,
  [S]: y`
    ssh:
      targets:
        - { id: reg-box, host: 10.1.0.3 }
  `,
  [SR]: y`
    hosts:
      reg-box: { tailscale_ip: 100.64.1.3 }
  `,
  // The touchpoint files the later phases read; nothing in them for these VMs.
  [B]: 'targets: []\n',
  [H]: 'endpoints: []\n',
  [ST]: 'stacks: []\n',
  [DI]: y`
    ### Shop VM LAN IPs (static)

    | VM | Canonical Name | LAN IP | VMID | Notes |
    |----|----------------|--------|------|-------|
    | reg-box | \`reg-box\` | 10.1.0.33 | 403 | reserved |
  `,
};

const edit = editsOf(valid);

describe('D140 vm-lifecycle-phase-contract', () => {
  test('valid: each phase has what it requires; active VMs are left to D69, home VMs need no shop touchpoints', async () => {
    const r = await checkGate('D140', valid);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
  });

  test('does not apply where the repository has no lifecycle file', async () => {
    expect(await checkGate('D140', { [S]: valid[S] })).toMatchObject({ status: 'skip' });
  });

  const invalid: Array<[string, Record<string, string>, ReturnType<typeof summary>]> = [
    [
      'a status the contract does not know (a typo of registered)',
      edit(L, 'status: registered\n    lan_ip: 10.1.0.3', 'status: registerd\n    lan_ip: 10.1.0.3'),
      [{ check: 'status/status', entity: 'reg-box', at: `${L}:16`, severity: 'error' }],
    ],
    [
      'provisioned without a LAN address (a placeholder is allowed, but it is no address)',
      edit(L, 'lan_ip: 10.1.0.2', 'lan_ip: PENDING_DHCP'),
      [{ check: 'lan-ip/satisfies/lan_ip', entity: 'prov-box', at: `${L}:12`, severity: 'error' }],
    ],
    [
      'registered with a placeholder left',
      edit(L, 'tailscale_ip: 100.64.1.3', 'tailscale_ip: PENDING_TAILSCALE'),
      [{ check: 'placeholder/forbid/tailscale_ip', entity: 'reg-box', at: `${L}:18`, severity: 'error' }],
    ],
    [
      'registered without its SSH target',
      edit(S, '    - { id: reg-box, host: 10.1.0.3 }\n', ''),
      [{ check: 'touchpoint/ssh-target', entity: 'reg-box', at: `${L}:15`, severity: 'error' }],
    ],
    [
      'registered without its SERVICE_REGISTRY host',
      edit(SR, '  reg-box: { tailscale_ip: 100.64.1.3 }\n', ''),
      [{ check: 'touchpoint/registry-host', entity: 'reg-box', at: `${L}:15`, severity: 'error' }],
    ],
    [
      'a planning VM moved to provisioned before it has an address',
      edit(L, 'status: planning', 'status: provisioned'),
      [{ check: 'lan-ip/satisfies/lan_ip', entity: 'plan-box', at: `${L}:7`, severity: 'error' }],
    ],
  ];

  test.each(invalid)('invalid: %s', async (_name, files, expected) => {
    const r = await checkGate('D140', files);
    expect(summary(r)).toEqual(expected);
    expect(r.status).toBe('fail');
  });

  test("the repository's own contract replaces the shipped one: its statuses, and the touchpoints it asks of them", async () => {
    const contract = y`
      required_vm_fields: [vmid, hostname, status]
      statuses:
        - { status: planning, phase: PLAN, touchpoints: [], placeholders: true, live: true }
        - { status: provisioned, phase: PROVISION, touchpoints: [lan-ip], placeholders: true, live: true }
        - { status: registered, phase: REGISTER, touchpoints: [lan-ip, ssh-target, registry-host, backup, ip-row], placeholders: false, live: true }
        - { status: active, phase: OPERATE, touchpoints: [ssh-target, registry-host, backup, health-probe], placeholders: false, live: true }
    `;
    const r = await checkGate('D140', { ...valid, [C]: contract });
    // Its registered row asks for a backup and an IP row that agrees; it knows no decommissioned status.
    expect(summary(r)).toEqual([
      { check: 'status/status', entity: 'gone-box', at: `${L}:28`, severity: 'error' },
      { check: 'touchpoint/backup', entity: 'reg-box', at: `${L}:14`, severity: 'error' },
      { check: 'ip-row/lan-ip-row/lan_ip', entity: 'reg-box', at: `${L}:17`, severity: 'error' },
    ]);
    const fixed = {
      ...valid,
      [C]: contract,
      [B]: 'targets:\n  - { name: vm-403, glob: "vzdump-qemu-403-*.vma.zst" }\n',
      [DI]: valid[DI].replace('10.1.0.33', '10.1.0.3'),
    };
    expect(summary(await checkGate('D140', fixed)).map((f) => f.check)).toEqual(['status/status']);
  });

  test('a contract file without statuses falls back to the shipped one (older repositories)', async () => {
    const r = await checkGate('D140', { ...valid, [C]: 'required_vm_fields: [vmid, hostname]\n' });
    expect(r.findings).toEqual([]);
  });

  test('a broken contract blocks with its location, never a silent pass', async () => {
    const r = await checkGate('D140', { ...valid, [C]: 'statuses:\n  - { status: planning, phase: PLAN\n' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]).toMatchObject({ check: 'file/parse', file: C, line: expect.any(Number) });
  });

  test("the shipped contract's active row is what D69 and D100 check, and every phase the contract names exists", () => {
    const contract = parse(fs.readFileSync(atRoot('bindings', 'vm.lifecycle.contract.yaml'), 'utf8'));
    const registry = parse(fs.readFileSync(atRoot('bindings', 'gate.registry.yaml'), 'utf8'));
    const d69 = registry.gates.find((g: { id: string }) => g.id === 'D69');
    const touchpoints = d69.rules.find((r: { id: string }) => r.id === 'touchpoint').requirements.map((q: { id: string }) => q.id);
    const active = contract.statuses.find((s: { status: string }) => s.status === 'active');
    expect(active.touchpoints).toEqual([...touchpoints, 'ip-row']);
    // The statuses are all there, each with one of the six phases.
    for (const s of ['planning', 'provisioned', 'registered', 'active', 'decommissioned', 'abandoned']) {
      expect(contract.statuses.map((x: { status: string }) => x.status)).toContain(s);
    }
  });
});
