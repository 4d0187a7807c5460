import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { builtCli, makeRepo, runBuilt } from '../helpers/gitRepo';
import { makeDirs } from '../../src/cache/makeDirs';
import { exampleFiles } from '../helpers/example';
import { tempDir, writeFiles } from '../helpers/tempDir';

/**
 * `--all --cwd DIR` writes nothing outside DIR and the user's cache folder. A folder that sits inside
 * another git repository (a copy of an estate under some project) is not that repository: its `.git`
 * is left alone, and the caches go to the user's cache folder. A repository's own top level keeps
 * them in its `.git`, where the hooks keep theirs.
 */
jest.setTimeout(60_000);

const base = exampleFiles();

/** Every path under `dir` with its size and modification time: what changed below it. */
function listing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((p) => {
      const st = fs.lstatSync(path.join(dir, p));
      return `${p} ${st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`;
    })
    .sort();
}

const entries = (dir: string) =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => p.endsWith('.json')) : [];

test('--cwd into a folder of another repository writes nothing into that repository; the user cache folder serves it', () => {
  const outer = makeRepo({ 'README.md': 'some other project\n' });
  const estate = path.join(outer.dir, 'copies', 'estate');
  writeFiles(estate, base);
  const cache = tempDir();
  const before = listing(path.join(outer.dir, '.git'));
  const r = runBuilt(['--all', '--cwd', estate], outer.dir, { XDG_CACHE_HOME: cache });
  expect(r.status).toBe(0);
  expect(listing(path.join(outer.dir, '.git'))).toEqual(before);
  expect(fs.readdirSync(outer.dir).sort()).toEqual(['.git', 'README.md', 'copies']);
  // The user's cache folder holds the parses and verdicts; a second run finds every parse there (it adds none).
  const parsed = entries(path.join(cache, 'spine-hooks', 'cache'));
  expect(parsed.length).toBeGreaterThan(0);
  expect(entries(path.join(cache, 'spine-hooks', 'results')).length).toBeGreaterThan(0);
  const again = runBuilt(['--all', '--cwd', estate], outer.dir, { XDG_CACHE_HOME: cache });
  expect(again.status).toBe(0);
  expect(entries(path.join(cache, 'spine-hooks', 'cache'))).toEqual(parsed);
});

test("a repository's own top level keeps its caches in its .git, not in the user's folder", () => {
  const repo = makeRepo(base);
  const cache = tempDir();
  expect(runBuilt(['--all'], repo.dir, { XDG_CACHE_HOME: cache }).status).toBe(0);
  expect(entries(path.join(repo.dir, '.git', 'spine-hooks', 'cache')).length).toBeGreaterThan(0);
  expect(entries(path.join(cache, 'spine-hooks'))).toEqual([]);
});

test('a cache home that cannot be made (under /proc) means no cache, never a hang; a report there is exit 2', () => {
  const estate = tempDir();
  writeFiles(estate, base);
  // Node's recursive mkdir loops for ever on /proc/<missing>/…: bound the run so a regression fails, not hangs.
  const opts = { cwd: estate, env: { ...process.env, XDG_CACHE_HOME: '/proc/nonexistent' }, encoding: 'utf8' as const, timeout: 30_000 };
  const r = spawnSync(process.execPath, [builtCli(), '--all', '-q'], opts);
  expect([r.signal, r.status]).toEqual([null, 0]);
  expect(fs.existsSync('/proc/nonexistent')).toBe(false);
  const out = spawnSync(process.execPath, [builtCli(), '--all', '-q', '-f', 'junit', '-o', '/proc/nonexistent/r/x.xml'], opts);
  expect([out.signal, out.status]).toEqual([null, 2]);
  expect(out.stderr).toContain('cannot write the junit report to /proc/nonexistent/r/x.xml');
});

test('makeDirs makes every missing folder with its mode, accepts one that is there, and throws where one cannot be made', () => {
  const root = tempDir();
  const deep = path.join(root, 'a', 'b', 'c');
  makeDirs(deep, 0o700);
  expect(fs.statSync(deep).isDirectory()).toBe(true);
  expect(fs.statSync(path.join(root, 'a')).mode & 0o777).toBe(0o700);
  makeDirs(deep);
  fs.writeFileSync(path.join(root, 'file'), 'x');
  expect(() => makeDirs(path.join(root, 'file', 'sub'))).toThrow(/ENOTDIR/);
  expect(() => makeDirs('/proc/nonexistent/x')).toThrow(/ENOENT/);
});
