import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { makeRepo, hookedRepo, runBuilt, builtCli, cleanEnv, addRemote } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { H, L, CONFIG } from '../helpers/paths';

/**
 * docs/security.md, the smaller ways past a gate: a run that cannot write its caches, a configured
 * path into git's own folder, a change that deletes the files that make gates apply, and a
 * repository named twice.
 */
const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
const DRIFT = 'VM 302 (monitoring): missing from ops/bindings/services.health.yaml';

describe('a run that cannot write its caches', () => {
  /** The built CLI under `ulimit -f 0` (every file write fails with EFBIG), output on a pipe. */
  const limited = (args: string[], cwd: string) => {
    const r = spawnSync('sh', ['-c', 'ulimit -f 0 && exec "$0" "$@"', process.execPath, builtCli(), ...args], {
      cwd,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout };
  };

  test.each([
    ['a clean estate', base, 0],
    ['drift', { ...base, [H]: noHealth(base[H]) }, 1],
  ])('gives the verdict a run with caches gives, on %s', (_n, files, code) => {
    const repo = makeRepo(files);
    const strip = (s: string) => s.replace(/ *\d+(\.\d+)? ?ms/g, '').replace(/ +$/gm, '');
    const cold = limited(['--all', '--no-color'], repo.dir);
    expect(cold.status).toBe(code);
    // Nothing half-written is left behind.
    const cache = path.join(repo.dir, '.git', 'spine-hooks');
    const left = fs.existsSync(cache)
      ? fs
          .readdirSync(cache, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.json') || f.endsWith('.tmp'))
      : [];
    expect(left).toEqual([]);
    const cached = runBuilt(['--all', '--no-color'], repo.dir);
    expect(cached.status).toBe(code);
    expect(strip(cold.stdout)).toBe(strip(cached.stdout));
  });
});

test.each(['.git/hooks/post-commit', 'ops/.git/x.jsonl', '.GIT/config'])(
  "a configured path into git's folder (%s) is exit 2 at its line",
  (p) => {
    const repo = makeRepo({ ...base, [CONFIG]: `policy:\n  override_log: ${p}\n` });
    const r = runBuilt(['--all'], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${CONFIG}:2:\\d+: .*points into the git directory`));
    expect(fs.existsSync(path.join(repo.dir, '.git', 'hooks', 'post-commit'))).toBe(false);
  },
);

describe('a change that loses the files gates apply by', () => {
  test('git rm -r of the SSOT folders is refused at commit, by pre-push and by ci', () => {
    const repo = hookedRepo(base);
    addRemote(repo);
    repo.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']);
    repo.git(['rm', '-rq', 'ops', 'docs']);
    const c = repo.tryGit(['commit', '-q', '-m', 'remove the estate']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toMatch(
      /D69 vm-creation-governance-lock is weakened: ops\/bindings\/vm\.lifecycle\.yaml, the file that makes it apply, is deleted/,
    );
    repo.git(['commit', '-q', '--no-verify', '-m', 'remove the estate']);
    const ci = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain('the file that makes it apply, is deleted');
    const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain('the file that makes it apply, is deleted');
  });

  test('an index that git reads as empty (GIT_INDEX_FILE naming no file) fails', () => {
    const repo = makeRepo(base);
    const r = runBuilt(['--staged'], repo.dir, { GIT_INDEX_FILE: path.join(tempDir(), 'no-index') });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${L}, the file that makes it apply, is deleted`);
  });

  test('deleting one scope file is a weakening of the gates it scopes, passed with a logged override', () => {
    const repo = hookedRepo(base);
    repo.git(['rm', '-q', 'ops/bindings/vm.operating.profile.yaml']);
    const c = repo.tryGit(['commit', '-q', '-m', 'no profiles']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain('D86 vm-operating-profile-parity is weakened');
    const o = repo.tryGit(['commit', '-q', '-m', 'no profiles'], {
      env: { SPINE_OVERRIDE: 'D86', SPINE_OVERRIDE_REASON: 'operating profiles move to the CMDB this quarter' },
    });
    expect(o.status).toBe(0);
    expect(runBuilt(['ci', '--from', 'HEAD~1'], repo.dir).status).toBe(0);
  });

  test('a file that is not a scope file, deleted, is drift as before (not a governance finding)', () => {
    const repo = makeRepo(base);
    repo.git(['rm', '-q', H]);
    const r = runBuilt(['--staged'], repo.dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${H} is missing`);
    expect(r.stdout).not.toContain('is weakened');
  });
});

test('--cwd in one repository and GIT_DIR naming another is exit 2, saying both', () => {
  const a = makeRepo({ ...base, [H]: noHealth(base[H]) });
  const b = makeRepo({ 'README.md': 'other\n' });
  const r = runBuilt(['--staged', '--cwd', a.dir], b.dir, { GIT_DIR: path.join(b.dir, '.git') });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`belongs to the repository at ${fs.realpathSync(a.dir)}`);
  expect(r.stderr).toContain(`GIT_DIR names ${path.join(b.dir, '.git')}`);
  // The same repository named both ways is fine.
  expect(runBuilt(['--all'], a.dir, { GIT_DIR: path.join(a.dir, '.git') }).stdout).toContain(DRIFT);
});

describe('globs from the configuration', () => {
  const gate = (glob: string) =>
    `add_gates:\n  - id: D1060\n    name: globbed\n    description: Files of a glob follow the lifecycle schema.\n` +
    `    severity: error\n    lanes: [infra]\n    fix_hint: Fix the file.\n    rules:\n      - kind: schema\n` +
    `        files:\n          - { glob: "${glob}", schema: vm.lifecycle.schema.json }\n`;
  const STARS = 'ops/a*a*a*a*a*a*a*a*a*a*a*a*b.yaml';
  const LONG = `ops/${'a'.repeat(60)}.yaml`;

  test('a glob of many stars against a long file name gets a verdict from --all and from the hooks', () => {
    const repo = hookedRepo({ ...base, [CONFIG]: gate(STARS) });
    expect(runBuilt(['--all'], repo.dir).status).toBe(0);
    // Through the installed hook (shell fast path and node): the name is staged and judged.
    repo.write({ [LONG]: 'vms: []\n' });
    repo.git(['add', LONG]);
    const c = repo.tryGit(['commit', '-q', '-m', 'long name']);
    expect(c.status).toBe(0);
    expect(runBuilt(['ci', '--from', 'HEAD~1'], repo.dir).status).toBe(0);
  });

  test.each([
    ['ops/!(x).yaml', 'an extglob'],
    ['!ops/x.yaml', 'a leading ! (negation)'],
  ])('%s is exit 2 at its line', (glob, what) => {
    const repo = makeRepo({ ...base, [CONFIG]: gate(glob) });
    const r = runBuilt(['--all'], repo.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${CONFIG}:11:\\d+: .*uses ${what.replace(/[()!]/g, '\\$&')}`));
  });
});

