import * as path from 'node:path';
import { isAmendCommand } from '../../src/git/detectAmend';
import { locateRepo } from '../../src/git/locateRepo';
import { logChange } from '../../src/policy/logChanges';
import { makeRecord } from '../../src/policy/overrideRequest';
import { SchemaValidator } from '../../src/schema/SchemaValidator';
import { makeRepo, cleanEnv } from '../helpers/gitRepo';
import { tempDir } from '../helpers/tempDir';
import { LOG } from '../helpers/paths';

describe('isAmendCommand reads git commit arguments as git does', () => {
  test.each([
    [['commit', '--amend'], true],
    [['commit', '--amen', '-m', 'x'], true],
    [['commit', '--am'], true],
    [['commit', '--amend', '--no-amend'], false],
    [['commit', '--no-am', '--amend'], true],
    [['commit', '-m', '--amend'], false], // the message is "--amend"
    [['commit', '-am', 'msg'], false], // -a -m msg
    [['commit', '-F', '--amend'], false],
    [['commit', '--message', '--amend'], false],
    [['commit', '--message=--amend'], false],
    [['commit', '--', '--amend'], false], // a path
    [['-C', 'infra', '-c', 'user.name=x', 'commit', '--amend'], true],
    [['--git-dir=.git', '--work-tree=.', 'commit', '--amend'], true],
    [['merge', '--amend'], false],
    [['ci', '--no-edit'], true], // alias ci = commit --amend
    [['sh-alias'], false], // a shell alias is not followed
    [[], false],
  ])('%j → %s', (args, expected) => {
    const alias = (name: string) => ({ ci: 'commit --amend', 'sh-alias': '!git commit --amend' })[name];
    expect(isAmendCommand(args, alias)).toBe(expected);
  });
});

describe('locateRepo: one answer for the top level, prefix and index under every GIT_* combination', () => {
  const repo = makeRepo({ 'infra/ops/x.yaml': 'a: 1\n', 'README.md': 'r\n' });
  const top = repo.dir;
  const infra = path.join(top, 'infra');
  const wt = path.join(tempDir(), 'wt');
  repo.git(['worktree', 'add', '-q', '-b', 'wt', wt]);

  test.each([
    ['plain discovery from a subfolder', () => infra, () => ({}), { toplevel: top, prefix: 'infra/' }],
    [
      'a relative GIT_INDEX_FILE is relative to the top level',
      () => infra,
      () => ({ GIT_INDEX_FILE: '.git/index' }),
      { toplevel: top, prefix: 'infra/', index: path.join(top, '.git/index') },
    ],
    [
      'a relative GIT_DIR and GIT_WORK_TREE after a cd into the package',
      () => infra,
      () => ({ GIT_DIR: '.git', GIT_WORK_TREE: '.' }),
      { toplevel: top, prefix: 'infra/' },
    ],
    [
      'an absolute GIT_DIR of a linked worktree, from its subfolder',
      () => path.join(wt, 'infra'),
      () => ({ GIT_DIR: path.join(top, '.git', 'worktrees', 'wt') }),
      { toplevel: wt, prefix: 'infra/' },
    ],
    [
      'an absolute GIT_DIR with an explicit work tree',
      () => infra,
      () => ({ GIT_DIR: path.join(top, '.git'), GIT_WORK_TREE: top }),
      { toplevel: top, prefix: 'infra/' },
    ],
  ])('%s', async (_name, cwd, env, want) => {
    const loc = await locateRepo(cwd(), cleanEnv(env()));
    expect(loc).toBeDefined();
    expect({ toplevel: loc!.toplevel, prefix: loc!.prefix, ...('index' in want ? { index: loc!.env.GIT_INDEX_FILE } : {}) }).toEqual(want);
    // Every git process then runs with absolute GIT_DIR and GIT_WORK_TREE.
    expect(path.isAbsolute(loc!.env.GIT_DIR!) && loc!.env.GIT_WORK_TREE).toBe(loc!.toplevel);
  });

  test('outside any repository: undefined', async () => {
    expect(await locateRepo(tempDir(), cleanEnv({ GIT_CEILING_DIRECTORIES: path.dirname(tempDir()) }))).toBeUndefined();
  });
});

describe('logChange: records a commit adds, and records a merge carries in', () => {
  const schemas = new SchemaValidator();
  const rec = (reason: string) =>
    JSON.stringify(
      makeRecord(
        { scope: ['D69'], reason },
        {
          timestamp: '2026-11-30T10:00:00Z',
          author: { name: 'A', email: 'a@x' },
          branch: 'b',
          fingerprints: ['0123456789abcdef'],
          tool: 't',
        },
      ),
    );
  const [a, b, c] = [rec('reason number one'), rec('reason number two'), rec('reason number three')];
  const ids = (rs: Array<{ id: string }>) => rs.map((r) => r.id);
  const id = (line: string) => JSON.parse(line).id as string;

  test('one parent: appended lines are added', () => {
    const r = logChange(`${a}\n${b}\n`, [`${a}\n`], LOG, schemas);
    expect({ added: ids(r.added), carried: ids(r.carried), problems: r.problems }).toEqual({ added: [id(b)], carried: [], problems: [] });
  });
  test('a merge: lines the other parent holds are carried; a line in no parent is added', () => {
    const r = logChange(`${a}\n${b}\n${c}\n`, [`${a}\n`, `${a}\n${b}\n`], LOG, schemas);
    expect({ added: ids(r.added), carried: ids(r.carried), problems: r.problems }).toEqual({
      added: [id(c)],
      carried: [id(b)],
      problems: [],
    });
  });
  test("a merge that drops a record of the merged parent, and an edit of the first parent's lines", () => {
    expect(logChange(`${a}\n`, [`${a}\n`, `${a}\n${b}\n`], LOG, schemas).problems.map((p) => p.message)).toEqual([
      expect.stringContaining('the merge drops an override record'),
    ]);
    expect(logChange(`${b}\n`, [`${a}\n`], LOG, schemas).problems[0]).toMatchObject({
      line: 1,
      message: 'the override log is append-only: line 1 was edited',
    });
  });
  test('a record altered after it was written no longer matches its id', () => {
    const forged = b.replace('reason number two', 'reason number 2!');
    expect(logChange(`${forged}\n`, [undefined], LOG, schemas).problems[0].message).toContain('does not match its id');
  });
});
