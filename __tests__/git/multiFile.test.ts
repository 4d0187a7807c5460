import { hookedRepo, runBuilt } from '../helpers/gitRepo';
import { CONFIG } from '../helpers/paths';

/**
 * A collection over a glob of files, through real `git commit` and the installed hooks: a new file matching the
 * glob selects the gate (impact analysis and the hook script's list of gated paths), and its findings are at
 * that file's lines; `spine-hooks ci` over the same commit agrees.
 */
const config = [
  'collections:',
  '  vms: { file: inv/vms.yaml, shape: list, select: vms, key: name }',
  '  requests: { file: "ops/requests/*.yaml", shape: list, select: requests, key: id, label: "request {id}" }',
  'add_gates:',
  '  - id: D1100',
  '    name: requests-name-vms',
  '    description: Every request names a VM of the inventory.',
  '    severity: error',
  '    lanes: [infra]',
  '    fix_hint: Name a VM of inv/vms.yaml.',
  '    rules:',
  '      - { kind: reference, id: vm, source: requests, field: vm, target: vms, target_field: name }',
  '',
].join('\n');

const estate = {
  [CONFIG]: config,
  'inv/vms.yaml': 'vms:\n  - { name: web }\n  - { name: db }\n',
  'ops/requests/a.yaml': 'requests:\n  - { id: r1, vm: web }\n',
};

describe('a collection over a glob, through git', () => {
  test('a new file matching the glob selects the gate, and its findings are at its lines', () => {
    const repo = hookedRepo(estate);
    repo.write({ 'ops/requests/b.yaml': '# second feed\nrequests:\n  - { id: r2, vm: db }\n  - { id: r3, vm: mail }\n' });
    repo.git(['add', 'ops/requests/b.yaml']);
    const bad = repo.tryGit(['commit', '-q', '-m', 'second feed']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/ops\/requests\/b\.yaml:4\b/);
    expect(bad.stdout + bad.stderr).toContain('D1100');

    repo.write({ 'ops/requests/b.yaml': '# second feed\nrequests:\n  - { id: r2, vm: db }\n' });
    repo.git(['add', 'ops/requests/b.yaml']);
    const good = repo.tryGit(['commit', '-q', '-m', 'second feed']);
    expect(good.status).toBe(0);
    expect(good.stdout + good.stderr).toContain('1 gate: 1 passed');
    // ci over the commit the hooks accepted accepts it too.
    const agreed = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
    expect(agreed.status).toBe(0);
    expect(agreed.stdout + agreed.stderr).toContain('checked 1 of 1 commit');

    // The same mistake committed past the hooks: ci finds it at the same file:line.
    repo.write({ 'ops/requests/c.yaml': 'requests:\n  - { id: r4, vm: mail }\n' });
    repo.git(['add', 'ops/requests/c.yaml']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'third feed']);
    const ci = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout + ci.stderr).toMatch(/ops\/requests\/c\.yaml:2\b/);
  });
});
