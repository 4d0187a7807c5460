import { makeRepo, runBuilt, builtCli, type Repo, addRemote } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { CONFIG, C, LOG } from '../helpers/paths';

const base = exampleFiles();
const REASON = 'monitoring is rebuilt this week; probes return on Friday (GAP-OP-90)';

/** The example, spine-hooks installed by `init --no-husky`, a bare remote with main pushed. */
function estate(): { repo: Repo; start: string } {
  builtCli();
  const repo = makeRepo(base);
  addRemote(repo);
  expect(runBuilt(['init', '--no-husky'], repo.dir).status).toBe(0);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'install spine-hooks']);
  repo.git(['push', '-q', 'origin', 'main']);
  return { repo, start: repo.git(['rev-parse', 'HEAD']).trim() };
}

const commit = (repo: Repo, msg: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) =>
  repo.tryGit(['commit', '-q', ...extra, '-m', msg], { env });
const ci = (repo: Repo, from: string) => runBuilt(['ci', '--from', from], repo.dir);

describe('governance of governance through real hooks: a change that weakens a gate is refused unless overridden', () => {
  test('switching D69 off in the configuration: refused at commit, the tree and index untouched', () => {
    const { repo } = estate();
    repo.write({ [CONFIG]: 'gates:\n  D69: { severity: off }\n' });
    repo.git(['add', CONFIG]);
    const before = repo.state();
    const r = commit(repo, 'quiet D69');
    expect(r.status).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`D69 ${CONFIG}:2:10 error D69 vm-creation-governance-lock is weakened: the gate is switched off (severity: off)`);
    expect(out).toContain('Commit blocked by D69');
    expect(repo.state()).toBe(before);
    expect(repo.git(['log', '--format=%s', '-1']).trim()).toBe('install spine-hooks');
  });

  test('widening an exclusion, overridden with a reason: committed, logged with a trailer, and ci and pre-push accept it', () => {
    const { repo, start } = estate();
    repo.write({
      [CONFIG]:
        'gates:\n  D69:\n    params:\n      non_vm_hosts: [pve, proxmox-home, nas, vault, ha, pihole-home, download-home, monitoring]\n',
    });
    repo.git(['add', CONFIG]);
    const refused = commit(repo, 'exclude monitoring');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('parameter non_vm_hosts excludes more: monitoring added');
    const r = commit(repo, 'exclude monitoring', { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON });
    expect(r.status).toBe(0);
    const record = JSON.parse(repo.read(LOG).trim().split('\n').pop()!);
    expect(record).toMatchObject({ scope: ['D69'], reason: REASON });
    expect(repo.git(['log', '-1', '--format=%B'])).toContain(`[id ${record.id}]`);
    expect(ci(repo, start)).toMatchObject({ status: 0 });
    expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);
    // An amend that keeps the change keeps its record: still accepted.
    expect(repo.tryGit(['commit', '-q', '--amend', '-m', 'exclude monitoring (rebuilt)']).status).toBe(0);
  });

  test('a weakening committed with --no-verify is caught by ci and refused by pre-push, naming the commit', () => {
    const { repo, start } = estate();
    repo.write({ [CONFIG]: 'gates:\n  D100:\n    severity: warn\n' });
    repo.git(['add', CONFIG]);
    expect(commit(repo, 'soften D100', {}, ['--no-verify']).status).toBe(0);
    const sha = repo.git(['rev-parse', '--short=12', 'HEAD']).trim();
    const r = ci(repo, start);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`D100 ${CONFIG}:3:5 error D100 vm-ip-parity is weakened: its severity is lowered from error to warn`);
    expect(r.stdout).toContain(sha);
    const push = repo.tryGit(['push', 'origin', 'main']);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain('D100 vm-ip-parity is weakened');
  });

  test('strengthening needs nothing: a scope widened, a required field added', () => {
    const { repo, start } = estate();
    repo.write({ [CONFIG]: 'gates:\n  D69:\n    params:\n      hypervisors: [pve, pve2]\n' });
    repo.git(['add', CONFIG]);
    expect(commit(repo, 'second hypervisor')).toMatchObject({ status: 0 });
    const fields = '[backup_profile, data_class, destination_lane, schedule_class, restore_class, owner]';
    repo.write({ [CONFIG]: `gates:\n  D69:\n    params:\n      hypervisors: [pve, pve2]\n      backup_model_fields: ${fields}\n` });
    repo.git(['add', CONFIG]);
    expect(commit(repo, 'backup model needs an owner')).toMatchObject({ status: 0 });
    expect(ci(repo, start)).toMatchObject({ status: 0 });
  });

  test("the repository's lifecycle contract asking less of a status is refused for the gate it weakens, at the line", () => {
    const { repo } = estate();
    const contract =
      `${base[C]}statuses:\n  - { status: planning, phase: PLAN, touchpoints: [], placeholders: true, live: true }\n` +
      `  - { status: registered, phase: REGISTER, touchpoints: [lan-ip, ssh-target, registry-host], placeholders: ` +
      `false, live: true }\n` +
      `  - { status: active, phase: OPERATE, touchpoints: [ssh-target, registry-host, backup, backup-model, ` +
      `health-probe, stack, ip-row], placeholders: false, live: true }\n` +
      `  - { status: stopped, phase: OPERATE, touchpoints: [], placeholders: false, live: true }\n` +
      `  - { status: template, phase: OPERATE, touchpoints: [], placeholders: true, live: true }\n` +
      `  - { status: decommissioned, phase: DECOMMISSION, touchpoints: [], placeholders: true, live: false }\n`;
    // Writing the shipped rows into the repository's own contract asks nothing less: accepted.
    repo.write({ [C]: contract });
    repo.git(['add', C]);
    const ok = commit(repo, 'own the contract');
    expect(ok.stdout + ok.stderr).not.toContain('weakened');
    expect(ok.status).toBe(0);
    repo.write({ [C]: contract.replace('touchpoints: [lan-ip, ssh-target, registry-host]', 'touchpoints: [lan-ip]') });
    repo.git(['add', C]);
    const r = commit(repo, 'registered needs only an address');
    expect(r.status).not.toBe(0);
    const line = contract.split('\n').findIndex((l) => l.includes('status: registered')) + 1;
    expect(r.stdout + r.stderr).toMatch(
      new RegExp(
        `D140 ${C.replace(/\./g, '\\.')}:${line}:\\d+ error D140 vm-lifecycle-phase-contract is weakened: lifecycle status registered asks less: ssh-target, registry-host removed from touchpoints`,
      ),
    );
  });
});
