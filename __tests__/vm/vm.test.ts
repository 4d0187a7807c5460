import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, type Repo } from '../helpers/gitRepo';
import { runCli } from '../helpers/runCli';
import { exampleFiles, lineOf } from '../helpers/example';
import { corpusSuite } from '../helpers/corpus';
import { tempDir } from '../helpers/tempDir';
import { B, CT, DI, H, L, P, S, SR, SS, ST, corpusSnapshot } from '../helpers/paths';

// vm add and vm retire through the real CLI on real git repositories: the bundled example, and copies of
// each corpus snapshot (copied at test time, never committed).

const VM = ['--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '172.20.10.44'];
/** What the example cannot derive for a new VM: its role, OS and probe policy, the SSH user, the probe's port. */
const NEEDED = [
  '--set',
  'role=cnc',
  '--set',
  'os=ubuntu-24.04',
  '--set',
  'health_probe_policy=full',
  '--set',
  'ssh_user=ubuntu',
  '--set',
  'port=8080',
];

const vm = (repo: Repo, ...args: string[]) => runCli(['vm', ...args, '--no-color'], { cwd: repo.dir });
const all = (repo: Repo) => runCli(['--all', '-q', '--no-color'], { cwd: repo.dir });
const example = (edit?: (files: Record<string, string>) => void): Repo => {
  const files = exampleFiles();
  edit?.(files);
  return makeRepo(files);
};

/** Every line of `before` is in `after`, in order: an edit that only adds lines left the others byte-identical. */
function onlyAdded(before: string, after: string): boolean {
  const b = before.split('\n');
  let i = 0;
  for (const line of after.split('\n')) if (i < b.length && line === b[i]) i++;
  return i === b.length;
}

/** The lines that differ between two texts of the same line count. */
function changedLines(before: string, after: string): Array<[number, string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i): Array<[number, string, string]> => (line === b[i] ? [] : [[i + 1, line, b[i]]]));
}

