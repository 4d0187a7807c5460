import { runCli } from '../helpers/runCli';
import { tempDir, writeFiles } from '../helpers/tempDir';
import { exampleFiles } from '../helpers/example';
import type { VmAudit } from '../../src/audit/auditVms';
import type { RunResult } from '../../src/types';
import { L, S, H, EXAMPLE_DIR, CONFIG } from '../helpers/paths';
import { withEdits, type Edit } from '../helpers/edits';

const base = exampleFiles();

/** A copy of the example with some files edited (each edit must change something). */
function estate(edits: Record<string, Edit> = {}): string {
  return tempDir(withEdits(base, edits));
}

async function audit(dir: string, ...extra: string[]): Promise<{ code: number; audit: VmAudit }> {
  const r = await runCli(['audit', 'vms', '--format', 'json', '--cwd', dir, ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, audit: JSON.parse(r.stdout) };
}

const row = (a: VmAudit, vmid: string) => a.rows.find((r) => r.vmid === vmid)!;

/**
 * The matrix never disagrees with the gates: every finding behind a ✗ is one `--all` reports, and
 * every `--all` finding of a check the matrix shows (about a VM row) is behind a ✗ of that VM.
 */
async function expectAgreement(dir: string) {
  const { audit: a } = await audit(dir);
  const all = JSON.parse((await runCli(['--all', '--format', 'json', '--no-baseline', '--cwd', dir])).stdout) as RunResult;
  const key = (f: { gate: string; check: string; file: string; line: number }) => `${f.gate} ${f.check} ${f.file}:${f.line}`;
  const fromAll = new Set(all.gates.flatMap((g) => g.findings).map(key));
  const shown = a.rows.flatMap((r) => r.findings.map(key));
  for (const k of shown) expect([k, fromAll.has(k)]).toEqual([k, true]);
  for (const r of a.rows) {
    for (const [col, cell] of Object.entries(r.cells)) {
      const behind = r.findings.filter((f) => f.column === col);
      expect([r.vmid, col, cell, behind.length > 0]).toEqual([r.vmid, col, cell, ['missing', 'warn', 'left'].includes(cell)]);
    }
  }
  return a;
}

describe('spine-hooks audit vms', () => {
  test('the example: a row per VM id with its phase; ✓ only where the gates pass; a legend; exit 0', async () => {
    const r = await runCli(['audit', 'vms', '--cwd', EXAMPLE_DIR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^VM +status +phase +no placeholder +lan-ip +ssh-target +registry-host +backup +backup-model +health-probe +stack +compose +ip-row$/m,
    );
    expect(r.stdout).toMatch(/^VM 302 \(monitoring\) +active +OPERATE +✓ +· +✓ +✓ +✓ +· +✓ +✓ +· +✓$/m);
    // has_docker: false excuses the probe and the stack.
    expect(r.stdout).toMatch(/^VM 309 \(cam-license\) +active +OPERATE +✓ +· +✓ +✓ +✓ +· +exempt +exempt +· +✓$/m);
    // A planning VM needs nothing yet; a retired one left nothing behind.
    expect(r.stdout).toMatch(/^VM 311 \(ai-lab\) +planning +PLAN( +·){10}$/m);
    expect(r.stdout).toMatch(/^VM 312 \(fileserver-old\) +decommissioned +DECOMMISSION +· +· +– +– +– +· +– +– +– +·$/m);
    expect(r.stdout).toMatch(/^legend: ✓ the gates checking it pass/m);
    expect(r.stdout).toMatch(/^18 VMs, 0 gaps, 0 warnings$/m);
    await expectAgreement(EXAMPLE_DIR);
  });

  test('an SSH target whose address D69 rejects is ✗, not ✓ (agreement, not presence)', async () => {
    const dir = estate({ [S]: (t) => t.replace(/(- id: "monitoring"\n {6}host: )"[^"]+"/, '$1"100.93.40.119"') });
    const { code, audit: a } = await audit(dir);
    expect(code).toBe(1);
    expect(row(a, '302').cells['ssh-target']).toBe('missing');
    expect(row(a, '302').findings).toEqual([
      expect.objectContaining({ column: 'ssh-target', gate: 'D69', check: 'touchpoint/ssh-target/lan_ip|tailscale_ip', file: L }),
    ]);
    expect(a.gaps).toBe(1);
    await expectAgreement(dir);
  });

  test("rows are keyed by VM id: a retired VM whose hostname an active VM took over shows its own ripple, not the active VM's entries", async () => {
    // VM 312 is renamed to the hostname of active VM 302: 302's probe, SSH target and services are 302's.
    const dir = estate({ [L]: (t) => t.replace('hostname: fileserver-old', 'hostname: monitoring') });
    const { audit: a } = await audit(dir);
    expect(row(a, '312').cells).toMatchObject({ 'ssh-target': 'clear', 'health-probe': 'clear', 'registry-host': 'clear' });
    expect(row(a, '302').cells).toMatchObject({ 'ssh-target': 'ok', 'health-probe': 'ok' });
    await expectAgreement(dir);
  });

  test('--status decommissioned lists the ripple: each live leftover with its gate, file and line', async () => {
    const dir = estate({
      [H]: (t) =>
        t.replace(
          'endpoints:\n',
          'endpoints:\n  - id: samba-old\n    host: fileserver-old\n    url: "http://172.20.10.42:445/"\n    enabled: true\n',
        ),
    });
    const text = await runCli(['audit', 'vms', '--status', 'decommissioned', '--cwd', dir, '--no-color']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^VM 312 \(fileserver-old\) +decommissioned +DECOMMISSION +· +· +– +– +– +· +left +– +– +·$/m);
    expect(text.stdout).not.toMatch(/^VM 302 /m);
    expect(text.stdout).toContain(
      `  health-probe: D141 ${H}:24:5 error health endpoint samba-old still refers to decommissioned VM 312 (fileserver-old): ` +
        'remove the probe, or set enabled false',
    );
    expect(text.stdout).toMatch(/^1 of 18 VMs, 1 gap, 0 warnings$/m);
    const { audit: a } = await audit(dir, '--status', 'decommissioned');
    expect(a.rows.map((r) => [r.vmid, r.status, r.phase, r.live])).toEqual([['312', 'decommissioned', 'DECOMMISSION', false]]);
    await expectAgreement(dir);
  });

  test('a VM in a phase before active shows what its phase still lacks', async () => {
    const dir = estate({ [L]: (t) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1registered') });
    const { audit: a } = await audit(dir);
    expect(row(a, '311')).toMatchObject({
      phase: 'REGISTER',
      cells: {
        pending: 'missing',
        'lan-ip': 'missing',
        'ssh-target': 'missing',
        'registry-host': 'missing',
        backup: 'n/a',
        'health-probe': 'n/a',
      },
    });
    await expectAgreement(dir);
  });

  test('a status the contract does not know shows as phase unknown', async () => {
    const dir = estate({ [L]: (t) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1parked') });
    const { audit: a } = await audit(dir);
    expect(row(a, '311')).toMatchObject({ status: 'parked', phase: 'unknown' });
  });

  test('a gate switched off: its cells show nothing, and the output says so', async () => {
    const dir = estate();
    writeFiles(dir, { [CONFIG]: 'gates:\n  D69: { severity: off }\n' });
    const r = await runCli(['audit', 'vms', '--cwd', dir, '--no-color']);
    expect(r.stdout).toMatch(/^VM 302 \(monitoring\) +active +OPERATE +✓ +· +· +· +✓ +· +· +· +· +✓$/m);
    expect(r.stdout).toContain('D69 is switched off: the cells it decides show nothing (·)');
  });

  test('outside an SSOT repository: one clear line and exit 2, like --all', async () => {
    const dir = tempDir({ 'README.md': '# not an estate\n' });
    const r = await runCli(['audit', 'vms', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`spine-hooks: ${L} does not exist under ${dir}: audit vms lists its VMs (is --cwd the repository root?)\n`);
    expect((await runCli(['--all', '--cwd', dir])).code).toBe(2);
  });

  test('a broken lifecycle file: its location, exit 1, no table rows', async () => {
    const dir = estate({ [L]: (t) => t.replace('vms:\n', 'vms: [\n') });
    const r = await runCli(['audit', 'vms', '--cwd', dir, '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^cannot read ${L.replace(/\./g, '\\.')}:\\d+:\\d+: `, 'm'));
    expect(r.stdout).toMatch(/^0 VMs/m);
  });

  test('usage errors exit 2', async () => {
    expect((await runCli(['audit', 'hosts', '--cwd', EXAMPLE_DIR])).code).toBe(2);
    expect((await runCli(['--all', '--status', 'active', '--cwd', EXAMPLE_DIR])).code).toBe(2);
  });
});
