import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/runCli';
import { makeRepo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { S, L, H, SEQ, CONFIG } from '../helpers/paths';
import { stageEdit } from '../helpers/edits';

const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');

/** Runs `spine-hooks --staged` in-process and checks the repository was not touched. */
async function staged(repo: ReturnType<typeof makeRepo>, extra: string[] = [], cwd = repo.dir) {
  const before = repo.state();
  const r = await runCli(['--staged', ...extra], { cwd });
  expect(repo.state()).toBe(before);
  return r;
}

describe('--staged reads the index, never the working tree', () => {
  test('first commit (no HEAD): every staged file selects its gates', async () => {
    const repo = makeRepo(base, { commit: false });
    repo.git(['add', '-A']);
    const r = await staged(repo, ['--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^D69 vm-creation-governance-lock ← .*ops\/bindings\/vm\.lifecycle\.yaml/m);
    expect(r.stdout).toMatch(/✔ 11 gates: 11 passed/);
  });

  test('a staged drift blocks; the same change left unstaged does not', async () => {
    const repo = makeRepo(base);
    repo.write({ [H]: noHealth(base[H]) });
    let r = await staged(repo);
    expect(r).toMatchObject({ code: 0, stdout: 'spine-hooks: 0 staged paths, none read by a gate: nothing to check\n' });
    repo.git(['add', H]);
    r = await staged(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /D69 ops\/bindings\/vm\.lifecycle\.yaml:\d+:5 error VM 302 \(monitoring\): missing from ops\/bindings\/services\.health\.yaml/,
    );
    expect(r.stdout).toContain('Commit blocked by D69');
  });

  test('partial staging: a touchpoint fixed only in the working tree still blocks', async () => {
    const repo = makeRepo(base);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    repo.write({ [H]: base[H] }); // fixed on disk, not staged
    const r = await staged(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  });

  test('partial staging: an unstaged breakage does not block a correct staged change', async () => {
    const repo = makeRepo(base);
    stageEdit(repo, S, (t) => t.replace('# ', '## '));
    repo.write({ [S]: 'ssh: [broken' });
    const r = await staged(repo);
    expect(r.code).toBe(0);
  });

  test('untracked files never count', async () => {
    const repo = makeRepo(Object.fromEntries(Object.entries(base).filter(([k]) => k !== H)));
    repo.write({ [H]: base[H] }); // exists on disk, untracked: the index has no health file
    repo.write({ [L]: base[L] + '\n' });
    repo.git(['add', L]);
    const r = await staged(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${H} is missing`);
  });

  test('a commit touching no file a gate reads exits 0 with one short line', async () => {
    const repo = makeRepo(base);
    repo.write({ 'notes.txt': 'hello' });
    repo.git(['add', 'notes.txt']);
    const r = await staged(repo);
    expect(r).toEqual({ code: 0, stdout: 'spine-hooks: 1 staged path, none read by a gate: nothing to check\n', stderr: '' });
  });

  test('schema gates validate only the changed files', async () => {
    const repo = makeRepo(base);
    const r = await (async () => {
      repo.write({ [SEQ]: base[SEQ] + '\n' });
      repo.git(['add', '-A']);
      return staged(repo, ['--explain']);
    })();
    expect(r.stdout).toMatch(/^D138 site-parity-maintenance-order ← ops\/bindings\/startup\.sequencing\.yaml$/m);
    expect(r.stdout).toMatch(/^D900 ssot-schema-conformance ← ops\/bindings\/startup\.sequencing\.yaml$/m);
    expect(r.stdout).not.toMatch(/^D69 /m);
  });

  test('a renamed SSOT file fails the gates reading the old path', async () => {
    const repo = makeRepo(base);
    repo.git(['mv', S, 'ops/bindings/ssh.yaml']);
    const r = await staged(repo, ['--explain']);
    expect(r.stdout).toMatch(/^D54 ssot-ip-parity ← .*ops\/bindings\/ssh\.targets\.yaml/m);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ops/bindings/ssh.targets.yaml is missing');
  });

  test('a deleted SSOT file is drift', async () => {
    const repo = makeRepo(base);
    repo.git(['rm', '-q', H]);
    const r = await staged(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/D69 ops\/bindings\/services\.health\.yaml error ops\/bindings\/services\.health\.yaml is missing/);
  });

  test('a mode-only change runs the gates and passes', async () => {
    const repo = makeRepo(base);
    fs.chmodSync(path.join(repo.dir, S), 0o755);
    repo.git(['add', S]);
    expect(repo.git(['diff', '--cached', '--name-status'])).toBe(`M\t${S}\n`);
    const r = await staged(repo, ['--explain']);
    expect(r.stdout).toMatch(/^D69 /m);
    expect(r.code).toBe(0);
  });

  test('paths with spaces and non-ASCII characters (remapped in the config)', async () => {
    const moved = { ...base };
    const target = 'ops/ssh targets/ssh.cibles-é.yaml';
    moved[target] = moved[S];
    delete moved[S];
    moved[CONFIG] = `files:\n  ssh_targets: "${target}"\n`;
    const repo = makeRepo(moved);
    stageEdit(repo, target, (t) => t.replace(/ {4}- id: "monitoring"\n(?: {6}.*\n)+/, ''));
    const r = await staged(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`VM 302 (monitoring): missing from ${target}`);
  });

  test('the configuration is read from the index too', async () => {
    const repo = makeRepo({ ...base, [CONFIG]: 'gates:\n  D69: { severity: off }\n' });
    repo.write({ [CONFIG]: 'gates:\n  D69: { severity: error }\n' }); // unstaged: must not apply
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    expect((await staged(repo)).code).toBe(0);
    repo.git(['add', 'spine-hooks.config.yaml']);
    const r = await staged(repo, ['--explain']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/← .*spine-hooks\.config\.yaml/);
    expect(r.stdout).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  });

  test('CRLF line endings and a UTF-8 BOM parse like any file', async () => {
    const repo = makeRepo(base);
    stageEdit(repo, S, (t) => '\uFEFF' + t.replace(/\n/g, '\r\n'));
    const r = await staged(repo);
    expect(r.stdout).toMatch(/✔ \d+ gates: \d+ passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  test('run from a subdirectory: the repository root is found', async () => {
    const repo = makeRepo({ ...base, 'package.json': '{"name":"estate","private":true}\n' });
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    const r = await staged(repo, [], path.join(repo.dir, 'ops', 'bindings'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  });

  test('a symlinked SSOT file is read through its target in the index; a submodule does not crash', async () => {
    const repo = makeRepo({ ...Object.fromEntries(Object.entries(base).filter(([k]) => k !== H)), 'shared/health.yaml': base[H] });
    fs.symlinkSync('../../shared/health.yaml', path.join(repo.dir, H));
    const sub = makeRepo({ 'README.md': 'sub\n' });
    repo.git(['-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', sub.dir, 'vendor/sub']);
    repo.git(['add', '-A']);
    let r = await staged(repo);
    expect(r.code).toBe(0);
    repo.write({ 'shared/health.yaml': noHealth(base[H]) });
    repo.git(['add', '-A']);
    r = await staged(repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  });

  test('outside a git repository --staged is a usage error (exit 2)', async () => {
    const r = await runCli(['--staged', '--cwd', '/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not inside a git work tree/);
  });
});

describe('the parse cache (by blob id, in the git directory)', () => {
  test('a second run reads unchanged files from the cache and reports the same findings at the same lines', async () => {
    const repo = makeRepo(base);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['add', H]);
    const first = await staged(repo);
    const cacheDir = path.join(repo.dir, '.git', 'spine-hooks', 'cache');
    const entries = fs.readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(entries.length).toBeGreaterThan(5);
    const timeless = (r: { stdout: string }) => r.stdout.replace(/ +\d+\.\d ms/g, '');
    const second = await staged(repo);
    expect(timeless(second)).toEqual(timeless(first));
    // A damaged entry is ignored, never trusted.
    for (const f of entries) fs.writeFileSync(path.join(cacheDir, String(f)), '{"data": ');
    expect(timeless(await staged(repo))).toEqual(timeless(first));
    expect(first.stdout).toMatch(/D69 ops\/bindings\/vm\.lifecycle\.yaml:\d+:5 error VM 302 \(monitoring\)/);
  });
});