test('ci and pre-push read commits as stored, not as refs/replace substitutes them', () => {
  const repo = hookedRepo(base);
  addRemote(repo);
  repo.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']);
  const start = repo.git(['rev-parse', 'HEAD']).trim();
  repo.write({ [H]: noHealth(base[H]) });
  repo.git(['commit', '-q', '--no-verify', '-am', 'drop probes']);
  // An innocent commit with the parent's tree, put in place of the drift by a replace ref.
  const innocent = repo.git(['commit-tree', '-p', start, '-m', 'innocent', `${start}^{tree}`]).trim();
  repo.git(['replace', 'HEAD', innocent]);
  const ci = runBuilt(['ci', '--from', start], repo.dir);
  expect(ci.status).toBe(1);
  expect(ci.stdout).toContain(DRIFT);
  const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/main']);
  expect(push.status).not.toBe(0);
  expect(push.stdout + push.stderr).toContain(DRIFT);
});

test('a baseline written in YAML syntax that grows is a weakening too', () => {
  const repo = makeRepo(base);
  repo.write({ [H]: noHealth(base[H]) });
  const update = runBuilt(['baseline', 'update', '--accept-new', '--ref', 'GAP-1'], repo.dir);
  expect(update.status).toBe(0);
  const file = '.spine-hooks/baseline.json';
  const json = JSON.parse(repo.read(file)) as { entries: Array<Record<string, string>> };
  expect(json.entries.length).toBeGreaterThan(0);
  // The same entries as YAML (JSON is YAML: the loader reads both).
  repo.write({ [file]: `# known gaps\nversion: 1\nentries:\n${json.entries.map((e) => `  - ${JSON.stringify(e)}`).join('\n')}\n` });
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'baseline the drift']);
  const ci = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
  expect(ci.status).toBe(1);
  expect(ci.stdout).toMatch(/D69 vm-creation-governance-lock is weakened: .*baseline/);
});

