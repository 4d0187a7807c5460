import { hookedRepo, runBuilt, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { L, H } from '../helpers/paths';

/**
 * The lifecycle gates end to end: each example mutation of the issue, made with a real `git commit`
 * through the installed hooks, is refused with the right gate, entity and line; made anyway with
 * --no-verify, `ci` refuses it too.
 */
const base = exampleFiles();

const cases: Array<[string, string, (t: string) => string, RegExp]> = [
  [
    'an enabled probe for the decommissioned VM 312 (D141)',
    H,
    (t) =>
      t.replace(
        'endpoints:\n',
        'endpoints:\n  - id: samba-old\n    host: fileserver-old\n    url: "http://172.20.10.42:445/"\n    enabled: true\n',
      ),
    /D141 ops\/bindings\/services\.health\.yaml:24:5 error health endpoint samba-old still refers to decommissioned VM 312 \(fileserver-old\)/,
  ],
  [
    'VM 311 moved to registered without its touchpoints (D140)',
    L,
    (t) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1registered'),
    /D140 ops\/bindings\/vm\.lifecycle\.yaml:334:5 error VM 311 \(ai-lab\): missing from ops\/bindings\/ssh\.targets\.yaml/,
  ],
  [
    "VM 302's backup_target naming no backup job (D142)",
    L,
    (t) => t.replace('backup_target: vm-302-monitoring-primary', 'backup_target: vm-302-primary'),
    /D142 ops\/bindings\/vm\.lifecycle\.yaml:98:5 error VM 302 \(monitoring\): backup_target "vm-302-primary" names nothing/,
  ],
];

describe('the lifecycle gates through real hooks, and ci agreeing', () => {
  test.each(cases)('%s: refused at commit; with --no-verify, refused by ci', (_name, file, edit, says) => {
    const repo: Repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [file]: edit(base[file]) });
    repo.git(['add', file]);
    const before = repo.state();
    const r = repo.tryGit(['commit', '-q', '-m', 'the change']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(says);
    expect(repo.state()).toBe(before);
    expect(repo.tryGit(['commit', '-q', '--no-verify', '-m', 'the change, hooks bypassed']).status).toBe(0);
    const ci = runBuilt(['ci', '--from', start], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toMatch(says);
  });
});