describe('vm add on the bundled example', () => {
  test('writes the record in its neighbours’ style and every touchpoint: --all passes, the index is untouched', async () => {
    const repo = example();
    const before = Object.fromEntries([L, S, SR, B, H, P, DI].map((f) => [f, repo.read(f)]));
    const index = repo.git(['ls-files', '--stage']);
    const r = await vm(repo, 'add', ...VM, ...NEEDED);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(r.stderr).toMatch(/^added VM 314 \(cnc-stack\)\n/);
    for (const f of [L, S, SR, B, H, P, DI]) {
      expect(r.stderr).toContain(`  ${f}: `);
      expect(onlyAdded(before[f], repo.read(f))).toBe(true);
    }
    // The record follows the last active shop VM below it, keys in its neighbour's order, quoted as it quotes.
    const lifecycle = repo.read(L);
    expect(lifecycle).toContain(
      [
        '    description: "Frigate NVR for the six workshop cameras (Coral TPU passed through)."',
        '',
        '  - vmid: 314',
        '    hostname: cnc-stack',
        '    proxmox_host: pve',
        '    role: cnc',
        '    owner: "@ines"',
        '    status: active',
        '    lan_ip: 172.20.10.44',
        '    ssh_target: cnc-stack',
        '    ssh_user: ubuntu',
        '    os: ubuntu-24.04',
        '    backup_target: vm-314-cnc-stack-primary',
        '    health_probe_policy: full',
        '',
        '# ─────',
      ].join('\n'),
    );
    // The VM is on each touchpoint.
    expect(repo.read(S)).toContain('    - id: "cnc-stack"\n      host: "172.20.10.44"\n      user: "ubuntu"\n');
    expect(repo.read(SR)).toContain('  cnc-stack:\n    ssh: cnc-stack\n');
    expect(repo.read(B)).toContain('  - name: vm-314-cnc-stack-primary\n');
    expect(repo.read(B)).toContain('    glob: "vzdump-qemu-314-*.vma.zst"\n');
    expect(repo.read(H)).toContain('    host: cnc-stack\n    url: "http://172.20.10.44:8080/health"\n');
    expect(repo.read(P)).toContain('  - vmid: 314\n    hostname: cnc-stack\n');
    expect(repo.read(DI)).toContain('| cnc-stack | `cnc-stack` | 172.20.10.44 | 314 |');
    const run = await all(repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 failed.*\(0 errors/);
    // The stack is a warning whose entry is not derivable: said, not invented.
    expect(r.stderr).toMatch(/1 warning about it remains[^\n]*\n {2}D69 touchpoint\/stack \(cnc-stack\)/);
    expect(repo.git(['ls-files', '--stage'])).toBe(index);
    expect(repo.git(['diff', '--cached', '--name-only'])).toBe('');
  });

  test('the stack, not derivable, is written from --set stacks.field: no warning is left', async () => {
    const repo = example();
    const stack = ['stack_id=cnc', 'name=CNC', 'deploy_target=proxmox:vm-314', 'status=active', 'owner=@ines'].flatMap((s) => [
      '--set',
      `stacks.${s}`,
    ]);
    const r = await vm(repo, 'add', ...VM, ...NEEDED, ...stack);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(repo.read(ST)).toContain(
      '  - stack_id: cnc\n    name: CNC\n    deploy_target: proxmox:vm-314\n    status: active\n    owner: "@ines"\n',
    );
    const run = await all(repo);
    expect([run.code, run.stdout]).toEqual([0, expect.stringMatching(/11 passed, 0 failed, 0 warned/)]);
  });

  test('--dry-run prints the unified diff and writes nothing', async () => {
    const repo = example();
    const state = repo.state();
    const r = await vm(repo, 'add', ...VM, ...NEEDED, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- a/${L}\n+++ b/${L}\n`);
    expect(r.stdout).toContain('\n+  - vmid: 314\n+    hostname: cnc-stack\n');
    expect(r.stdout).toContain(`--- a/${S}\n`);
    expect(r.stderr).toMatch(/^dry run, nothing written: adding VM 314 \(cnc-stack\) would change 7 files\n/);
    expect(repo.state()).toBe(state);
  });

  test('a value nothing derives is refused with the --set it needs (exit 2), nothing written', async () => {
    const repo = example();
    const state = repo.state();
    const fields = await vm(repo, 'add', ...VM);
    expect(fields.code).toBe(2);
    expect(fields.stderr).toContain('VM 314 (cnc-stack) needs role, os, health_probe_policy');
    expect(fields.stderr).toContain('--set role=… --set os=… --set health_probe_policy=…');
    const port = await vm(repo, 'add', ...VM, ...NEEDED.slice(0, -2));
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('could not be repaired, so nothing was written');
    expect(port.stderr).toContain('needs port: --set port=…');
    expect(repo.state()).toBe(state);
  });

  test('--status planning writes the record alone, after the planned VM below it; a reference that names nothing says which --set', async () => {
    const repo = example();
    const state = repo.state();
    const args = [
      'add',
      '--hostname',
      'gpu-box',
      '--vmid',
      '314',
      '--lan-ip',
      '172.20.10.45',
      '--status',
      'planning',
      ...NEEDED.slice(0, -2),
    ];
    const refused = await vm(repo, ...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('D142 backup-target/backup_target (gpu-box)');
    expect(refused.stderr).toContain('give one that holds with --set backup_target=…');
    expect(repo.state()).toBe(state);
    const before = repo.read(L);
    const r = await vm(repo, ...args, '--set', 'backup_target=PENDING_BACKUP_TARGET');
    expect([r.code, r.stderr]).toEqual([0, 'added VM 314 (gpu-box)\n  ops/bindings/vm.lifecycle.yaml: the VM record\n']);
    expect(onlyAdded(before, repo.read(L))).toBe(true);
    expect(repo.read(L)).toMatch(
      /GPU\. Replace every PENDING_\* value and add all touchpoints before activating\.\n\n {2}- vmid: 314\n {4}hostname: gpu-box\n/,
    );
    expect(repo.read(L)).toContain('    status: planning\n    lan_ip: 172.20.10.45\n');
    expect((await all(repo)).code).toBe(0);
  });

  test('bad input exits 2 with a sentence, never a stack trace', async () => {
    const repo = example();
    const state = repo.state();
    for (const [args, said] of [
      [['add', ...VM.slice(0, 4)], 'vm add needs --lan-ip'],
      [['add', '--hostname', 'cnc-stack', '--vmid', '31x', '--lan-ip', '172.20.10.44'], 'a VM id is a whole number'],
      // 0306 would miss VM 306 as text and be written as 306; 1e23 would be written as a float.
      [['add', '--hostname', 'cnc-stack', '--vmid', '0306', '--lan-ip', '172.20.10.44'], 'without leading zeros'],
      [['add', '--hostname', 'cnc-stack', '--vmid', '99999999999999999999999', '--lan-ip', '172.20.10.44'], 'from 1 to 999999999'],
      [['add', '--hostname', 'cnc-stack', '--vmid', '0', '--lan-ip', '172.20.10.44'], 'a VM id is a whole number'],
      [['add', '--hostname', 'cnc_stack', '--vmid', '314', '--lan-ip', '172.20.10.44'], 'a hostname is letters, digits'],
      [['add', '--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '172.20.10.300'], '--lan-ip must be an IPv4 address'],
      [['add', ...VM, '--set', 'status=stopped'], "the VM's id, hostname, lan_ip and status come from their own flags"],
      [['add', ...VM, '--set', 'role'], '--set takes field=value'],
      // A --set nothing would use (not a VM field, no template's {name}, no declared collection) is never ignored.
      [['add', ...VM, ...NEEDED, '--set', 'rolle=x'], '--set rolle: no VM record has the field "rolle" (did you mean "role"?)'],
      [['add', ...VM, ...NEEDED, '--set', 'healthz.port=1'], '--set healthz.port: no collection "healthz" is declared'],
      [['add', ...VM, ...NEEDED, '--set', 'role=a', '--set', 'role=b'], '--set role is given twice'],
      [['retire', '999'], `no VM 999 in ${L}`],
      [['retire', '310', '--status', 'gone'], 'vm retire --status must be decommissioned or abandoned'],
      [['retire'], 'vm retire needs the VM id'],
      [['remove', '310'], 'usage: spine-hooks vm add'],
    ] as const) {
      const r = await vm(repo, ...args);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(said)]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(repo.state()).toBe(state);
  });
});

describe('a lifecycle file with CRLF line ends and a BOM', () => {
  test('keeps both through vm add and vm retire', async () => {
    const repo = example((f) => (f[L] = `\uFEFF${f[L].replace(/\n/g, '\r\n')}`));
    expect((await vm(repo, 'add', ...VM, ...NEEDED)).code).toBe(0);
    const added = repo.read(L);
    expect(added.startsWith('\uFEFF')).toBe(true);
    expect(added).toContain('\r\n  - vmid: 314\r\n    hostname: cnc-stack\r\n');
    expect(added.replace(/\r\n/g, '')).not.toContain('\n');
    expect((await vm(repo, 'retire', '314')).code).toBe(0);
    const retired = repo.read(L);
    expect(retired.startsWith('\uFEFF')).toBe(true);
    expect(changedLines(added, retired)).toEqual([
      [lineOf(added, 'status: active', 'hostname: cnc-stack'), '    status: active\r', '    status: decommissioned\r'],
    ]);
    expect((await all(repo)).code).toBe(0);
  });
});

describe('vm add refuses conflicts before writing anything (exit 1, at the holder’s file:line)', () => {
  const cases: Array<{
    what: string;
    args: string[];
    edit?: (f: Record<string, string>) => void;
    file: string;
    line: (f: Record<string, string>) => number;
    said: string;
  }> = [
    {
      what: 'vmid taken',
      args: ['--hostname', 'cnc-stack', '--vmid', '306', '--lan-ip', '172.20.10.44'],
      file: L,
      line: (f) => lineOf(f[L], 'vmid: 306'),
      said: 'vmid 306 is taken: VM 306 (orders-app) holds it',
    },
    {
      what: 'hostname taken',
      args: ['--hostname', 'orders-app', '--vmid', '314', '--lan-ip', '172.20.10.44'],
      file: L,
      line: (f) => lineOf(f[L], 'hostname: orders-app'),
      said: 'hostname orders-app is taken: VM 306 (orders-app) holds it',
    },
    {
      what: 'hostname taken, in another case (host names compare without case, as the gates compare them)',
      args: ['--hostname', 'Orders-App', '--vmid', '314', '--lan-ip', '172.20.10.44'],
      file: L,
      line: (f) => lineOf(f[L], 'hostname: orders-app'),
      said: 'hostname Orders-App is taken: VM 306 (orders-app) holds it',
    },
    {
      what: "another VM's lan_ip",
      args: ['--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '172.20.10.36'],
      file: L,
      line: (f) => lineOf(f[L], 'lan_ip: 172.20.10.36'),
      said: '172.20.10.36 is already in use: VM 306 (orders-app) has it as lan_ip',
    },
    {
      what: "another VM's tailscale_ip",
      args: ['--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '100.112.58.9'],
      file: L,
      line: (f) => lineOf(f[L], 'tailscale_ip: 100.112.58.9'),
      said: 'has it as tailscale_ip',
    },
    {
      what: "an SSH target's host",
      args: ['--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '172.20.10.201'],
      edit: (f) => (f[S] = f[S].replace('host: "172.20.10.251"', 'host: "172.20.10.201"')),
      file: S,
      line: (f) => lineOf(f[S], '172.20.10.201'),
      said: '172.20.10.201 is already in use: ssh target ups-shop has it as host',
    },
    {
      what: 'a row of the DEVICE_IDENTITY LAN table',
      args: ['--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '172.20.10.202'],
      edit: (f) => (f[DI] = f[DI].replace('| `ups-shop` | 172.20.10.251 |', '| `ups-shop` | 172.20.10.202 |')),
      file: DI,
      line: (f) => lineOf(f[DI], '172.20.10.202'),
      said: '172.20.10.202 is already in use: LAN endpoint ups-shop has it as ip',
    },
    {
      what: 'the SHOP_SERVER quick reference',
      args: ['--hostname', 'cnc-stack', '--vmid', '314', '--lan-ip', '172.20.10.203'],
      edit: (f) => (f[SS] = f[SS].replace('`http://172.20.10.251`', '`http://172.20.10.203`')),
      file: SS,
      line: (f) => lineOf(f[SS], '172.20.10.203'),
      said: '172.20.10.203 is already in use: SHOP_SERVER_SSOT device ups-shop has it as ip',
    },
  ];
  test.each(cases.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const files = exampleFiles();
    c.edit?.(files);
    const repo = makeRepo(files);
    const state = repo.state();
    const r = await vm(repo, 'add', ...c.args, ...NEEDED);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^spine-hooks: ${c.file.replace(/\./g, '\\.')}:${c.line(files)}:\\d+: `));
    expect(r.stderr).toContain(c.said);
    expect(repo.state()).toBe(state);
  });

  test('a lifecycle file that is a link inside the repository: refused before any file is written (never half a VM)', async () => {
    const repo = example();
    fs.mkdirSync(path.join(repo.dir, 'real'));
    fs.renameSync(path.join(repo.dir, L), path.join(repo.dir, 'real', 'vm.lifecycle.yaml'));
    fs.symlinkSync(
      path.relative(path.dirname(path.join(repo.dir, L)), path.join(repo.dir, 'real', 'vm.lifecycle.yaml')),
      path.join(repo.dir, L),
    );
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'lifecycle behind a link']);
    const state = repo.state();
    for (const args of [
      ['add', ...VM, ...NEEDED],
      ['retire', '310'],
    ]) {
      const r = await vm(repo, ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('symbolic link');
      expect(repo.git(['status', '--porcelain'])).toBe('');
      expect(repo.state()).toBe(state);
    }
  });

  test('a touchpoint file that does not parse: refused at its line (exit 2), nothing rewritten', async () => {
    const repo = example((f) => (f[S] = `${f[S]}\n  broken: [\n`));
    const state = repo.state();
    const r = await vm(repo, 'add', ...VM, ...NEEDED);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^spine-hooks: ${S.replace(/\./g, '\\.')}:\\d+:\\d+: cannot parse YAML`));
    expect(r.stderr).toContain('so nothing is written until it is fixed');
    expect(repo.state()).toBe(state);
  });
});

