import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/runCli';
import { makeRepo, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { L, H, S, SR, B, P, DI, CONFIG } from '../helpers/paths';
import { changed } from '../helpers/edits';
import { fixRepository } from '../../src/fix';

/**
 * The bundled example with a planning VM set active (ai-lab, VM 311), as its author would: real addresses and
 * backup job instead of the PENDING_* placeholders, the status changed, and none of its touchpoints written.
 */
function activated(): Record<string, string> {
  const files = exampleFiles();
  files[L] = changed(
    files[L],
    (t) =>
      t
        .replace('status: planning\n    created_at: null', 'status: active\n    created_at: "2026-03-04"')
        .replace('lan_ip: PENDING_DHCP_RESERVATION', 'lan_ip: 172.20.10.41')
        .replace('tailscale_ip: PENDING_TAILSCALE_JOIN', 'tailscale_ip: 100.77.1.41')
        .replace('ssh_target: PENDING_SSH_TARGET', 'ssh_target: ai-lab')
        .replace('backup_target: PENDING_BACKUP_TARGET', 'backup_target: vm-311-ai-lab-primary'),
    'ai-lab activated',
  );
  return files;
}

const gateFindings = async (dir: string) => {
  const r = await runCli(['--all', '--format', 'json', '--cwd', dir]);
  const json = JSON.parse(r.stdout) as { gates: Array<{ findings: Array<{ gate: string; check: string; entity?: string }> }> };
  return json.gates.flatMap((g) => g.findings.map((f) => `${f.gate} ${f.check} ${f.entity ?? ''}`)).sort();
};

describe('fix on the bundled example with a planning VM set active', () => {
  let repo: Repo;
  beforeEach(() => {
    repo = makeRepo(activated());
  });

  test('without --write: a unified diff of every touchpoint it can derive, exit 1, nothing written', async () => {
    const before = repo.state();
    const r = await runCli(['fix', '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(repo.state()).toBe(before);
    for (const f of [DI, SR, B, S, P]) expect(r.stdout).toContain(`--- a/${f}\n+++ b/${f}\n`);
    expect(r.stdout).not.toContain(`+++ b/${H}`);
    expect(r.stdout).toContain('+    - id: "ai-lab"\n+      host: "172.20.10.41"\n+      user: "ubuntu"\n');
    expect(r.stdout).toContain('+| ai-lab | `ai-lab` | 172.20.10.41 | 311 |  |\n');
    expect(r.stderr).toMatch(/needs port: --set port=… \(or give health_endpoints a fix_templates entry that does not use \{port\}\)/);
    expect(r.stderr).toMatch(/D69 touchpoint\/stack \(ai-lab\)[^\n]*\n {4}needs stacks\.path or stacks\.deploy_target/);
    // The reference to the backup job is closed by the job the fix adds.
    expect(r.stderr).toMatch(/1 more finding closed by these edits:\n {2}D142 backup-target\/backup_target \(ai-lab\)/);
  });

  test('--write closes every finding whose data is derivable, lists the rest, touches no index; a second fix changes nothing', async () => {
    const staged = repo.git(['diff', '--cached']);
    const listed = await fixRepository({ cwd: repo.dir });
    const unfixed = listed.plan.unfixed.map((i) => `${i.finding.gate} ${i.finding.check} ${i.finding.entity ?? ''}`).sort();
    const r = await runCli(['fix', '--write', '--cwd', repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([DI, SR, B, S, P].map((f) => `wrote ${f}`).sort());
    expect(repo.git(['diff', '--cached'])).toBe(staged);
    // What remains is exactly what was listed as not fixed: the probe's port and the stack's way of matching.
    expect(await gateFindings(repo.dir)).toEqual(unfixed);
    expect(unfixed).toEqual(['D69 touchpoint/health-probe ai-lab', 'D69 touchpoint/stack ai-lab']);
    const again = repo.state();
    const second = await runCli(['fix', '--cwd', repo.dir]);
    expect([second.code, second.stdout]).toEqual([0, '']);
    expect(second.stderr).toContain('nothing to fix');
    expect(repo.state()).toBe(again);
  });

  test('--set supplies the value a template needs; the probe is then written and its gate passes', async () => {
    const r = await runCli(['fix', '--write', '--set', 'port=8080', '--cwd', repo.dir]);
    expect(r.code).toBe(0);
    expect(repo.read(H)).toContain(
      '  - id: ai-lab\n    host: ai-lab\n    url: "http://172.20.10.41:8080/health"\n    expect: 200\n    enabled: true\n',
    );
    expect(await gateFindings(repo.dir)).toEqual(['D69 touchpoint/stack ai-lab']);
  });

  test('--set collection.field is typed as that collection writes the field: true and 200 stay a boolean and a number', async () => {
    const r = await runCli([
      'fix',
      '--write',
      '--set',
      'port=8080',
      '--set',
      'health_endpoints.enabled=false',
      '--set',
      'health_endpoints.expect=204',
      '--cwd',
      repo.dir,
    ]);
    expect(r.code).toBe(0);
    expect(repo.read(H)).toContain(
      '  - id: ai-lab\n    host: ai-lab\n    url: "http://172.20.10.41:8080/health"\n    expect: 204\n    enabled: false\n',
    );
  });

  test('a --set that nothing would use is exit 2, nothing written: a misspelt variable or collection is never ignored', async () => {
    const state = repo.state();
    const typo = await runCli(['fix', '--write', '--set', 'prot=8080', '--cwd', repo.dir]);
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringContaining('--set prot: no fix_templates value uses {prot}')]);
    const collection = await runCli(['fix', '--write', '--set', 'health_endpoint.port=8080', '--cwd', repo.dir]);
    expect(collection.code).toBe(2);
    expect(collection.stderr).toContain(
      '--set health_endpoint.port: no collection "health_endpoint" is declared (did you mean "health_endpoints"?)',
    );
    // A later value silently winning would hide a typo in a long command line.
    const twice = await runCli(['fix', '--write', '--set', 'port=8080', '--set', 'port=9090', '--cwd', repo.dir]);
    expect([twice.code, twice.stderr]).toEqual([2, expect.stringContaining('--set port is given twice')]);
    expect(repo.state()).toBe(state);
  });

  test('--gate limits the repairs to that gate', async () => {
    const r = await runCli(['fix', '--gate', 'D86', '--write', '--cwd', repo.dir]);
    expect(r.stdout).toBe(`wrote ${P}\n`);
    expect(repo.git(['status', '--porcelain']).split('\n').filter(Boolean)).toEqual([` M ${P}`]);
  });

  test('--staged repairs only the findings the staged change brings, not drift already committed', async () => {
    // Committed drift: monitoring lost its SSH target. Staged: ai-lab becomes active.
    const drift = makeRepo({ ...exampleFiles(), [S]: exampleFiles()[S].replace(/- id: "monitoring"/, '- id: "monitoring-old"') });
    drift.write({ [L]: activated()[L] });
    drift.git(['add', L]);
    const r = await runCli(['fix', '--staged', '--cwd', drift.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+    - id: "ai-lab"');
    expect(r.stdout).not.toContain('monitoring');
    expect(r.stderr).not.toContain('(monitoring)');
    const all = await runCli(['fix', '--cwd', drift.dir]);
    expect(all.stderr).toContain('(monitoring)');
  });

  test('explain shows how each rule repairs its findings, and the templates a fix uses', async () => {
    const r = await runCli(['explain', 'D69', '--cwd', repo.dir]);
    const repairs = r.stdout.slice(r.stdout.indexOf('Repairs (spine-hooks fix; spine-hooks explain fix):'), r.stdout.indexOf('Parameters'));
    expect(repairs).toContain(
      '  coverage touchpoint: ssh-target: adds the missing entry to ssh_targets, id, host, tailscale_ip from the source record, ' +
        'user from fix_templates.ssh_targets\n',
    );
    expect(repairs).toContain('  require placeholder: none automatic: the right value of a required field is not derivable\n');
    expect(repairs).toContain(
      '  template fix_templates.health_endpoints:\n    id: "{hostname}"\n    url: "http://{lan_ip}:{port}/health"\n',
    );
    expect((await runCli(['explain', 'D141', '--cwd', repo.dir])).stdout).toMatch(
      /leftover ripple: health-probe: sets enabled: false on the live entry of health_endpoints/,
    );
  });

  test('the configuration names an unknown collection in fix_templates: exit 2 at its line', async () => {
    repo.write({ [CONFIG]: `${repo.read(CONFIG)}\nfix_templates_extra: 1\n` });
    expect((await runCli(['fix', '--cwd', repo.dir])).code).toBe(2);
    fs.writeFileSync(path.join(repo.dir, CONFIG), 'fix_templates:\n  health_endpoint:\n    id: x\n');
    const r = await runCli(['fix', '--cwd', repo.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /spine-hooks\.config\.yaml:2:3: fix_templates names the collection "health_endpoint", which is not declared \(did you mean "health_endpoints"\?\)/,
    );
    fs.writeFileSync(path.join(repo.dir, CONFIG), 'fix_templates:\n  health_endpoints:\n    url: "PENDING_{lan_ip}"\n');
    const p = await runCli(['fix', '--cwd', repo.dir]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(
      /spine-hooks\.config\.yaml:3:5: fix_templates\.health_endpoints\.url: "PENDING_" is the placeholder that D69 forbids/,
    );
  });
});
