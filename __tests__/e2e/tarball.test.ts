import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo, cleanEnv, builtCli, type Repo, addRemote } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { NODE_GUARD, binGuard } from '../../src/hooks/installHooks';
import { L, DI, ROOT, PACKAGE_JSON, atRoot } from '../helpers/paths';
import { editFile, stageEdit } from '../helpers/edits';

/**
 * The packed artefact, installed into a fresh repository the way a user installs it, driven by real
 * `git commit` and `git push` through the hooks that `spine-hooks init` (husky) installs.
 */
jest.setTimeout(300_000);

const base = exampleFiles();
let repo: Repo;
let shipped: Record<string, unknown>;

const NEW_VM = `
  - vmid: 320
    hostname: ledger
    proxmox_host: pve
    role: accounting
    owner: "@ines"
    status: active
    os: ubuntu-24.04
    lan_ip: 172.20.10.70
    tailscale_ip: 100.93.70.70
    ssh_target: ledger
    backup_target: vm-320-primary
    health_probe_policy: full
`;

beforeAll(() => {
  builtCli();
  const packDir = tempDir();
  // dist/ is built by `npm run build` (CI builds before testing); --ignore-scripts keeps pack from
  // rebuilding, so the prepack step (the shipped manifest) is run here as npm would run it.
  const manifest = atRoot('scripts', 'pack-manifest.js');
  execFileSync(process.execPath, [manifest, 'clean'], { cwd: ROOT });
  let out: string;
  try {
    out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packDir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  } finally {
    execFileSync(process.execPath, [manifest, 'restore'], { cwd: ROOT });
  }
  const tarball = path.join(packDir, out.trim().split('\n').pop()!);
  shipped = JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }));
  repo = makeRepo({
    ...base,
    'package.json': JSON.stringify({ name: 'estate', private: true }, null, 2) + '\n',
    '.gitignore': 'node_modules/\n',
  });
  execFileSync('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: repo.dir,
    env: cleanEnv(),
    stdio: 'pipe',
  });
  addRemote(repo);
});

