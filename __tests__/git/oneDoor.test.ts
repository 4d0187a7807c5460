import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../src/packageRoot';

/**
 * One door to git (issue 17, item 5): every process starts in src/git/execGit.ts, and every git
 * command line is written in src/git/. Read from the source text, so a new call elsewhere fails here.
 */
const SRC = path.join(packageRoot(), 'src');
const DOOR = 'git/execGit.ts';

/** Git subcommands: an array literal starting with one (after global options) is a git argv. */
const SUBCOMMANDS = [
  'add', 'am', 'apply', 'blame', 'branch', 'cat-file', 'checkout', 'cherry-pick', 'commit', 'commit-tree', 'config', 'describe',
  'diff', 'diff-index', 'diff-tree', 'fetch', 'for-each-ref', 'grep', 'hash-object', 'init', 'interpret-trailers', 'log',
  'ls-files', 'ls-remote', 'ls-tree', 'merge', 'merge-base', 'mktree', 'name-rev', 'notes', 'push', 'read-tree', 'rebase',
  'remote', 'reset', 'rev-list', 'rev-parse', 'show', 'show-ref', 'stash', 'status', 'stripspace', 'symbolic-ref', 'tag',
  'update-index', 'update-ref', 'var', 'worktree', 'write-tree',
]; // prettier-ignore

// `[` not preceded by a name, `]`, `)` or a quote: an array literal, not an indexed type (`GateResult['status']`).
const GIT_ARGV = new RegExp(`(?<![\\w\\])'"])\\[\\s*(?:'--?[\\w-]+'\\s*,\\s*)*'(?:${SUBCOMMANDS.join('|')})'`);
const PROCESS_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)'(?:node:)?child_process'|(?:from\s+|require\(\s*|import\(\s*)'simple-git'/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.[cm]?[jt]s$/.test(e.name) ? [p] : [];
  });
}

/** `file:line text` for every line of a source that matches. */
function hits(file: string, re: RegExp): string[] {
  const rel = path.relative(SRC, file).split(path.sep).join('/');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (re.test(line) ? [`${rel}:${i + 1} ${line.trim()}`] : []));
}

const files = sources(SRC);
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

describe('one door to git', () => {
  test('the detectors see what they look for (so the guards below can fail)', () => {
    for (const line of [
      "await git.raw(['symbolic-ref', '--short', '-q', 'HEAD'])",
      "x = ['--literal-pathspecs', 'ls-files', '-s']",
      "spawn('git', ['config', '--get', key])",
    ])
      expect(line).toMatch(GIT_ARGV);
    for (const line of ["function statusOf(g): GateResult['status'] {", "const kinds = ['check', 'refs']", "args.includes('--amend')"])
      expect(line).not.toMatch(GIT_ARGV);
    for (const line of [
      "import { spawn } from 'node:child_process';",
      "import { simpleGit } from 'simple-git';",
      "require('child_process')",
    ])
      expect(line).toMatch(PROCESS_IMPORT);
  });

  test(`only src/${DOOR} imports child_process or simple-git`, () => {
    expect(files.map(rel)).toContain(DOOR);
    expect(files.filter((f) => rel(f) !== DOOR).flatMap((f) => hits(f, PROCESS_IMPORT))).toEqual([]);
  });

  test('no git command line outside src/git/', () => {
    expect(files.filter((f) => !rel(f).startsWith('git/')).flatMap((f) => hits(f, GIT_ARGV))).toEqual([]);
    // The argv do live in src/git/ (the detector finds them there).
    expect(files.filter((f) => rel(f).startsWith('git/')).flatMap((f) => hits(f, GIT_ARGV)).length).toBeGreaterThan(10);
  });

  test('one write to the index: Git.stage, called only when an override is recorded', () => {
    const writers = files.flatMap((f) =>
      hits(
        f,
        new RegExp(
          `(?<![\\w\\])'"])\\[\\s*(?:'--?[\\w-]+'\\s*,\\s*)*'(?:update-index|hash-object|read-tree|apply|add|rm|mv|reset|checkout|restore|update-ref|commit)'`,
        ),
      ),
    );
    expect(writers).toEqual([
      expect.stringMatching(/^git\/Git\.ts:\d+ const blob = .*'hash-object', '-w', '--stdin'/),
      expect.stringMatching(/^git\/Git\.ts:\d+ .*'update-index', '--add', '--cacheinfo'/),
    ]);
    expect(files.flatMap((f) => hits(f, /\.stage\(/))).toEqual([expect.stringMatching(/^hooks\/recordOverride\.ts:\d+ /)]);
  });
});
