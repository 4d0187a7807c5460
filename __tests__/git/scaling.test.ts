import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { makeRepo, runBuilt, cleanEnv, type Repo } from '../helpers/gitRepo';
import { tempDir } from '../helpers/tempDir';
import { Git } from '../../src/git/Git';
import { checkCommits } from '../../src/hooks/checkCommits';
import * as yamlParser from '../../src/workspace/parseYaml';
import * as matchIndex from '../../src/records/matchIndex';
import { L } from '../helpers/paths';

/**
 * How `ci` (and pre-push) scale with the range: counts, never times. A range costs the estate once
 * plus what each commit changes: the number of git processes does not grow with the number of
 * commits, each YAML blob is parsed once, and a match index over a file no commit changed is built
 * once.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/estate.js is plain CommonJS outside the TypeScript project: no types to import
const { estateFiles } = require('../../scripts/estate') as { estateFiles: (n: number) => Record<string, string> };

/** An estate of 40 generated VMs, then `count` commits each editing one VM's description. */
function rangeRepo(count: number): { repo: Repo; base: string } {
  const repo = makeRepo(estateFiles(40));
  const base = repo.git(['rev-parse', 'HEAD']).trim();
  for (let i = 0; i < count; i++) {
    const text = repo.read(L);
    const next = text.replace(`description: "Generated workload ${i}."`, `description: "Generated workload ${i}, edited."`);
    expect(next).not.toBe(text);
    repo.write({ [L]: next });
    repo.git(['add', L]);
    repo.git(['commit', '-q', '-m', `edit VM ${i}`]);
  }
  return { repo, base };
}

/** Runs `ci --from base` with a `git` on the PATH that logs each start; returns how many there were. */
function gitStarts(repo: Repo, base: string): number {
  const dir = tempDir();
  const log = path.join(dir, 'git-starts.log');
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\necho "$1" >> "${log}"\nexec "${real}" "$@"\n`, { mode: 0o755 });
  const r = runBuilt(['ci', '--from', base, '-q'], repo.dir, { PATH: `${dir}${path.delimiter}${process.env.PATH}` });
  expect(r).toMatchObject({ status: 0 });
  return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
}

test('ci starts as many git processes for 12 commits as for 2', () => {
  const short = rangeRepo(2);
  const long = rangeRepo(12);
  const a = gitStarts(short.repo, short.base);
  const b = gitStarts(long.repo, long.base);
  expect(a).toBeGreaterThan(0);
  expect(b).toBe(a);
});

describe('in one ci run', () => {
  let parse: jest.SpyInstance;
  let index: jest.SpyInstance;
  beforeEach(() => {
    parse = jest.spyOn(yamlParser, 'parseYaml');
    // Counted, then built by the real class (a class cannot be called without `new`).
    const Real = matchIndex.MatchIndex;
    index = jest.spyOn(matchIndex, 'MatchIndex').mockImplementation((...args: ConstructorParameters<typeof Real>) => new Real(...args));
  });
  afterEach(() => jest.restoreAllMocks());

  async function counts(count: number): Promise<{ parses: number; indexes: number; overOthers: number; checked: number }> {
    const { repo, base } = rangeRepo(count);
    // No parse cache on disk: every parse is counted.
    fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks'), { recursive: true, force: true });
    const git = (await Git.open(repo.dir, cleanEnv()))!;
    parse.mockClear();
    index.mockClear();
    try {
      const out = await checkCommits(git, [[`${base}..HEAD`]], { cwd: repo.dir });
      expect({
        failures: out.firstFailures.map((f) => f.gate.findings.slice(0, 2).map((x) => x.message)),
        integrity: out.integrity,
      }).toEqual({ failures: [], integrity: [] });
      // Indexes over records of files the range never changes.
      const overOthers = index.mock.calls.filter(([, records]) => records.length > 0 && records[0].file !== L).length;
      return { parses: parse.mock.calls.length, indexes: index.mock.calls.length, overOthers, checked: out.checked.length };
    } finally {
      git.close();
    }
  }

  test('each YAML blob is parsed once, and only indexes over the changed file are rebuilt', async () => {
    // Files shipped in the package (the default lifecycle contract) are read once per process: once
    // read, they are out of the count.
    await counts(1);
    const five = await counts(5);
    const ten = await counts(10);
    expect([five.checked, ten.checked]).toEqual([5, 10]);
    // Five more commits, five more versions of one file: five more parses, whatever the estate's size.
    expect(ten.parses - five.parses).toBe(5);
    // The first commit parses every YAML file the gates read (more than the one that changes).
    expect(five.parses).toBeGreaterThan(5 + 3);
    // Indexes over the unchanged files are built at the first commit only: each later commit
    // rebuilds just those over the records of the file it changed.
    expect(five.overOthers).toBeGreaterThan(3);
    expect(ten.overOthers).toBe(five.overOthers);
    const perCommit = (ten.indexes - five.indexes) / 5;
    expect(Number.isInteger(perCommit)).toBe(true);
    expect(five.indexes - 4 * perCommit).toBeGreaterThan(perCommit);
  });
});
