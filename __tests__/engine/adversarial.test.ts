import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli } from '../helpers/runCli';
import { tempDir, writeFiles } from '../helpers/tempDir';
import { exampleFiles } from '../helpers/example';
import { makeRepo, hookedRepo, runBuilt } from '../helpers/gitRepo';
import { parseMarkdown } from '../../src/workspace/parseMarkdown';
import { L, H, DI, S, CONFIG, LOG } from '../helpers/paths';
import { stageEdit } from '../helpers/edits';

/** Regressions from an adversarial pass: each of these once crashed, hung, lied or passed drift. */
const base = exampleFiles();
const timeless = (s: string) => s.replace(/ +\d+\.\d ms/g, '');

test('the parse cache never changes a verdict (.nan does not survive JSON)', async () => {
  const repo = makeRepo(base);
  stageEdit(repo, L, (t) => t.replace('lan_ip: 172.20.10.32', 'lan_ip: .nan'));
  const first = await runCli(['--staged', '--cwd', repo.dir]);
  const second = await runCli(['--staged', '--cwd', repo.dir]);
  expect(first.code).toBe(1);
  expect(timeless(second.stdout)).toBe(timeless(first.stdout));
});

test('an alias bomb is parsed once, not expanded into the cache', async () => {
  const repo = makeRepo(base);
  const bomb =
    'x_bomb:\n  a0: &a0 [' +
    Array(10).fill('xxxxxxxxx').join(', ') +
    ']\n' +
    Array.from({ length: 8 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`).join('');
  stageEdit(repo, L, (t) => t.replace('defaults:\n', `${bomb}defaults:\n`));
  const r = await runCli(['--staged', '-q', '--cwd', repo.dir]);
  expect(r.stderr).toBe('');
  const cache = path.join(repo.dir, '.git', 'spine-hooks', 'cache');
  const sizes = fs
    .readdirSync(cache, { recursive: true })
    .map((f) => path.join(cache, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.statSync(f).size);
  expect(Math.max(...sizes)).toBeLessThan(1_000_000);
});

test('--cwd that is not a directory, and a run that checked nothing, are usage errors', async () => {
  expect(await runCli(['--all', '--cwd', '/nonexistent-dir'])).toMatchObject({
    code: 2,
    stderr: 'spine-hooks: --cwd /nonexistent-dir: no such directory\n',
  });
  const empty = tempDir({ 'notes.txt': 'x' });
  const r = await runCli(['--all', '--cwd', empty]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('nothing was checked');
  expect((await runCli(['--lane', 'core', '--gate', 'D139', '--cwd', empty])).stderr).toContain(
    'no gate is both named by --gate and in --lane core',
  );
});

test('a table inside an HTML comment is not read; GFM rows split on every unescaped pipe, leading pipes optional', async () => {
  const dir = tempDir(base);
  const text = base[DI];
  const table = /### Shop VM LAN IPs[^\n]*\n\n(\|[^\n]*\n)+/.exec(text)![0];
  const changed = text.replace(table, table.replace('172.20.10.32', '172.20.10.99'));
  expect(changed).not.toBe(text);
  writeFiles(dir, { [DI]: changed.replace('### Shop VM LAN IPs', `<!-- old copy\n${table}-->\n\n### Shop VM LAN IPs`) });
  const r = await runCli(['--gate', 'D100', '--cwd', dir]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('VM 302 (monitoring): lan_ip 172.20.10.32 disagrees with Shop VM LAN IP row monitoring lan_ip 172.20.10.99');
  const md = parseMarkdown('## T\n\nA | B\n--|--\n`x | y` | z\n');
  expect(md.tables[0].rows[0].cells.map((c) => c.text)).toEqual(['`x', 'y`', 'z']);
  expect(parseMarkdown('## T\n\n| a \\| b | c |\n|---|---|\n| 1 \\| 2 | 3 |\n').tables[0].rows[0].cells.map((c) => c.text)).toEqual([
    '1 | 2',
    '3',
  ]);
});

test('module gates cannot fail open: bad findings and async checks fail the gate with one clear finding', async () => {
  for (const [body, message] of [
    ['return "garbage";', 'must return an array of findings'],
    ['return [{}];', 'finding 0 has severity undefined'],
    ['return [{ severity: "fatal", check: "x", message: "m", file: "f", line: 1, column: 1 }];', 'finding 0 has severity "fatal"'],
    ['return Promise.reject(new Error("boom"));', 'must be synchronous'],
  ]) {
    const dir = tempDir({
      [S]: 'ssh:\n  targets: []\n',
      'g/m.js': `module.exports = { meta: { reads: ['ssh_targets'] }, check() { ${body} } };`,
      [CONFIG]:
        'add_gates:\n  - { id: D1010, name: m, description: m, severity: warn, lanes: [core], fix_hint: m, module: ./g/m.js, reads: [ssh_targets] }\n',
    });
    const r = await runCli(['--gate', 'D1010', '--cwd', dir]);
    expect([r.code, r.stderr]).toEqual([1, '']);
    expect(r.stdout).toContain(message);
  }
});

test('paths in the configuration stay inside the repository', async () => {
  for (const cfg of [
    'files:\n  ssh_targets: ../../etc/passwd\n',
    'policy:\n  baseline: ../outside.json\n',
    'policy:\n  override_log: /tmp/x.jsonl\n',
  ]) {
    const dir = tempDir({ ...base, [CONFIG]: cfg });
    const r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/spine-hooks\.config\.yaml:2:\d+: .* (leaves the repository|is absolute)/);
  }
});

test('a FIFO where a file belongs does not hang the run', async () => {
  const dir = tempDir(base);
  fs.rmSync(path.join(dir, H));
  execFileSync('mkfifo', [path.join(dir, H)]);
  const r = await runCli(['--gate', 'D69', '--cwd', dir]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(`${H} is missing`);
});

test('pre-push refuses malformed ref lines instead of passing them to git', () => {
  const repo = makeRepo(base);
  const target = path.join(repo.dir, 'pwned');
  for (const input of [`refs/heads/x --output=${target} refs/heads/x ${'0'.repeat(40)}\n`, 'garbage\n', 'a b c d\n']) {
    const r = runBuilt(['hook', 'pre-push', 'origin', 'url'], repo.dir, {}, input);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: pre-push: line 1 of standard input is not/);
  }
  expect(fs.existsSync(target)).toBe(false);
});

test('odd SPINE_OVERRIDE values are refused', () => {
  const repo = hookedRepo(base);
  stageEdit(repo, H, (t) => t.replace(/host: monitoring$/gm, 'host: gone'));
  const r = repo.tryGit(['commit', '-q', '-m', 'x'], {
    env: { SPINE_OVERRIDE: ',', SPINE_OVERRIDE_REASON: 'a perfectly long reason here' },
  });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('SPINE_OVERRIDE names no gate');
});

describe('an aborted override commit', () => {
  const REASON = 'monitoring moves to the new VM this week';
  test('an empty message still aborts the commit (commit-msg refuses it: it could carry no trailer)', () => {
    const repo = hookedRepo(base);
    stageEdit(repo, H, (t) => t.replace(/host: monitoring$/gm, 'host: gone'));
    const r = repo.tryGit(['commit'], { env: { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON, GIT_EDITOR: 'true' } });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /commit refused: its message is empty, and the override record [0-9a-f]{12} it adds needs a Spine-Override trailer/,
    );
    expect(repo.git(['log', '--format=%s'])).toBe('initial estate\n');
  });

  test('its staged record cannot ride along with the next, unrelated commit; CI flags such a record', async () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageEdit(repo, H, (t) => t.replace(/host: monitoring$/gm, 'host: gone'));
    expect(repo.tryGit(['commit'], { env: { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON, GIT_EDITOR: 'false' } }).status).not.toBe(
      0,
    );
    repo.git(['checkout', 'HEAD', '--', H]);
    repo.write({ [S]: repo.read('ops/bindings/ssh.targets.yaml') + '# comment\n' });
    repo.git(['add', 'ops']);
    const r = repo.tryGit(['commit', '-q', '-m', 'ssh comment']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /override record [0-9a-f]{12} staged in \.spine-hooks\/overrides\.jsonl .* covers nothing in this commit/,
    );
    // Forced through with --no-verify: CI names the stale record.
    repo.git(['commit', '-q', '--no-verify', '-m', 'ssh comment']);
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toMatch(/override [0-9a-f]{12} has no Spine-Override trailer in its commit/);
  });
});

