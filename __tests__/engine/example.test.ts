import { run } from '../../src/run';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import { exampleFiles, lineOf } from '../helpers/example';
import type { RunResult } from '../../src/types';
import { L, S, B, H, DI, SR, ST, EXAMPLE_DIR, CT } from '../helpers/paths';
import { withEdit } from '../helpers/edits';

const base = exampleFiles();
const runOn = (files: Record<string, string>) => run({ cwd: EXAMPLE_DIR, snapshot: new MemorySnapshot(files), gates: undefined });
const failing = (r: RunResult) =>
  r.gates
    .filter((g) => g.status === 'fail')
    .flatMap((g) =>
      g.findings
        .filter((f) => f.severity === 'error')
        .map((f) => ({ gate: f.gate, check: f.check, entity: f.entity, at: `${f.file}:${f.line}` })),
    );

describe('the bundled example repository', () => {
  test('passes every gate with no findings', async () => {
    const r = await run({ cwd: EXAMPLE_DIR, all: true } as never);
    expect(r.exitCode).toBe(0);
    expect(r.gates.map((g) => [g.id, g.status])).toEqual([
      ['D54', 'pass'],
      ['D69', 'pass'],
      ['D86', 'pass'],
      ['D100', 'pass'],
      ['D137', 'pass'],
      ['D138', 'pass'],
      ['D139', 'pass'],
      ['D140', 'pass'],
      ['D141', 'pass'],
      ['D142', 'pass'],
      ['D900', 'pass'],
    ]);
    expect(r.gates.flatMap((g) => g.findings)).toEqual([]);
  });

  test('is realistic: ≥12 VMs on two sites, the four statuses, ≥30 services', () => {
    const vms = base[L].match(/^\s+- vmid: \d+/gm) ?? [];
    expect(vms.length).toBeGreaterThanOrEqual(12);
    for (const s of ['active', 'planning', 'decommissioned', 'template']) expect(base[L]).toMatch(new RegExp(`status: ${s}\\b`));
    expect(base[L]).toMatch(/proxmox_host: pve/);
    expect(base[L]).toMatch(/proxmox_host: proxmox-home/);
    const services = base[SR].split(/^hosts:/m)[0].match(/^ {2}[a-z0-9-]+:\s*$/gm) ?? [];
    expect(services.length).toBeGreaterThanOrEqual(30);
  });
});