function npx(args: string[]) {
  const r = spawnSync('npx', ['--no', '--', 'spine-hooks', ...args], { cwd: repo.dir, env: cleanEnv(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
}

test("the shipped manifest carries none of this repository's scripts (npm would warn about prepare on every install), nor devDependencies", () => {
  expect(shipped.scripts).toBeUndefined();
  expect(shipped.devDependencies).toBeUndefined();
  expect(shipped).toMatchObject({
    name: 'spine-hooks',
    bin: expect.anything(),
    dependencies: expect.anything(),
    engines: expect.anything(),
  });
  // The working copy's package.json is back as it was.
  expect(JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).scripts.prepare).toBeDefined();
});

test('the installed package runs: --version and --all on the repository', () => {
  expect(npx(['--version']).stdout.trim()).toBe(JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).version);
  const r = npx(['--all']);
  expect(r.status).toBe(0);
  expect(r.out).toMatch(/11 gates: 11 passed/);
});

test('spine-hooks init installs husky hooks, is idempotent and keeps existing hook content', () => {
  fs.mkdirSync(path.join(repo.dir, '.husky'), { recursive: true });
  fs.writeFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'echo "team hook ran"\n');
  let r = npx(['init']);
  expect(r.status).toBe(0);
  expect(fs.readFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(
    `echo "team hook ran"\n${NODE_GUARD}\n${binGuard('spine-hooks-hook')}\nspine-hooks-hook pre-commit\n`,
  );
  expect(fs.readFileSync(path.join(repo.dir, '.husky', 'pre-push'), 'utf8')).toBe(
    `${NODE_GUARD}\n${binGuard('spine-hooks')}\nspine-hooks hook pre-push "$@"\n`,
  );
  expect(fs.readFileSync(path.join(repo.dir, '.gitattributes'), 'utf8')).toBe(
    '/.spine-hooks/overrides.jsonl merge=union\n/.husky/* text eol=lf\n',
  );
  expect(fs.readFileSync(path.join(repo.dir, '.husky', 'commit-msg'), 'utf8')).toContain('spine-hooks hook commit-msg "$1"');
  expect(JSON.parse(fs.readFileSync(path.join(repo.dir, 'package.json'), 'utf8')).scripts.prepare).toBe('husky');
  expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
  r = npx(['init']);
  expect(r.out).toContain('hooks already installed, nothing changed');
  expect(fs.readFileSync(path.join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(
    `echo "team hook ran"\n${NODE_GUARD}\n${binGuard('spine-hooks-hook')}\nspine-hooks-hook pre-commit\n`,
  );
  repo.git(['add', '-A']);
  expect(repo.tryGit(['commit', '-q', '-m', 'install spine-hooks']).status).toBe(0);
});

test('an active VM without its touchpoints is refused, naming each missing file', () => {
  editFile(repo, L, (t) => t.replace(/\n(# ─+\n# Decommissioned)/, `${NEW_VM}\n$1`));
  expect(repo.read(L)).toContain('hostname: ledger');
  repo.git(['add', L]);
  const r = repo.tryGit(['commit', '-m', 'add ledger VM']);
  const out = r.stdout + r.stderr;
  expect(r.status).not.toBe(0);
  expect(out).toContain('team hook ran');
  for (const file of [
    'ops/bindings/ssh.targets.yaml',
    'docs/governance/SERVICE_REGISTRY.yaml',
    'ops/bindings/backup.inventory.yaml',
    'ops/bindings/services.health.yaml',
    'docs/governance/DEVICE_IDENTITY_SSOT.md',
    'ops/bindings/vm.operating.profile.yaml',
  ]) {
    expect(out).toContain(`VM 320 (ledger): missing from ${file}`);
  }
  expect(repo.git(['log', '-1', '--format=%s'])).toBe('install spine-hooks\n');
});

test('staging the touchpoints lets the commit through', () => {
  const add = (file: string, anchor: RegExp, text: string) => editFile(repo, file, (t) => t.replace(anchor, (m) => `${m}${text}`));
  add('ops/bindings/ssh.targets.yaml', /\n {2}targets:\n/, '    - id: "ledger"\n      host: "100.93.70.70"\n      user: "ubuntu"\n');
  add('docs/governance/SERVICE_REGISTRY.yaml', /\nhosts:\n/, '  ledger:\n    tailscale_ip: 100.93.70.70\n    vmid: 320\n');
  add(
    'ops/bindings/backup.inventory.yaml',
    /\ntargets:\n/,
    '  - name: vm-320-primary\n    enabled: true\n    host: pve\n    base_path: /tank/dump\n    glob: "vzdump-qemu-320-*.vma.zst"\n',
  );
  add(
    'ops/bindings/services.health.yaml',
    /\nendpoints:\n/,
    '  - id: ledger-web\n    host: ledger\n    url: "http://100.93.70.70:8080/health"\n    enabled: true\n',
  );
  add(
    'docs/governance/STACK_REGISTRY.yaml',
    /\nstacks:\n/,
    '  - stack_id: ledger\n    name: Ledger (ledger)\n    path: "proxmox:vm-320"\n',
  );
  add(
    'ops/bindings/vm.operating.profile.yaml',
    /\nprofiles:\n/,
    '  - vmid: 320\n    hostname: ledger\n    ssh_mode: standard\n    runtime_inspection_mode: docker-group\n' +
      '    health_probe_policy: full\n    startup_policy: auto\n    diagnostic_user_policy: docker-group-member\n' +
      '    backup_policy: vzdump-scheduled\n',
  );
  repo.write({
    [DI]: repo.read(DI).replace(/(\| [^\n]*\| `vision-stack` \|[^\n]*\n)/, '$1| ledger | `ledger` | 172.20.10.70 | 320 | accounting |\n'),
  });
  repo.git(['add', '-A']);
  const r = repo.tryGit(['commit', '-q', '-m', 'add ledger VM with its touchpoints']);
  expect(r.stdout + r.stderr).not.toContain('Commit blocked');
  expect(r.status).toBe(0);
  expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);
});

test('a drifting commit made with --no-verify is refused at push', () => {
  editFile(repo, L, (t) => t.replace('tailscale_ip: 100.93.70.70', 'tailscale_ip: 100.93.70.71'));
  expect(repo.tryGit(['commit', '-q', '--no-verify', '-am', 'readdress ledger']).status).toBe(0);
  const r = repo.tryGit(['push', 'origin', 'main']);
  expect(r.status).not.toBe(0);
  expect(r.stdout + r.stderr).toContain(
    'VM 320 (ledger): lan_ip|tailscale_ip 172.20.10.70 or 100.93.70.71 disagrees with ssh target ledger host 100.93.70.70',
  );
});

test('an override through the husky hooks is logged and trailed, and the push goes through', () => {
  repo.git(['reset', '-q', '--hard', 'origin/main']);
  stageEdit(repo, L, (t) => t.replace('tailscale_ip: 100.93.70.70', 'tailscale_ip: 100.93.70.73'));
  const reason = 'ledger is readdressed tonight; ssh target follows tomorrow';
  const r = repo.tryGit(['commit', '-q', '-m', 'readdress ledger'], {
    env: { SPINE_OVERRIDE: 'D69:ledger', SPINE_OVERRIDE_REASON: reason },
  });
  expect(r.stdout + r.stderr).toContain('recorded in .spine-hooks/overrides.jsonl');
  expect(r.status).toBe(0);
  const record = JSON.parse(repo.read('.spine-hooks/overrides.jsonl').trim().split('\n').pop()!);
  expect(repo.git(['log', '-1', '--format=%B'])).toContain(`Spine-Override: D69:ledger — ${reason} [id ${record.id}]`);
  const push = repo.tryGit(['push', 'origin', 'main']);
  expect(push.stdout + push.stderr).toContain(`override ${record.id}`);
  expect(push.status).toBe(0);
});

test('the lint-staged route gives the same verdict as the plain hook', () => {
  const lintStaged = atRoot('node_modules', 'lint-staged', 'bin', 'lint-staged.js');
  fs.writeFileSync(path.join(repo.dir, '.lintstagedrc.json'), JSON.stringify({ '*.{yaml,yml,md}': 'spine-hooks --staged' }));
  repo.git(['reset', '-q', '--hard', 'origin/main']);
  stageEdit(repo, L, (t) => t.replace(/tailscale_ip: 100\.93\.70\.7\d/, 'tailscale_ip: 100.93.70.72'));
  const plain = spawnSync('npx', ['--no', '--', 'spine-hooks', 'hook', 'pre-commit'], { cwd: repo.dir, env: cleanEnv(), encoding: 'utf8' });
  const viaLintStaged = spawnSync(process.execPath, [lintStaged, '--quiet'], { cwd: repo.dir, env: cleanEnv(), encoding: 'utf8' });
  expect(plain.status).toBe(1);
  expect(viaLintStaged.status).toBe(1);
  expect(viaLintStaged.stdout + viaLintStaged.stderr).toContain(
    'VM 320 (ledger): tailscale_ip 100.93.70.72 disagrees with SERVICE_REGISTRY host',
  );
  repo.git(['reset', '-q', '--hard']);
});
