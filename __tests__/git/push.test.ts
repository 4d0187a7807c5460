import { makeRepo, runBuilt, builtCli, type Repo, addRemote } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { runCli } from '../helpers/runCli';
import { H, CONFIG } from '../helpers/paths';

const base = exampleFiles();
const noHealth = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');

function repoWithRemote(): { repo: Repo; remote: string } {
  builtCli();
  const repo = makeRepo(base);
  const remote = addRemote(repo);
  expect(runBuilt(['init', '--no-husky'], repo.dir).status).toBe(0);
  return { repo, remote };
}

describe('pre-push: what `git commit --no-verify` let through is refused at push', () => {
  test('a new branch with a drifting commit is refused; the first failing commit is named', () => {
    const { repo } = repoWithRemote();
    expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);
    repo.git(['checkout', '-q', '-b', 'feature']);
    repo.write({ 'notes.txt': 'a\n' });
    repo.git(['add', 'notes.txt']);
    repo.git(['commit', '-q', '-m', 'notes']);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drop monitoring probes']);
    const drift = repo.git(['rev-parse', '--short=12', 'HEAD']).trim();
    repo.write({ 'notes.txt': 'b\n' });
    repo.git(['commit', '-q', '-am', 'more notes']);
    const r = repo.tryGit(['push', 'origin', 'feature']);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`commit ${drift} drop monitoring probes`);
    expect(r.stdout + r.stderr).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
    expect(r.stdout + r.stderr).toContain('checked 1 of 3 commits');
    expect(repo.tryGit(['ls-remote', '--exit-code', 'origin', 'feature']).status).not.toBe(0);
  });

  test('a fix on top still fails the push: the drifting commit stays in history', () => {
    const { repo } = repoWithRemote();
    repo.git(['push', '-q', 'origin', 'main']);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drift']);
    repo.write({ [H]: base[H] });
    repo.git(['commit', '-q', '-am', 'fix']);
    expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).not.toBe(0);
  });

  test('a force push after a rebase that removed the drift goes through; deleting a branch checks nothing', () => {
    const { repo } = repoWithRemote();
    repo.git(['push', '-q', 'origin', 'main']);
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drift']);
    repo.git(['reset', '-q', '--hard', 'HEAD~1']);
    repo.write({ 'notes.txt': 'ok\n' });
    repo.git(['add', 'notes.txt']);
    repo.git(['commit', '-q', '-m', 'clean']);
    expect(repo.tryGit(['push', '-q', '--force', 'origin', 'main']).status).toBe(0);
    repo.git(['push', '-q', 'origin', 'main:doomed']);
    const del = repo.tryGit(['push', 'origin', '--delete', 'doomed']);
    expect(del.status).toBe(0);
    expect(del.stdout + del.stderr).toContain('nothing to check in this push');
  });

  test("the hook reads git's ref lines from stdin (force push onto an unrelated remote tip)", () => {
    const { repo } = repoWithRemote();
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drift']);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    const unknownRemoteTip = 'f'.repeat(40);
    const r = runBuilt(
      ['hook', 'pre-push', 'origin', 'url'],
      repo.dir,
      {},
      `refs/heads/main ${head} refs/heads/main ${unknownRemoteTip}\n`,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Push blocked');
  });
});

describe('spine-hooks ci --from REF', () => {
  test('checks each commit of the range on its own tree; --format json lists them', async () => {
    const repo = makeRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drift']);
    repo.write({ [H]: base[H] });
    repo.git(['commit', '-q', '-am', 'fixed']);
    let r = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('checked 2 of 2 commits');
    r = await runCli(['ci', '--from', 'HEAD~1', '--cwd', repo.dir, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      exitCode: 0,
      commits: 1,
      checked: [{ subject: 'fixed', exitCode: 0 }],
      firstFailures: [],
    });
  });

  test('an unknown --from is exit 2 with a hint about shallow clones; a zero sha checks all history', async () => {
    const repo = makeRepo(base);
    let r = await runCli(['ci', '--from', 'deadbeef', '--cwd', repo.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shallow clone');
    r = await runCli(['ci', '--from', '0'.repeat(40), '--cwd', repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('checked 1 of 1 commit');
  });

  test('the configuration each commit carries applies to that commit', async () => {
    // D69 was relaxed before the range (so relaxing it is not this range's weakening).
    const repo = makeRepo({ ...base, [CONFIG]: 'gates:\n  D69: { severity: warn }\n' });
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [H]: noHealth(base[H]) });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drift while D69 only warns']);
    expect((await runCli(['ci', '--from', start, '--cwd', repo.dir])).code).toBe(0);
    // The next commit makes D69 an error again, with the drift still there: that commit fails.
    repo.write({ [CONFIG]: 'gates:\n  D69: { severity: error }\n' });
    repo.git(['commit', '-q', '--no-verify', '-am', 'D69 blocks again']);
    const r = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('D69 blocks again');
  });
});