describe('single-point mutations of the example fail with the right gate and location', () => {
  const vm = 'hostname: monitoring';
  const cases: Array<[string, () => Record<string, string>, Array<Record<string, unknown>>]> = [
    [
      "a VM's ssh target removed",
      () => withEdit(base, S, (t) => t.replace(/ {4}- id: "monitoring"\n(?: {6}.*\n)+/, '')),
      [
        { gate: 'D69', check: 'touchpoint/ssh-target', entity: 'monitoring', at: `${L}:${lineOf(base[L], vm)}` },
        // The compose target that connects through it now names nothing.
        {
          gate: 'D142',
          check: 'compose-ssh-target/ssh_target',
          entity: 'monitoring',
          at: `ops/bindings/docker.compose.targets.yaml:${lineOf(base[CT], 'ssh_target: monitoring')}`,
        },
      ],
    ],
    [
      'an IP changed in one file (ssh target)',
      () => withEdit(base, S, (t) => t.replace(/(- id: "monitoring"\n {6}host: )"[^"]+"/, '$1"100.93.40.119"')),
      [
        {
          gate: 'D69',
          check: 'touchpoint/ssh-target/lan_ip|tailscale_ip',
          entity: 'monitoring',
          at: `${L}:${lineOf(base[L], 'lan_ip:', vm)}`,
        },
      ],
    ],
    [
      'an IP changed in one file (Markdown)',
      () => withEdit(base, DI, (t) => t.replace('| `switch-shop` | 172.20.10.2 |', '| `switch-shop` | 172.20.10.3 |')),
      [
        {
          gate: 'D54',
          check: 'ssh-vs-device-identity/host',
          entity: 'switch-shop',
          at: `${S}:${lineOf(base[S], 'host:', '- id: "switch-shop"')}`,
        },
        {
          gate: 'D54',
          check: 'device-identity-vs-shop-server/ip',
          entity: 'switch-shop',
          at: `${DI}:${lineOf(base[DI], '`switch-shop` | 172.20.10.2')}`,
        },
      ],
    ],
    [
      'a PENDING_ hostname on an active VM',
      () => withEdit(base, L, (t) => t.replace('tailscale_ip: 100.93.40.118', 'tailscale_ip: PENDING_TAILSCALE')),
      [
        ['placeholder/forbid/tailscale_ip', 'tailscale_ip:'],
        // The SSH target's host (the Tailscale address, as written) is now neither of the VM's addresses.
        ['touchpoint/ssh-target/lan_ip|tailscale_ip', 'lan_ip:'],
        ['touchpoint/registry-host/tailscale_ip', 'tailscale_ip:'],
      ].map(([check, key]) => ({
        gate: 'D69',
        check,
        entity: 'monitoring',
        at: `${L}:${lineOf(base[L], key, vm)}`,
      })),
    ],
    [
      'a backup glob removed',
      () => withEdit(base, B, (t) => t.replace('glob: "vzdump-qemu-302-*.vma.zst"', 'glob: "vzdump-qemu-*.vma.zst"')),
      [{ gate: 'D69', check: 'touchpoint/backup', entity: 'monitoring', at: `${L}:${lineOf(base[L], 'vmid: 302')}` }],
    ],
    [
      'all health endpoints of a host removed',
      () => withEdit(base, H, (t) => t.replace(/host: monitoring/g, 'host: monitoring-old')),
      [{ gate: 'D69', check: 'touchpoint/health-probe', entity: 'monitoring', at: `${L}:${lineOf(base[L], vm)}` }],
    ],
    [
      'an orphan ssh target',
      () => withEdit(base, S, (t) => t.replace('  targets:\n', '  targets:\n    - id: "ghost-vm"\n      host: "100.99.99.99"\n')),
      [{ gate: 'D69', check: 'ssh-orphan', entity: 'ghost-vm', at: `${S}:${lineOf(base[S], '  targets:') + 1}` }],
    ],
    [
      'a duplicated IP',
      () => withEdit(base, S, (t) => t.replace(/(- id: "switch-shop"\n {6}host: )"[^"]+"/, '$1"172.20.10.1"')),
      [
        { gate: 'D54', check: 'unique-ip/host', entity: 'switch-shop', at: `${S}:${lineOf(base[S], 'host:', '- id: "switch-shop"')}` },
        {
          gate: 'D54',
          check: 'ssh-vs-device-identity/host',
          entity: 'switch-shop',
          at: `${S}:${lineOf(base[S], 'host:', '- id: "switch-shop"')}`,
        },
        {
          gate: 'D54',
          check: 'ssh-vs-shop-server/host',
          entity: 'switch-shop',
          at: `${S}:${lineOf(base[S], 'host:', '- id: "switch-shop"')}`,
        },
      ],
    ],
    [
      'an enabled probe for the decommissioned VM 312 (the ripple, D141)',
      () =>
        withEdit(base, H, (t) =>
          t.replace(
            'endpoints:\n',
            'endpoints:\n  - id: samba-old\n    host: fileserver-old\n    url: "http://172.20.10.42:445/"\n    enabled: true\n',
          ),
        ),
      [{ gate: 'D141', check: 'ripple/health-probe', entity: 'fileserver-old', at: `${H}:${lineOf(base[H], 'endpoints:') + 2}` }],
    ],
    [
      'an active service left on the decommissioned VM 312 (D141)',
      () => withEdit(base, SR, (t) => t.replace(/(samba-share:\n(?: {4}.*\n)*? {4}status: )deprecated/, '$1active')),
      [{ gate: 'D141', check: 'ripple/service', entity: 'fileserver-old', at: `${SR}:${lineOf(base[SR], 'host: fileserver-old')}` }],
    ],
    [
      "a VM's backup_target naming no backup job (D142)",
      () => withEdit(base, L, (t) => t.replace('backup_target: vm-302-monitoring-primary', 'backup_target: vm-302-primary')),
      [{ gate: 'D142', check: 'backup-target/backup_target', entity: 'monitoring', at: `${L}:${lineOf(base[L], 'backup_target:', vm)}` }],
    ],
    [
      "a service's host naming nothing (D142)",
      () => withEdit(base, SR, (t) => t.replace(/(go2rtc:\n(?: {4}.*\n)*? {4}host: )vision-stack/, '$1vison-stack')),
      [{ gate: 'D142', check: 'service-host/host', entity: 'go2rtc', at: `${SR}:${lineOf(base[SR], 'host: vision-stack', 'go2rtc:')}` }],
    ],
    [
      "a stack's deploy_target naming no VM (D142)",
      () => withEdit(base, ST, (t) => t.replace('deploy_target: proxmox:vm-309', 'deploy_target: proxmox:vm-399')),
      [
        {
          gate: 'D142',
          check: 'stack-deploy-target/deploy_target',
          entity: 'cam-license',
          at: `${ST}:${lineOf(base[ST], 'deploy_target: proxmox:vm-309')}`,
        },
      ],
    ],
    [
      'a status the lifecycle contract does not know (D140)',
      () => withEdit(base, L, (t) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1parked')),
      [{ gate: 'D140', check: 'status/status', entity: 'ai-lab', at: `${L}:${lineOf(base[L], 'status:', 'hostname: ai-lab')}` }],
    ],
    [
      'a VM moved to registered with placeholders and without its SSH target (D140)',
      () => withEdit(base, L, (t) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1registered')),
      [
        ['placeholder/forbid/tailscale_ip', 'tailscale_ip:'],
        ['placeholder/forbid/lan_ip', 'lan_ip:'],
        ['placeholder/forbid/ssh_target', 'ssh_target:'],
        ['placeholder/forbid/backup_target', 'backup_target:'],
        ['lan-ip/satisfies/lan_ip', 'lan_ip:'],
        ['touchpoint/ssh-target', 'hostname:'],
        ['touchpoint/registry-host', 'hostname:'],
      ]
        .map(([check, key]) => ({ gate: 'D140', check, entity: 'ai-lab', at: `${L}:${lineOf(base[L], key, 'vmid: 311')}` }))
        .concat([
          {
            gate: 'D142',
            check: 'placeholder/forbid/backup_target',
            entity: 'ai-lab',
            at: `${L}:${lineOf(base[L], 'backup_target:', 'vmid: 311')}`,
          },
        ]),
    ],
  ];

  test.each(cases)('%s', async (_n, files, expected) => {
    const r = await runOn(files());
    expect(r.exitCode).toBe(1);
    expect(failing(r)).toEqual(expected);
  });

  test('what retiring VM 312 may leave behind is no leftover: a disabled probe, a disabled or final-archive backup job, a retired stack', async () => {
    const probe = '  - id: samba-old\n    host: fileserver-old\n    url: "http://172.20.10.42:445/"\n    enabled: false\n';
    const job = (extra: string) =>
      `  - name: vm-312-final\n    enabled: ${extra}\n    kind: file_glob\n    host: pve\n` +
      `    base_path: "/tank/backups/vzdump/dump"\n    glob: "vzdump-qemu-312-*.vma.zst"\n    stale_after_hours: 26\n`;
    const files = withEdit(base, H, (t) => t.replace('endpoints:\n', `endpoints:\n${probe}`));
    const ok = await runOn(files);
    expect(ok.gates.find((g) => g.id === 'D141')!.findings).toEqual([]);
    const jobs = (enabled: string) => withEdit(files, B, (t) => t.replace(/^(backup_targets:|targets:)\n/m, (m) => `${m}${job(enabled)}`));
    expect((await runOn(jobs('false'))).gates.find((g) => g.id === 'D141')!.findings).toEqual([]);
    const live = await runOn(jobs('true'));
    expect(live.gates.find((g) => g.id === 'D141')!.findings.map((f) => [f.check, f.entity])).toEqual([
      ['ripple/backup', 'fileserver-old'],
    ]);
    const archived = await runOn(jobs('true\n    final_archive: true'));
    expect(archived.gates.flatMap((g) => g.findings)).toEqual([]);
    expect(archived.exitCode).toBe(0);
  });

  test('a YAML syntax error blocks every gate that reads the file, with file and line', async () => {
    const r = await runOn(withEdit(base, S, (t) => t.replace('  targets:\n', '  targets: [\n')));
    const findings = r.gates.flatMap((g) => g.findings);
    expect(new Set(findings.map((f) => f.gate))).toEqual(new Set(['D54', 'D69', 'D140', 'D141', 'D142', 'D900']));
    for (const f of findings) expect(f).toMatchObject({ check: 'file/parse', file: S, severity: 'error', line: expect.any(Number) });
    expect(findings[0].line).toBeGreaterThanOrEqual(lineOf(base[S], '  targets:'));
  });

  test('a duplicate key is an error naming both lines, and the gates still read the file (the last value wins)', async () => {
    const first = lineOf(base[L], 'status:', vm);
    // The repeated status makes the VM planning: D69 reports the duplicate, and no longer checks the VM.
    const r = await runOn(
      withEdit(base, L, (t) => t.replace('    tailscale_ip: 100.93.40.118\n', '    tailscale_ip: 100.93.40.118\n    status: planning\n')),
    );
    const f = r.gates.find((g) => g.id === 'D69')!.findings;
    expect(f).toEqual([
      expect.objectContaining({
        check: 'file/duplicate-key',
        file: L,
        line: lineOf(base[L], 'tailscale_ip:', vm) + 1,
        message: `duplicate key "status" (also at line ${first}); the last one wins`,
      }),
    ]);
    // Other drift in the same file is still found in the same run.
    const both = await runOn(
      withEdit(base, L, (t) =>
        t
          .replace('    tailscale_ip: 100.93.40.118\n', '    tailscale_ip: 100.93.40.118\n    status: active\n')
          .replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1active'),
      ),
    );
    const d69 = both.gates.find((g) => g.id === 'D69')!.findings;
    expect(d69.map((x) => x.check)).toContain('file/duplicate-key');
    expect(d69.filter((x) => x.entity === 'ai-lab').length).toBeGreaterThan(0);
  });

  test('a wrong type is a schema finding at its line', async () => {
    const r = await runOn(withEdit(base, B, (t) => t.replace(/(- name: vm-302-monitoring-primary\n {4}enabled: )true/, '$1"yes"')));
    expect(failing(r)).toEqual([
      {
        gate: 'D900',
        check: expect.stringMatching(/^schema\/backup\.inventory\.schema\.json/),
        entity: expect.any(String),
        at: `${B}:${lineOf(base[B], 'enabled:', 'vm-302-monitoring-primary')}`,
      },
    ]);
  });
});