describe('an edit behind a symbolic link is an edit of the link', () => {
  const ROGUE = '  - vmid: 399\n    hostname: rogue-vm\n    status: active\n    proxmox_host: pve\n';
  const addRogue = (t: string) => t.replace(/^vms:\n/m, `vms:\n${ROGUE}`);

  /** The example plus `files`, with `link` (a file of its own until then, or new) made a symbolic link to `target` in a commit through the hooks. */
  function withLink(files: Record<string, string>, link: string, target: string) {
    const repo = hookedRepo({ ...base, ...files });
    fs.mkdirSync(path.join(repo.dir, path.dirname(link)), { recursive: true });
    fs.rmSync(path.join(repo.dir, link), { force: true });
    fs.symlinkSync(path.relative(path.dirname(path.join(repo.dir, link)), path.join(repo.dir, target)), path.join(repo.dir, link));
    repo.git(['add', '-A']);
    const c = repo.tryGit(['commit', '-q', '-m', 'behind a link']);
    expect(c.status).toBe(0);
    return { repo, start: repo.git(['rev-parse', 'HEAD~1']).trim() };
  }

  /** The staged edit behind the link: refused by the hook (when `hook`), then made with --no-verify and refused by ci; both say `says`. */
  function refused(repo: ReturnType<typeof makeRepo>, start: string, says: string, hook = true) {
    if (hook) {
      const c = repo.tryGit(['commit', '-q', '-m', 'an edit behind the link']);
      expect(c.status).not.toBe(0);
      expect(c.stdout + c.stderr).toContain(says);
    }
    repo.git(['commit', '-q', '--no-verify', '-m', 'an edit behind the link']);
    const ci = runBuilt(['ci', '--from', start], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain(says);
  }

  test('a data file: drift in the file behind the link', () => {
    const { repo, start } = withLink({ 'data/vms.yaml': base[L] }, L, 'data/vms.yaml');
    repo.write({ 'data/vms.yaml': addRogue(base[L]) });
    repo.git(['add', 'data/vms.yaml']);
    refused(repo, start, 'rogue-vm');
  });

  test('the configuration: switching a gate off behind the link is a weakening', () => {
    const { repo, start } = withLink({ 'cfg/real.yaml': 'gates:\n  D69:\n    severity: error\n' }, CONFIG, 'cfg/real.yaml');
    repo.write({ 'cfg/real.yaml': 'gates:\n  D69:\n    severity: off\n' });
    repo.git(['add', 'cfg/real.yaml']);
    refused(repo, start, 'D69 vm-creation-governance-lock is weakened');
  });

  test('the baseline: entries added behind the link are a weakening', () => {
    const { repo, start } = withLink(
      { 'notes/known.json': '{"version":1,"entries":[]}\n' },
      '.spine-hooks/baseline.json',
      'notes/known.json',
    );
    repo.write({ [H]: noHealth(base[H]) });
    expect(runBuilt(['baseline', 'update', '--accept-new', '--ref', 'GAP-2'], repo.dir).status).toBe(0);
    expect(repo.read('notes/known.json')).toContain('"D69"');
    repo.git(['add', '-A']);
    refused(repo, start, 'is weakened', false);
  });

  test("a file a schema rule's glob reaches through a link: an edit behind it is validated", () => {
    const cfg =
      `add_gates:\n  - id: D1061\n    name: extra-schema\n` +
      `    description: Extra files follow the capabilities schema.\n    severity: error\n    lanes: [core]\n` +
      `    fix_hint: Fix the file.\n    rules:\n      - kind: schema\n        files:\n` +
      `          - { glob: "extra/*.yaml", schema: capabilities.schema.json }\n`;
    const { repo, start } = withLink({ [CONFIG]: cfg, 'data/a.yaml': 'capabilities: {}\n' }, 'extra/a.yaml', 'data/a.yaml');
    repo.write({ 'data/a.yaml': 'nope: 1\n' });
    repo.git(['add', 'data/a.yaml']);
    refused(repo, start, 'extra/a.yaml');
  });
});

describe('commits whose subject or file names hold bytes git log separators use', () => {
  test.each([
    [
      'a \\x01 in the subject',
      (repo: ReturnType<typeof makeRepo>, start: string) =>
        repo.git(['commit', '-q', '--no-verify', '-am', `tidy\x01${start}\x1f${start}\x1f0\x1fok`]),
    ],
    [
      'a \\x01 in a file name',
      (repo: ReturnType<typeof makeRepo>, start: string) => {
        repo.write({ [`a\x01${start}`]: 'hi\n' });
        repo.git(['add', '-A']);
        repo.git(['commit', '-q', '--no-verify', '-m', 'notes']);
      },
    ],
  ])('%s: the drift commit is still checked, by ci and pre-push', (_n, commit) => {
    const repo = hookedRepo(base);
    addRemote(repo);
    repo.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [H]: noHealth(base[H]) });
    commit(repo, start);
    const ci = runBuilt(['ci', '--from', start], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain(DRIFT);
    const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(push.status).not.toBe(0);
  });
});
