import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/runCli';
import { tempDir, writeFiles } from '../helpers/tempDir';
import { exampleFiles } from '../helpers/example';
import { SchemaValidator } from '../../src/schema/SchemaValidator';
import { HELP } from '../../src/cli/helpText';
import { EXAMPLE_DIR, PACKAGE_JSON, ROOT, S, SR, corpusSnapshot, docFile, schemaFile } from '../helpers/paths';
import { editFile } from '../helpers/edits';

const reportSchema = schemaFile('report.schema.json');

describe('spine-hooks CLI', () => {
  test('--all on the example: every gate PASS, a lane table, exit 0', async () => {
    const r = await runCli(['--all', '--cwd', EXAMPLE_DIR]);
    expect(r.code).toBe(0);
    for (const id of ['D54', 'D69', 'D86', 'D100', 'D137', 'D138', 'D139', 'D140', 'D141', 'D142', 'D900'])
      expect(r.stdout).toMatch(new RegExp(`^PASS  ${id} `, 'm'));
    expect(r.stdout).toMatch(/^lane +gates +passed +failed +warned +skipped$/m);
    expect(r.stdout).toMatch(/^core +4 +4 +0 +0 +0$/m);
    expect(r.stdout).not.toContain('\x1b['); // no colour when not a TTY
  });

  test('a failing run prints findings grouped by gate, the fix hint, and exits 1', async () => {
    const dir = tempDir(exampleFiles());
    editFile(dir, S, (t) => t.replace(/ {4}- id: "monitoring"\n(?: {6}.*\n)+/, ''));
    const r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}D69 vm-creation-governance-lock/m);
    expect(r.stdout).toMatch(
      /^ {2}D69 ops\/bindings\/vm\.lifecycle\.yaml:\d+:5 error VM 302 \(monitoring\): missing from ops\/bindings\/ssh\.targets\.yaml/m,
    );
    expect(r.stdout).toMatch(/^ {2}fix: /m);
    expect(r.stdout).toMatch(/✖ 11 gates: 9 passed, 2 failed/);
  });

  test('--format json validates against schemas/report.schema.json', async () => {
    const corpus = fs.existsSync(corpusSnapshot('spine-2026-02-17'));
    const r = await runCli(['--all', '--cwd', corpus ? '../shared/corpus/spine-2026-02-17' : 'examples', '--format', 'json'], {
      cwd: ROOT,
    });
    const v = new SchemaValidator({ precompiled: false });
    const json = JSON.parse(r.stdout);
    expect(v.validate(v.compileFile(reportSchema), json)).toEqual([]);
    if (corpus) {
      expect(json.exitCode).toBe(1);
      expect(json.gates.find((g: { id: string }) => g.id === 'D86').findings).toHaveLength(13);
    }
  });

  test('--gate and --lane select gates; unknown ones are exit 2 with the valid names', async () => {
    let r = await runCli(['--gate', 'd69', '--gate', 'D54', '--cwd', EXAMPLE_DIR, '--format', 'json']);
    expect(JSON.parse(r.stdout).gates.map((g: { id: string }) => g.id)).toEqual(['D54', 'D69']);
    r = await runCli(['--lane', 'proxmox-network', '--cwd', EXAMPLE_DIR, '--format', 'json']);
    expect(JSON.parse(r.stdout).gates.map((g: { id: string }) => g.id)).toEqual(['D54', 'D100']);
    r = await runCli(['--gate', 'D1', '--cwd', EXAMPLE_DIR]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('unknown gate "D1"; valid ids: D54, D69');
    r = await runCli(['--lane', 'nope', '--cwd', EXAMPLE_DIR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('valid lanes: core, infra, proxmox-network');
  });

  test('usage errors are exit 2 with one line, never a stack trace', async () => {
    for (const argv of [[], ['--bogus'], ['--all', '--format', 'xml'], ['frobnicate']]) {
      const r = await runCli(argv, { cwd: EXAMPLE_DIR });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('--quiet prints only what is not passing, and the verdict', async () => {
    const r = await runCli(['--all', '--quiet', '--cwd', EXAMPLE_DIR]);
    expect(r.stdout.trim()).toBe('✔ 11 gates: 11 passed, 0 failed, 0 warned, 0 skipped (0 errors, 0 warnings)');
  });

  test('--help, --version and colour switches', async () => {
    expect((await runCli(['--help'])).stdout).toBe(HELP);
    expect((await runCli(['--version'])).stdout.trim()).toBe(JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).version);
    expect((await runCli(['--all', '--color', '--cwd', EXAMPLE_DIR])).stdout).toContain('\x1b[32mPASS');
    // picocolors' rules: --no-color and NO_COLOR win; FORCE_COLOR and CI switch colour on; TERM=dumb off.
    const colour = async (args: string[], env: NodeJS.ProcessEnv) =>
      (await runCli(['--all', ...args, '--cwd', EXAMPLE_DIR], { env })).stdout.includes('\x1b[');
    expect(await colour(['--color', '--no-color'], {})).toBe(false);
    expect(await colour(['--color'], { NO_COLOR: '1' })).toBe(false);
    expect(await colour([], { FORCE_COLOR: '1' })).toBe(true);
    expect(await colour([], { FORCE_COLOR: '0', CI: 'true' })).toBe(false);
    expect(await colour([], { CI: 'true' })).toBe(true);
    expect(await colour([], { CI: 'true', TERM: 'dumb' })).toBe(false);
    expect(await colour([], {})).toBe(false); // not a terminal
  });

  test('list shows every gate with severity and lanes', async () => {
    const r = await runCli(['list'], { cwd: EXAMPLE_DIR });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^D69 +vm-creation-governance-lock +error +core,infra$/m);
    expect(r.stdout).toMatch(/^ {2}proxmox-network +2 gates/m);
  });

  test('explain prints what, why, fix, inputs and parameters from the registry', async () => {
    const r = await runCli(['explain', 'D69'], { cwd: EXAMPLE_DIR });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('D69 vm-creation-governance-lock  (severity: error; lanes: core, infra)');
    expect(r.stdout).toContain('  ops/bindings/ssh.targets.yaml');
    expect(r.stdout).toContain('  non_vm_hosts: ["pve","proxmox-home","nas","vault","ha","pihole-home","download-home"]');
    expect((await runCli(['explain', 'D7'], { cwd: EXAMPLE_DIR })).code).toBe(2);
  });

  test('explain of the lifecycle gates: the contract that applies, the touchpoint and leftover checks', async () => {
    const d140 = await runCli(['explain', 'D140'], { cwd: EXAMPLE_DIR });
    expect(d140.code).toBe(0);
    expect(d140.stdout).toContain(
      "(statuses absent from ops/bindings/vm.lifecycle.contract.yaml: spine-hooks' bindings/vm.lifecycle.contract.yaml)",
    );
    expect(d140.stdout).toMatch(/^ {2}registered +REGISTER +lan-ip, ssh-target, registry-host; no placeholders$/m);
    expect(d140.stdout).toMatch(/^ {2}decommissioned +DECOMMISSION +\(none\); nothing live may remain$/m);
    expect(d140.stdout).toContain('  coverage touchpoint: ssh-target');
    // The page is in the installed package: its path as the user can open it, absolute from outside the package.
    expect(d140.stdout).toContain(`More: ${docFile('gates', 'D140.md')}\n`);
    const d141 = await runCli(['explain', 'D141'], { cwd: EXAMPLE_DIR });
    expect(d141.stdout).toContain('  leftover ripple: health-probe, ssh-target, compose-target, service, backup, stack');
    expect((await runCli(['explain', 'vm-reference-integrity'], { cwd: EXAMPLE_DIR })).stdout).toMatch(
      /^D142 vm-reference-integrity {2}\(severity: error; lanes: core, infra\)/,
    );
  });

  test('bad input files are findings with file:line, not crashes', async () => {
    const dir = tempDir(exampleFiles());
    writeFiles(dir, { [S]: 'ssh:\n  targets: [\n  - id: a\n' });
    fs.writeFileSync(path.join(dir, SR), Buffer.from([0x68, 0x00, 0x73]));
    const r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/D69 ops\/bindings\/ssh\.targets\.yaml:\d+:\d+ error cannot parse YAML: /);
    expect(r.stdout).toContain('D69 docs/governance/SERVICE_REGISTRY.yaml error docs/governance/SERVICE_REGISTRY.yaml is a binary file');
  });
});

describe('pointers lead somewhere: the package’s pages through `spine-hooks explain`, never as if they were the repository’s files', () => {
  /** Everything the tool prints or writes into a repository that could point at a page. */
  const shipped = () =>
    [
      'src/messages.ts',
      'src/report/formatText.ts',
      'src/hooks/installHooks.ts',
      'src/init/ciTemplates.ts',
      'bindings/gate.registry.yaml',
      'schemas/config.schema.json',
      'hooks/pre-commit',
      'hooks/pre-merge-commit',
      'hooks/pre-push',
    ].map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')] as const);

  test('no message names a page of the package by its path in the package', () => {
    // Comments are for this repository's readers, not the user's (`#`, `//`, ` * `).
    const said = (text: string) =>
      text
        .split('\n')
        .filter((l) => !/^\s*(#|\/\/|\/?\*)/.test(l))
        .join('\n');
    const paths = shipped().flatMap(([f, text]) =>
      [...said(text).matchAll(/(?<![\w/.-])(docs\/(?!governance\/)[\w./<>-]+\.md|schemas\/<?[\w.<>-]+\.json)/g)].map(
        (m) => `${f}: ${m[1]}`,
      ),
    );
    // The one exception: the guard line earlier versions wrote, recognised so that init replaces it.
    expect(paths).toEqual(['src/hooks/installHooks.ts: docs/hooks.md']);
  });

  test('every `spine-hooks explain X` they name prints a page or a gate', async () => {
    const named = [...new Set(shipped().flatMap(([, text]) => [...text.matchAll(/spine-hooks explain ([\w-]+)/g)].map((m) => m[1])))];
    expect(named).toEqual(expect.arrayContaining(['overrides', 'configuration', 'hooks', 'ci', 'lifecycle', 'D140']));
    for (const topic of named) {
      const r = await runCli(['explain', topic], { cwd: EXAMPLE_DIR });
      expect({ topic, code: r.code, err: r.stderr }).toEqual({ topic, code: 0, err: '' });
    }
  });

  test('explain <topic> prints where the page is installed (relative below the current folder), then the page; --format json too', async () => {
    const outside = await runCli(['explain', 'overrides'], { cwd: EXAMPLE_DIR });
    expect(outside.stdout).toBe(`${docFile('overrides.md')}\n\n${fs.readFileSync(docFile('overrides.md'), 'utf8')}`);
    const below = await runCli(['explain', 'Lifecycle'], { cwd: ROOT });
    expect(below.stdout.split('\n')[0]).toBe('docs/VM_CREATION_CONTRACT.md');
    expect((await runCli(['explain', 'D69'], { cwd: ROOT })).stdout).toContain('More: docs/gates/D69.md\n');
    const json = JSON.parse((await runCli(['explain', 'unique', '--format', 'json'], { cwd: EXAMPLE_DIR })).stdout);
    expect(json).toEqual({
      topic: 'unique',
      path: docFile('rules', 'unique.md'),
      text: fs.readFileSync(docFile('rules', 'unique.md'), 'utf8'),
    });
    const bad = await runCli(['explain', 'overide'], { cwd: EXAMPLE_DIR });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown gate or topic "overide" (did you mean "overrides"?)');
  });
});
