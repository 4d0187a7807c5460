import { checkGate, summary, y } from '../helpers/gateHarness';
import { L, P, C } from '../helpers/paths';
import { withEdit, withoutFile } from '../helpers/edits';

const profile = (id: number, omit?: string) =>
  y`
  - vmid: ${id}
    ssh_mode: standard
    runtime_inspection_mode: docker-group
    health_probe_policy: full
    startup_policy: auto
    diagnostic_user_policy: docker-group-member
    backup_policy: vzdump-scheduled
`
    .split('\n')
    .filter((l) => l.trim() && (!omit || !l.includes(omit)))
    .map((l) => `  ${l}`)
    .join('\n');

const valid: Record<string, string> = {
  [L]: y`
    vms:
      - { vmid: 301, hostname: alpha, status: active, proxmox_host: pve }
      - { vmid: 302, hostname: beta, status: active, proxmox_host: proxmox-home }
      - { vmid: 303, hostname: gamma, status: decommissioned }
  `,
  [P]: `profiles:\n${profile(301)}\n${profile(302)}\n`,
  [C]: y`
    required_vm_fields:
      - vmid
      - hostname
      - status
  `,
};

describe('D86 vm-operating-profile-parity', () => {
  test('valid', async () => {
    expect(await checkGate('D86', valid)).toMatchObject({ status: 'pass', findings: [] });
  });

  test('skip where no operating-profile file exists', async () => {
    expect(await checkGate('D86', withoutFile(valid, P))).toMatchObject({ status: 'skip', findings: [] });
  });

  test('active VM without a profile (home VMs included)', async () => {
    const r = await checkGate('D86', { ...valid, [P]: `profiles:\n${profile(301)}\n` });
    expect(summary(r)).toEqual([{ check: 'profile/operating-profile', entity: 'beta', at: `${L}:3`, severity: 'error' }]);
  });

  test('invalid enum value and missing enum field', async () => {
    const files = {
      ...valid,
      [P]: `profiles:\n${profile(301).replace('ssh_mode: standard', 'ssh_mode: telnet')}\n${profile(302, 'backup_policy')}\n`,
    };
    const r = await checkGate('D86', files);
    expect(summary(r)).toEqual([
      { check: 'profile-enum/enum/ssh_mode', entity: '301', at: `${P}:3`, severity: 'error' },
      { check: 'profile-enum/enum/backup_policy', entity: '302', at: `${P}:9`, severity: 'error' },
    ]);
  });

  test('profile of an unknown VM is an orphan', async () => {
    const r = await checkGate('D86', { ...valid, [P]: `${valid[P]}${profile(399)}\n` });
    expect(summary(r)).toEqual([{ check: 'profile-orphan', entity: '399', at: `${P}:16`, severity: 'error' }]);
    expect(r.findings[0].message).toBe(`operating profile 399 (?): no active VM 399 in ${L} (retire the profile with its VM)`);
  });

  test('a profile left behind for a retired VM is an orphan too', async () => {
    const r = await checkGate('D86', { ...valid, [P]: `${valid[P]}${profile(303)}\n` });
    expect(summary(r)).toEqual([{ check: 'profile-orphan', entity: '303', at: `${P}:16`, severity: 'error' }]);
  });

  test('contract fields are checked as written: `id` does not satisfy a required `vmid`', async () => {
    const r = await checkGate(
      'D86',
      withEdit(valid, L, (t) => t.replace('{ vmid: 301', '{ id: 301')),
    );
    expect(summary(r)).toEqual([{ check: 'contract/field/vmid', entity: 'alpha', at: `${L}:2`, severity: 'error' }]);
    expect(r.findings[0].message).toBe('VM 301 (alpha): missing required field "vmid"');
  });

  test('a missing contract file fails where the gate applies', async () => {
    expect(summary(await checkGate('D86', withoutFile(valid, C)))).toEqual([
      { check: 'file/missing', entity: undefined, at: `${C}:0`, severity: 'error' },
    ]);
  });
});
