import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { hookedRepo, makeRepo, runBuilt, cleanEnv, type Repo, addRemote } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { NODE_GUARD } from '../../src/hooks/installHooks';
import { L, DIST_BIN, HOOKS_DIR } from '../helpers/paths';
import { editFile } from '../helpers/edits';

/** Push-side workflows of the hooks/CI agreement: push by URL, hook managers, GUI clients, host migrations. */
jest.setTimeout(120_000);

const base = exampleFiles();
const activate = (t: string) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1active');

/** A repository whose remote already holds a long-fixed bypass: a --no-verify drift commit, then its fix. */
function withFixedBypass(): { repo: Repo; remote: string } {
  const repo = hookedRepo(base);
  const remote = addRemote(repo);
  repo.write({ [L]: activate(base[L]) });
  repo.git(['commit', '-q', '--no-verify', '-am', 'ai-lab live, hooks bypassed']);
  repo.write({ [L]: base[L] });
  repo.git(['commit', '-q', '-am', 'ai-lab back to planning']);
  repo.git(['push', '-q', '--no-verify', 'origin', 'main']);
  return { repo, remote };
}

describe('pre-push', () => {
  test('a clean branch pushed by URL gets the same answer as pushed by name', () => {
    const { repo, remote } = withFixedBypass();
    repo.git(['checkout', '-q', '-b', 'clean']);
    repo.write({ 'NOTES.md': 'notes\n' });
    repo.git(['add', 'NOTES.md']);
    repo.git(['commit', '-q', '-m', 'notes']);
    const byName = repo.tryGit(['push', 'origin', 'clean:by-name']);
    expect(byName.status).toBe(0);
    // A relative URL, as `git push ../origin.git branch` gives it; and the absolute one.
    for (const url of [path.relative(repo.dir, remote), remote, `file://${remote}`]) {
      const r = repo.tryGit(['push', url, `clean:by-url-${Buffer.from(url).toString('hex').slice(-8)}`]);
      expect({ url, status: r.status, out: r.status ? r.stdout + r.stderr : '' }).toEqual({ url, status: 0, out: '' });
    }
    // The bypass on the remote's history is still found where it is new: a push to an unknown URL
    // with no tracking refs counts commits on any known remote as checked.
    const other = tempDir();
    repo.git(['init', '-q', '--bare', other]);
    expect(repo.tryGit(['push', other, 'clean']).status).toBe(0);
  });

  test('a hook manager that drops standard input (lefthook without use_stdin) fails closed, saying how to fix it', () => {
    const { repo } = withFixedBypass();
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${DIST_BIN}" hook pre-push origin url < /dev/null`], {
      cwd: repo.dir,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pre-push got no ref lines');
    expect(r.stderr).toContain('use_stdin: true');
    // An empty pipe is what git gives when every ref is up to date: nothing to check.
    const empty = runBuilt(['hook', 'pre-push', 'origin', 'url'], repo.dir, {}, '');
    expect(empty).toMatchObject({ status: 0, stdout: 'spine-hooks: nothing to check in this push\n' });
  });

  test('a GUI client that starts hooks without node on the PATH is refused with a hint', () => {
    const guard = spawnSync('/bin/sh', ['-c', NODE_GUARD], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    expect(guard.status).toBe(1);
    expect(guard.stderr).toContain('node is not on the PATH git gives hooks (/nonexistent)');
    expect(guard.stderr).toContain('~/.config/husky/init.sh');
    const hook = spawnSync('/bin/sh', [path.join(HOOKS_DIR, 'pre-commit')], {
      env: { PATH: '/nonexistent' },
      encoding: 'utf8',
    });
    expect(hook.status).toBe(1);
    expect(hook.stderr).toContain('node is not on the PATH git gives hooks');
    // With node on the PATH, the guard lets the hook run.
    expect(
      spawnSync('/bin/sh', ['-c', `${NODE_GUARD}; echo ran`], { env: { PATH: path.dirname(process.execPath) }, encoding: 'utf8' }).stdout,
    ).toBe('ran\n');
  });
});

describe('a whole history pushed to a new, empty remote (host migration)', () => {
  test('is refused for a long-fixed bypass until a verified base is declared; then push and ci pass', () => {
    const { repo } = withFixedBypass();
    addRemote(repo, 'newhost');
    const refused = repo.tryGit(['push', '--mirror', 'newhost']);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('ai-lab live, hooks bypassed');
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    const declared = runBuilt(['verified-base', 'HEAD', '--reason', 'checked by CI on the old host, ticket MIG-12'], repo.dir);
    expect(declared.status).toBe(0);
    expect(declared.stdout).toContain(`history up to ${head.slice(0, 12)}`);
    const record = JSON.parse(repo.read('.spine-hooks/verified-bases.jsonl'));
    expect(record).toMatchObject({
      commit: head,
      reason: 'checked by CI on the old host, ticket MIG-12',
      author: { name: 'Test Operator' },
    });
    repo.git(['add', '.spine-hooks/verified-bases.jsonl']);
    repo.git(['commit', '-q', '-m', 'history before the move was verified on the old host']);
    expect(runBuilt(['overrides'], repo.dir).stdout).toContain(
      `${record.id}  verified base ${head.slice(0, 12)}  Test Operator <ops@example.test>\n    checked by CI on the old host, ticket MIG-12\n`,
    );
    const pushed = repo.tryGit(['push', '--mirror', 'newhost']);
    expect({ status: pushed.status, out: pushed.status ? pushed.stdout + pushed.stderr : '' }).toEqual({ status: 0, out: '' });
    expect(pushed.stderr).toContain(`history up to ${head.slice(0, 12)} is a verified base`);
    // CI on the new host sees the same: a new branch's all-zero "before".
    const ci = runBuilt(['ci', '--from', '0'.repeat(40), '--to', 'HEAD'], repo.dir);
    expect(ci.status).toBe(0);
    expect(ci.stdout).toContain('checked 0 of 1 commit');
    // Drift after the base is still checked.
    repo.write({ [L]: activate(base[L]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'new drift']);
    expect(runBuilt(['ci', '--from', '0'.repeat(40), '--to', 'HEAD'], repo.dir).status).toBe(1);
  });

  test('the verified-bases file is append-only: an edited line is refused at commit and in ci', () => {
    const { repo } = withFixedBypass();
    expect(runBuilt(['verified-base', 'HEAD~1', '--reason', 'checked by CI on the old host, MIG-12'], repo.dir).status).toBe(0);
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'declare the base']);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    editFile(repo, '.spine-hooks/verified-bases.jsonl', (t) => t.replace('HEAD', 'x').replace('MIG-12', 'MIG-13'));
    repo.git(['add', '-A']);
    const c = repo.tryGit(['commit', '-q', '-m', 'reword the reason']);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain('the verified-bases file is append-only: line 1 was edited');
    repo.git(['commit', '-q', '--no-verify', '-m', 'reword the reason']);
    const ci = runBuilt(['ci', '--from', start, '--to', 'HEAD'], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain('.spine-hooks/verified-bases.jsonl:1 error the verified-bases file is append-only: line 1 was edited');
  });

  test('a base must be a commit of this history, with a reason', () => {
    const repo = makeRepo(base);
    expect(runBuilt(['verified-base', 'HEAD', '--reason', 'short'], repo.dir)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('the reason is too short'),
    });
    expect(runBuilt(['verified-base', 'nope', '--reason', 'checked on the old host, MIG-1'], repo.dir)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('nope is not a commit'),
    });
    repo.git(['checkout', '-q', '--orphan', 'other']);
    repo.git(['commit', '-q', '-m', 'unrelated root']);
    expect(runBuilt(['verified-base', 'main', '--reason', 'checked on the old host, MIG-1'], repo.dir)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('is not in the history of HEAD'),
    });
    expect(fs.existsSync(path.join(repo.dir, '.spine-hooks'))).toBe(false);
  });
});
