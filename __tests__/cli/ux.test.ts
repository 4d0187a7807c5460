import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { makeRepo, builtCli, cleanEnv } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { H, ST, EXAMPLE_DIR, L, CONFIG, DIST_BUNDLE, DIST_CLI } from '../helpers/paths';
import { stageEdit, withEdit } from '../helpers/edits';

const base = exampleFiles();

describe('help', () => {
  test('per command: `spine-hooks ci --help`, `help ci`, `--staged --help`', async () => {
    for (const args of [
      ['ci', '--help'],
      ['help', 'ci'],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^spine-hooks ci --from REF \[--to REF\]\n/);
      expect(r.stdout).toContain('--max-warnings N');
    }
    expect((await runCli(['--staged', '--help'])).stdout).toMatch(/^spine-hooks --all \| --gate ID… \| --lane NAME… \| --staged/);
    expect((await runCli(['init', '-h'])).stdout).toContain('--ci writes a CI workflow');
    expect((await runCli(['--help'])).stdout).toContain('spine-hooks <command> --help');
    const bad = await runCli(['help', 'baselin']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'spine-hooks: no help for "baselin": it is not a command (did you mean "baseline"?) (see spine-hooks --help)\n',
    );
  });
});

describe('did you mean', () => {
  const cases: Array<[string[], string]> = [
    [['cii', '--from', 'HEAD'], 'unknown command "cii" (did you mean "ci"?)'],
    [['--all', '--gatee', 'D69'], 'unknown option --gatee (did you mean --gate?)'],
    [['--gate', 'D96'], 'unknown gate "D96" (did you mean "D69"?)'],
    [
      ['explain', 'vm-creation-governance-lok'],
      'unknown gate or topic "vm-creation-governance-lok" (did you mean "vm-creation-governance-lock"?)',
    ],
    [['--lane', 'infr'], 'unknown lane "infr" (did you mean "infra"?)'],
    [['init', '--ci', 'gtilab'], '--ci must be github, gitlab or gitea, not "gtilab" (did you mean "gitlab"?)'],
  ];
  test.each(cases)('%j', async (args, says) => {
    const r = await runCli([...args, '--cwd', EXAMPLE_DIR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
  });

  test('nothing close: no suggestion', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.stderr).toBe('spine-hooks: unknown command "frobnicate" (see spine-hooks --help)\n');
  });
});

