import * as fs from 'node:fs';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';

/**
 * Every command in a folder that is no git repository and holds no SSOT file: each behaves as its
 * kind says, and none writes anything there. Checks (`--all`, `baseline update`, `audit`) find nothing
 * to check: exit 2, never a pass or a baseline written from nothing. Commands that need git say why,
 * and only those that check files are pointed at `--all`. Commands that read only the package work.
 */
const NOTHING = /nothing was checked under .*: no gate found the files it reads/;
const USE_ALL = /is not inside a git work tree \(use --all to check files without git\)/;

const cases: Array<[string[], number, RegExp | undefined]> = [
  [['--all'], 2, NOTHING],
  [['--gate', 'D69'], 2, NOTHING],
  [['baseline', 'update'], 2, NOTHING],
  [['baseline', 'update', '--accept-new', '--ref', 'GAP-1'], 2, NOTHING],
  [['audit', 'vms'], 2, /ops\/bindings\/vm\.lifecycle\.yaml does not exist/],
  [['--staged'], 2, USE_ALL],
  [['hook', 'pre-commit'], 2, USE_ALL],
  [['ci', '--from', 'HEAD'], 2, USE_ALL],
  [
    ['init'],
    2,
    /is not inside a git work tree: init installs git hooks, so run it in a git repository \(git init first, or --cwd to one\)/,
  ],
  [['init', '--no-husky'], 2, /init installs git hooks, so run it in a git repository/],
  [['init', '--ci', 'github'], 2, /init installs git hooks, so run it in a git repository/],
  [['verified-base', 'HEAD', '--reason', 'checked on the old host before the move'], 2, /verified-base names a commit of its history/],
  [['list'], 0, undefined],
  [['explain', 'D69'], 0, undefined],
  [['schemas'], 0, undefined],
  [['overrides'], 0, undefined],
  [['completion', 'bash'], 0, undefined],
];

describe('outside git, with no SSOT file', () => {
  test.each(cases)('%j', async (args, code, says) => {
    const dir = tempDir();
    const r = await runCli([...args, '--cwd', dir]);
    expect([r.code, r.stderr.split('\n').length <= 2 ? 'one line' : r.stderr]).toEqual([code, 'one line']);
    if (says) expect(r.stderr).toMatch(says);
    // Only the checks are pointed at --all: a command that cannot run without git says why instead.
    if (args[0] === 'init' || args[0] === 'verified-base') expect(r.stderr).not.toContain('--all');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