test('a broken package.json stops init before anything is written', () => {
  const repo = makeRepo({ ...base, 'package.json': '{ broken' });
  const r = runBuilt(['init'], repo.dir);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('package.json is not valid JSON');
  expect(fs.existsSync(path.join(repo.dir, '.husky'))).toBe(false);
});

test('CI flags a properly trailed record that covers nothing in its commit', async () => {
  const repo = makeRepo(base);
  const start = repo.git(['rev-parse', 'HEAD']).trim();
  const record = {
    timestamp: '2026-01-01T00:00:00Z',
    // The commit's own author: a record naming someone else is refused for that first (__tests__/git/silencing.test.ts).
    author: { name: 'Test Operator', email: 'ops@example.test' },
    branch: 'main',
    scope: ['D69'],
    fingerprints: [],
    reason: 'nothing is wrong here at all',
    tool: 'spine-hooks@0.1.0',
  };
  const { recordId } = await import('../../src/policy/overrideRequest');
  const full = { id: recordId(record), ...record };
  repo.write({
    [LOG]: JSON.stringify(full) + '\n',
    [S]: base[S] + '# c\n',
  });
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', `comment\n\nSpine-Override: D69 — nothing is wrong here at all [id ${full.id}]`]);
  const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
  expect(ci.code).toBe(1);
  expect(ci.stdout).toContain(`override ${full.id} is recorded in this commit but covers none of its findings`);
});