describe('--max-warnings', () => {
  test('more open warnings than N fail a run that would pass (like ESLint)', async () => {
    // VM 303 forge loses its stack: D69's stack requirement is a warning.
    const dir = tempDir(
      withEdit(base, ST, (t) =>
        t
          .replace('deploy_target: proxmox:vm-303', 'deploy_target: proxmox:vm-3030')
          .replace(/name: Forge \(forge\)/, 'name: Source hosting'),
      ),
    );
    expect((await runCli(['--all', '--cwd', dir])).code).toBe(0);
    const r = await runCli(['--all', '--cwd', dir, '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('spine-hooks: 1 warning, more than --max-warnings 0 allows\n');
    // The report above it says the same: a failing verdict line that names the limit, never a ✔.
    expect(r.stdout).not.toContain('✔');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^✖ \d+ gates: .*\(0 errors, 1 warning, more than --max-warnings 0 allows\)$/);
    const json = await runCli(['--all', '--cwd', dir, '--max-warnings', '0', '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout).exitCode]).toEqual([1, 1]);
    const within = await runCli(['--all', '--cwd', dir, '--max-warnings', '1']);
    expect(within.code).toBe(0);
    expect(within.stdout).toMatch(/^✔ .*\(0 errors, 1 warning\)$/m);
    expect((await runCli(['list', '--max-warnings', '1', '--cwd', dir])).code).toBe(2);
  });

  test('in the pre-commit hook too: the verdict line fails, the commit is refused', async () => {
    const repo = makeRepo(base);
    stageEdit(repo, ST, (t) =>
      t.replace('deploy_target: proxmox:vm-303', 'deploy_target: proxmox:vm-3030').replace(/name: Forge \(forge\)/, 'name: Source hosting'),
    );
    expect((await runCli(['hook', 'pre-commit', '--cwd', repo.dir])).code).toBe(0);
    const r = await runCli(['hook', 'pre-commit', '--cwd', repo.dir, '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('✔');
    expect(r.stdout).toMatch(/^✖ .*\(0 errors, 1 warning, more than --max-warnings 0 allows\)$/m);
    expect(r.stderr).toContain('spine-hooks: 1 warning, more than --max-warnings 0 allows');
  });
});

describe("SKIP= (pre-commit's convention)", () => {
  test('is said out loud and not honoured: the commit is still checked', async () => {
    const repo = makeRepo(base);
    stageEdit(repo, H, (t) => t.replace(/host: monitoring$/gm, 'host: monitoring-old'));
    const r = await runCli(['hook', 'pre-commit', '--cwd', repo.dir], { env: { SKIP: 'D69' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SKIP=D69 is pre-commit's way to skip hooks; spine-hooks does not honour it");
    expect(r.stderr).toContain('SPINE_OVERRIDE=D69 SPINE_OVERRIDE_REASON="why" git commit');
  });
});

describe('the refusal of a first commit in a repository with drift', () => {
  test('names every blocking gate, one override line covering them, and the baseline', async () => {
    const repo = makeRepo(base);
    stageEdit(repo, L, (t) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1active'));
    const r = await runCli(['hook', 'pre-commit', '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Commit blocked by D69, D86, D100, D142.');
    expect(r.stdout).toContain('SPINE_OVERRIDE=D69,D86,D100,D142 SPINE_OVERRIDE_REASON="…" git commit …');
    expect(r.stdout).toContain('spine-hooks baseline update --accept-new --ref <ticket>, then commit .spine-hooks/baseline.json.');
  });

  const activate = (t: string) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1active');
  const noProbes = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
  /** The example with a baseline committed (adopted: known drift, here none, is in it). */
  const adopted = () => makeRepo({ ...base, '.spine-hooks/baseline.json': '{ "version": 1, "entries": [] }\n' });

  test('once a baseline is committed, new drift is not invited into it', async () => {
    const repo = adopted();
    stageEdit(repo, L, activate);
    const r = await runCli(['hook', 'pre-commit', '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Commit blocked by D69, D86, D100, D142.');
    expect(r.stdout).not.toContain('baseline');
  });

  test('drift the parent already had (committed without the hooks) is pointed at the baseline, counted apart from new drift', async () => {
    const repo = adopted();
    stageEdit(repo, H, noProbes);
    repo.git(['commit', '-q', '--no-verify', '-m', 'probes renamed, hooks skipped']);
    stageEdit(repo, L, (t) => `${t}# reviewed\n`);
    const old = await runCli(['hook', 'pre-commit', '--cwd', repo.dir]);
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('One of these findings was already there before this change (drift that predates it)');
    expect(old.stdout).toContain('spine-hooks baseline update --accept-new --ref <ticket>, then commit .spine-hooks/baseline.json.');
    stageEdit(repo, L, activate);
    const both = await runCli(['hook', 'pre-commit', '--cwd', repo.dir]);
    expect(both.code).toBe(1);
    expect(both.stdout).toContain('One of these findings was already there before this change');
  });

  test("a file that does not parse gets a hint about the file, not the gate's hint about its data", async () => {
    const dir = tempDir(withEdit(base, H, (t) => t.replace('endpoints:\n', 'endpoints: [\n')));
    const r = await runCli(['--all', '--cwd', dir]);
    expect(r.stdout).toMatch(/^ {2}fix: fix the file at the reported line so that it parses/m);
    expect(r.stdout).not.toContain('fix: Add the missing entries');
  });
});

describe('ci progress', () => {
  function twoCommits() {
    const repo = makeRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    for (const n of [1, 2]) {
      repo.write({ [H]: `${repo.read(H)}# note ${n}\n` });
      repo.git(['commit', '-q', '-am', `note ${n}`]);
    }
    return { repo, start };
  }
  test('on a terminal: commit n of N on stderr, overwritten in place and cleared', async () => {
    const { repo, start } = twoCommits();
    const r = await runCli(['ci', '--from', start, '--cwd', repo.dir], { errIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      // eslint-disable-next-line no-control-regex -- the progress line is drawn with terminal escapes (ESC [2K)
      /^\r\x1b\[2Kspine-hooks: commit 1 of 2 [0-9a-f]{12}\r\x1b\[2Kspine-hooks: commit 2 of 2 [0-9a-f]{12}\r\x1b\[2K$/,
    );
    expect(r.stdout).toContain('checked 2 of 2 commits');
  });
  test('not on a terminal, with TERM=dumb, or in CI: nothing', async () => {
    const { repo, start } = twoCommits();
    expect((await runCli(['ci', '--from', start, '--cwd', repo.dir])).stderr).toBe('');
    expect((await runCli(['ci', '--from', start, '--cwd', repo.dir], { errIsTTY: true, env: { TERM: 'dumb' } })).stderr).toBe('');
    expect((await runCli(['ci', '--from', start, '--cwd', repo.dir], { errIsTTY: true, env: { CI: 'true' } })).stderr).toBe('');
  });
});

describe('the hook path loads nothing it does not use', () => {
  /** The files a pre-commit of a health-probe change loads when `entry` is started as the CLI. */
  function loadedBy(entry: string): string[] {
    const repo = makeRepo(base);
    repo.write({ [H]: `${base[H]}# reviewed\n` });
    repo.git(['add', H]);
    const out = path.join(tempDir(), 'modules.json');
    const probe = `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));`;
    const r = spawnSync(
      process.execPath,
      ['-e', `${probe}; process.argv.splice(1, 0, 'x'); require(${JSON.stringify(entry)})`, 'hook', 'pre-commit'],
      {
        cwd: repo.dir,
        env: cleanEnv(),
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as string[];
  }

  test('unbundled: a pre-commit with the text report loads no machine formatter, no editor module', () => {
    builtCli();
    const loaded = loadedBy(DIST_CLI);
    expect(loaded.some((m) => m.includes('/dist/src/cli/commands/runStaged.js'))).toBe(true);
    expect(loaded.filter((m) => /report\/formats\/|editor\/|jsonc-parser|governance\/schemaLoosening/.test(m))).toEqual([]);
  });

  test('bundled (the bundle keeps the same on-demand requires): the launcher loads no module from node_modules or dist/src', () => {
    const loaded = loadedBy(builtCli());
    expect(fs.existsSync(DIST_BUNDLE)).toBe(true);
    // The launcher's own modules (dist/bin/, and the cache folder's name from dist/src/cache/userCacheDir.js), then nothing.
    const launcher = /[\\/]dist[\\/](bin[\\/]|src[\\/]cache[\\/]userCacheDir\.js$)/;
    expect(loaded.filter((m) => !launcher.test(m) && /node_modules|[\\/]dist[\\/]/.test(m))).toEqual([]);
    // The bundle names the on-demand modules it holds: a module it required eagerly would be a top-level init call.
    const bundle = fs.readFileSync(DIST_BUNDLE, 'latin1');
    expect(bundle).toContain('"src/report/formats/sarif.ts"');
  });
});

describe('init in a repository that already has drift', () => {
  test('says which gates fail today and how to record them as the baseline; a clean repository hears nothing of it', async () => {
    const repo = makeRepo(withEdit(base, H, (t) => t.replace(/host: monitoring$/gm, 'host: monitoring-old')));
    const r = await runCli(['init', '--no-husky', '--cwd', repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('spine-hooks: note: the repository fails D69 today (1 finding; spine-hooks --all lists them).');
    expect(r.stderr).toContain(
      'spine-hooks baseline update --accept-new --ref <ticket> --owner <who>, then commit .spine-hooks/baseline.json.',
    );
    // Once baselined, init is quiet about it.
    expect((await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-1', '--cwd', repo.dir])).code).toBe(0);
    expect((await runCli(['init', '--no-husky', '--cwd', repo.dir])).stderr).not.toContain('fails');
    const clean = makeRepo(base);
    expect((await runCli(['init', '--no-husky', '--cwd', clean.dir])).stderr).not.toContain('fails');
  });
});

describe('commands refuse what they do not take', () => {
  test('overrides with a stray argument (a synopsis pasted as is) is exit 2, not a silent listing', async () => {
    const r = await runCli(['overrides', '[--gate', 'D69]', '--cwd', EXAMPLE_DIR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('overrides takes no argument "[--gate"');
  });
});

describe('--fail-on warn with a gate that checked nothing', () => {
  test("is the gate's warning failing the run (exit 1), not a usage error", async () => {
    const dir = tempDir({ ...base, [CONFIG]: 'gates:\n  D137:\n    params:\n      capabilities: []\n' });
    const warn = await runCli(['--gate', 'D137', '--cwd', dir]);
    expect(warn.code).toBe(0);
    expect(warn.stdout).toMatch(/^WARN {2}D137 /m);
    const r = await runCli(['--gate', 'D137', '--fail-on', 'warn', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    // An empty folder is still a usage error: no gate found the files it reads.
    expect((await runCli(['--all', '--cwd', tempDir()])).code).toBe(2);
  });
});
