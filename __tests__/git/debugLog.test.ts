import { runCli } from '../helpers/runCli';
import { makeRepo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { Git } from '../../src/git/Git';
import { debugEnabled, DEBUG_NAMESPACE } from '../../src/git/execGit';

/** Runs `fn` with DEBUG set to `spec`, returning the spine-hooks:git lines it wrote on standard error. */
async function logged(spec: string | undefined, fn: () => Promise<unknown>): Promise<string[]> {
  const saved = process.env.DEBUG;
  if (spec === undefined) delete process.env.DEBUG;
  else process.env.DEBUG = spec;
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = saved;
  }
  return lines.filter((l) => l.startsWith(`${DEBUG_NAMESPACE} `));
}

/** Started processes by number, and the numbers that logged an end. */
function processes(lines: string[]): { started: Map<string, string>; ended: Set<string> } {
  const started = new Map<string, string>();
  const ended = new Set<string>();
  for (const l of lines) {
    const m = /^spine-hooks:git #(\d+) (.*)$/.exec(l)!;
    if (/^(done|exit \d+|killed by \w+|failed to start: .*) after \d+ ms$/.test(m[2])) ended.add(m[1]);
    else started.set(m[1], m[2]);
  }
  return { started, ended };
}

describe('DEBUG=spine-hooks:git logs every git process', () => {
  const H = 'ops/bindings/services.health.yaml';

  test('a staged check logs each kind of process (rev-parse, simple-git commands, cat-file --batch), each with its end', async () => {
    const base = exampleFiles();
    const repo = makeRepo(base);
    repo.write({ [H]: `${base[H]}# touched\n` });
    repo.git(['add', H]);
    let code = -1;
    const lines = await logged(DEBUG_NAMESPACE, async () => {
      code = (await runCli(['--staged'], { cwd: repo.dir })).code;
    });
    expect(code).toBe(0);
    const { started, ended } = processes(lines);
    const commands = [...started.values()];
    expect(commands).toContainEqual(expect.stringMatching(/^git rev-parse --absolute-git-dir .* \(in .+\)$/));
    expect(commands).toContainEqual(expect.stringMatching(/^git diff --cached --raw --no-abbrev -z /));
    expect(commands).toContainEqual(expect.stringMatching(/^git cat-file --batch /));
    // The index is read as HEAD's tree changed by that diff: no ls-files process of its own.
    expect(commands.filter((c) => c.includes(' ls-files '))).toEqual([]);
    expect(commands).toHaveLength(3);
    // Every process but the long-lived cat-file (closed at the end of the run, after its last answer) logged its end.
    const open = [...started].filter(([id]) => !ended.has(id)).map(([, c]) => c);
    expect(open.every((c) => c.startsWith('git cat-file --batch'))).toBe(true);
  });

  test('a command fed on standard input (the index write) is logged with its exit status', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const lines = await logged(`other,${DEBUG_NAMESPACE}`, async () => {
      const git = (await Git.open(repo.dir))!;
      try {
        await git.stage('b.txt', 'b\n');
      } finally {
        git.close();
      }
    });
    expect(lines).toContainEqual(expect.stringMatching(/^spine-hooks:git #\d+ git hash-object -w --stdin \(in /));
    expect(lines).toContainEqual(
      expect.stringMatching(/^spine-hooks:git #\d+ git update-index --add --cacheinfo "?100644,[0-9a-f]+,b\.txt"? /),
    );
    expect(lines.filter((l) => / exit 0 after \d+ ms$/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(repo.git(['ls-files', '-s', 'b.txt'])).toMatch(/^100644 [0-9a-f]+ 0\tb\.txt\n$/);
  });

  test('nothing is logged without DEBUG, or when DEBUG names only other namespaces', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    for (const spec of [undefined, '', 'simple-git', 'spine-hooks:cache', '*,-spine-hooks:git']) {
      const lines = await logged(spec, async () => (await Git.open(repo.dir))?.close());
      expect({ spec, lines }).toEqual({ spec, lines: [] });
    }
  });

  test('DEBUG follows the debug package: lists, wildcards, exclusions', () => {
    expect(debugEnabled(DEBUG_NAMESPACE, 'spine-hooks:git')).toBe(true);
    expect(debugEnabled(DEBUG_NAMESPACE, 'spine-hooks:*')).toBe(true);
    expect(debugEnabled(DEBUG_NAMESPACE, '*')).toBe(true);
    expect(debugEnabled(DEBUG_NAMESPACE, 'simple-git spine-hooks:git')).toBe(true);
    expect(debugEnabled(DEBUG_NAMESPACE, 'spine-hooks:*,-spine-hooks:git')).toBe(false);
    expect(debugEnabled(DEBUG_NAMESPACE, 'spine-hooks')).toBe(false);
    expect(debugEnabled(DEBUG_NAMESPACE, 'spine-hooks:gitx')).toBe(false);
    expect(debugEnabled(DEBUG_NAMESPACE, undefined)).toBe(false);
  });
});
