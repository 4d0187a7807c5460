import * as fs from 'node:fs';
import * as path from 'node:path';
import { Git } from '../../src/git/Git';
import { GitSnapshot } from '../../src/git/GitSnapshot';
import { GitStateError } from '../../src/git/GitStateError';
import { makeRepo, cleanEnv, type Repo } from '../helpers/gitRepo';

/**
 * A hook reads the index as the first parent's tree changed by the staged diff (GitSnapshot.fromStagedDiff),
 * with no ls-files: in every state below it must read exactly what ls-files reads.
 */
const FILES = { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n', 'd/c.yaml': 'c: 1\n', 'gone.yaml': 'g: 1\n', 'old.yaml': 'o: 1\n' };
const PATHS = ['a.yaml', 'b.yaml', 'd/c.yaml', 'd', 'gone.yaml', 'old.yaml', 'new.yaml', 'ita.yaml', 'link.yaml', 'x/none.yaml'];

async function bothReads(repo: Repo, parent: string | undefined): Promise<{ listed: unknown; overlaid: unknown }> {
  const git = (await Git.open(repo.dir, cleanEnv()))!;
  try {
    const read = async (snap: GitSnapshot) => {
      const loaded = await snap.load(PATHS);
      return PATHS.map((p) => [p, loaded.get(p)?.toString('utf8') ?? null, snap.idOf(p) ?? null, snap.problemOf(p) ?? null]);
    };
    const listed = await read(new GitSnapshot(git, { kind: 'index' }, { parseCache: false }));
    const overlaid = await read(
      new GitSnapshot(git, { kind: 'index' }, { parseCache: false }).fromStagedDiff(parent, git.stagedDiff(parent)),
    );
    return { listed, overlaid };
  } finally {
    git.close();
  }
}

describe('the index as the parent tree plus the staged diff reads as ls-files does', () => {
  test('edits, an addition, a deletion, a rename, intent-to-add (new and over a removed path), a symlink', async () => {
    const repo = makeRepo(FILES);
    repo.write({ 'a.yaml': 'a: 2\n', 'new.yaml': 'n: 1\n', 'ita.yaml': 'i: 1\n' });
    repo.git(['add', 'a.yaml', 'new.yaml']);
    repo.git(['add', '-N', 'ita.yaml']);
    repo.git(['rm', '-q', 'gone.yaml']);
    repo.git(['rm', '-q', '--cached', 'b.yaml']);
    repo.git(['add', '-N', 'b.yaml']);
    repo.git(['mv', 'old.yaml', 'd/moved.yaml']);
    fs.symlinkSync('a.yaml', path.join(repo.dir, 'link.yaml'));
    repo.git(['add', 'link.yaml']);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    const { listed, overlaid } = await bothReads(repo, head);
    expect(overlaid).toEqual(listed);
    // The reads differ from HEAD's where the index does.
    expect(listed).toContainEqual(['a.yaml', 'a: 2\n', expect.any(String), null]);
    expect(listed).toContainEqual(['b.yaml', null, null, null]);
    expect(listed).toContainEqual(['link.yaml', 'a: 2\n', expect.any(String), null]);
  });

  test('an amend (the parent is HEAD^: HEAD’s own changes are staged) and a first commit (no parent)', async () => {
    const repo = makeRepo(FILES);
    repo.write({ 'a.yaml': 'a: 3\n', 'new.yaml': 'n: 2\n' });
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'second']);
    repo.write({ 'b.yaml': 'b: 3\n' });
    repo.git(['add', 'b.yaml']);
    const parent = repo.git(['rev-parse', 'HEAD^']).trim();
    const amend = await bothReads(repo, parent);
    expect(amend.overlaid).toEqual(amend.listed);
    const first = makeRepo(FILES, { commit: false });
    first.git(['add', 'a.yaml', 'd/c.yaml']);
    const initial = await bothReads(first, undefined);
    expect(initial.overlaid).toEqual(initial.listed);
    expect(initial.listed).toContainEqual(['b.yaml', null, null, null]);
  });

  test('a path with unresolved conflicts fails as with ls-files', async () => {
    const repo = makeRepo(FILES);
    repo.git(['checkout', '-q', '-b', 'other']);
    repo.write({ 'a.yaml': 'a: other\n' });
    repo.git(['commit', '-q', '-am', 'other']);
    repo.git(['checkout', '-q', 'main']);
    repo.write({ 'a.yaml': 'a: main\n' });
    repo.git(['commit', '-q', '-am', 'main']);
    repo.tryGit(['merge', 'other']);
    const git = (await Git.open(repo.dir, cleanEnv()))!;
    try {
      const head = repo.git(['rev-parse', 'HEAD']).trim();
      const overlaid = new GitSnapshot(git, { kind: 'index' }, { parseCache: false }).fromStagedDiff(head, git.stagedDiff(head));
      await expect(overlaid.load(['a.yaml'])).rejects.toThrow(GitStateError);
      await expect(new GitSnapshot(git, { kind: 'index' }, { parseCache: false }).load(['a.yaml'])).rejects.toThrow(
        'a.yaml has unresolved merge conflicts',
      );
      expect((await overlaid.load(['b.yaml'])).get('b.yaml')?.toString('utf8')).toBe('b: 1\n');
    } finally {
      git.close();
    }
  });
});