describe('vm retire on the bundled example', () => {
  test('sets the status in place and applies the ripple: --all passes, no live reference is left', async () => {
    const files = exampleFiles();
    const repo = makeRepo(files);
    const before = repo.read(L);
    const index = repo.git(['ls-files', '--stage']);
    const r = await vm(repo, 'retire', '310');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^retired VM 310 \(vision-stack\) \(status decommissioned\)\n/);
    // Only the status value changed in the lifecycle file.
    const line = lineOf(before, 'status: active', 'hostname: vision-stack');
    expect(changedLines(before, repo.read(L))).toEqual([[line, '    status: active', '    status: decommissioned']]);
    expect(repo.read(S)).not.toContain('id: "vision-stack"');
    expect(repo.read(CT)).not.toMatch(/^ {2}vision-stack:/m);
    expect(repo.read(H)).toMatch(/host: vision-stack\n.*\n.*\n {4}enabled: false/);
    expect(repo.read(P)).not.toContain('vmid: 310');
    // Elsewhere lines were only removed, or enabled: true turned false; every other line is as it was.
    for (const f of [S, CT, P, SR, ST]) expect(onlyAdded(repo.read(f), files[f])).toBe(true);
    // The probes and the backup job (its archives are history) are switched off, not removed.
    for (const f of [H, B])
      expect(new Set(changedLines(files[f], repo.read(f)).map(([, a, b]) => `${a.trim()} → ${b.trim()}`))).toEqual(
        new Set(['enabled: true → enabled: false']),
      );
    const run = await all(repo);
    expect([run.code, run.stdout]).toEqual([0, expect.stringMatching(/11 passed/)]);
    expect(repo.git(['ls-files', '--stage'])).toBe(index);
    expect(repo.git(['diff', '--cached', '--name-only'])).toBe('');
    // A second retire: already retired, a clear word at its status, nothing written.
    const state = repo.state();
    const again = await vm(repo, 'retire', '310');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${L}:${line}:`);
    expect(again.stderr).toContain('VM 310 (vision-stack) is already retired (status decommissioned): nothing to do');
    expect(repo.state()).toBe(state);
  });

  test('--dry-run prints the diff and writes nothing; --status abandoned', async () => {
    const repo = example();
    const state = repo.state();
    const r = await vm(repo, 'retire', '306', '--status', 'abandoned', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-    status: active\n+    status: abandoned\n');
    expect(r.stderr).toMatch(/^dry run, nothing written: retiring VM 306 \(orders-app\) \(status abandoned\) would change \d+ files\n/);
    expect(repo.state()).toBe(state);
  });

  test('add then retire the same VM: --all passes after each', async () => {
    const repo = example();
    expect((await vm(repo, 'add', ...VM, ...NEEDED)).code).toBe(0);
    const r = await vm(repo, 'retire', '314');
    expect(r.code).toBe(0);
    expect(repo.read(L)).toMatch(/- vmid: 314\n {4}hostname: cnc-stack\n(.*\n){3} {4}status: decommissioned\n/);
    expect(repo.read(S)).not.toContain('cnc-stack');
    expect((await all(repo)).code).toBe(0);
  });
});

/**
 * The corpus snapshots have no spine-hooks.config.yaml, so no fix_templates: what a template would give is
 * passed with --set (the record's own fields, and each touchpoint's as collection.field). Their pre-existing
 * drift is baselined first, as the README's adoption does.
 */
const CORPUS_SETS = [
  ...[
    'role=test',
    'os=ubuntu-24.04',
    'health_probe_policy=full',
    'ssh_user=ubuntu',
    'ssh_target=probe-vm',
    'backup_target=vm-299-probe-vm-primary',
  ],
  ...['name=vm-299-probe-vm-primary', 'enabled=true', 'kind=file_glob', 'host=pve', 'base_path=/tank/backups/vzdump/dump'].map(
    (s) => `backup_targets.${s}`,
  ),
  ...['glob=vzdump-qemu-299-*.vma.zst', 'stale_after_hours=26', 'classification=rebuildable'].map((s) => `backup_targets.${s}`),
  ...['id=probe-vm', 'url=http://10.250.0.99:8080/health', 'expect=200', 'enabled=true'].map((s) => `health_endpoints.${s}`),
  ...['hostname=probe-vm', 'ssh_mode=standard', 'ssh_user=ubuntu', 'runtime_inspection_mode=docker-group', 'health_probe_policy=full'].map(
    (s) => `operating_profiles.${s}`,
  ),
  ...['startup_policy=auto', 'diagnostic_user_policy=docker-group-member', 'backup_policy=vzdump-scheduled'].map(
    (s) => `operating_profiles.${s}`,
  ),
  ...['unit_id=vm-299-probe-vm', 'kind=vm', 'backup_profile=test-profile', 'data_class=test-class'].map((s) => `backup_runtime_units.${s}`),
  ...['destination_lane=test-lane', 'schedule_class=test-schedule', 'restore_class=test-restore'].map((s) => `backup_runtime_units.${s}`),
].flatMap((s) => ['--set', s]);

for (const snapshot of ['spine-2026-02-11', 'spine-2026-02-17', 'spine-2026-03-05']) {
  corpusSuite(snapshot, `vm add and vm retire on a copy of ${snapshot}`, () => {
    test('baseline first; then vm add and vm retire each leave --all passing', async () => {
      const dir = tempDir();
      fs.cpSync(corpusSnapshot(snapshot), dir, { recursive: true });
      const repo = makeRepo({}, { dir });
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '-m', 'snapshot']);
      const base = await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-1', '--owner', '@ops'], { cwd: dir });
      expect(base.code).toBe(0);
      expect((await all(repo)).code).toBe(0);
      const lifecycle = repo.read(L);
      const add = await vm(repo, 'add', '--hostname', 'probe-vm', '--vmid', '299', '--lan-ip', '10.250.0.99', ...CORPUS_SETS);
      expect([add.code, add.stderr]).toEqual([0, expect.stringMatching(/^added VM 299 \(probe-vm\)\n/)]);
      expect(onlyAdded(lifecycle, repo.read(L))).toBe(true);
      expect(repo.read(S)).toContain('"probe-vm"');
      const afterAdd = await all(repo);
      expect([afterAdd.code, afterAdd.stdout]).toEqual([0, expect.stringMatching(/0 failed.*\(0 errors/)]);
      const retire = await vm(repo, 'retire', '299');
      expect([retire.code, retire.stderr]).toEqual([0, expect.stringMatching(/^retired VM 299 \(probe-vm\) \(status decommissioned\)\n/)]);
      expect(repo.read(L)).toMatch(/hostname: probe-vm\n( {4}\S.*\n)*? {4}status: decommissioned\n/);
      const afterRetire = await all(repo);
      expect([afterRetire.code, afterRetire.stdout]).toEqual([0, expect.stringMatching(/0 failed.*\(0 errors, 0 warnings/)]);
      expect(repo.git(['diff', '--cached', '--name-only'])).toBe('');
    });
  });
}
