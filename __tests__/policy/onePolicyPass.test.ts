import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../src/packageRoot';

/**
 * One pass per commit (issue 17, item 3): policy applies in one place (run.ts's settle), and the
 * staged commit is judged in one function (hooks/judgeStaged.ts) that the CLI command only prints.
 */
const SRC = path.join(packageRoot(), 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** `file` (relative to src/, slashes) for every source with a line matching `re`. */
function where(re: RegExp): string[] {
  return sources(SRC)
    .filter((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .some((l) => re.test(l)),
    )
    .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
    .sort();
}

test('applyPolicy is called from run.ts alone', () => {
  expect(where(/\bapplyPolicy\(/)).toEqual(['policy/applyPolicy.ts', 'run.ts']);
});

test('the staged commit is judged by hooks/judgeStaged.ts, and only runStaged asks it', () => {
  expect(where(/\bcheckStaged\(/)).toEqual(['hooks/checkStaged.ts', 'hooks/judgeStaged.ts']);
  expect(where(/\bjudgeStaged\(/)).toEqual(['cli/commands/runStaged.ts', 'hooks/judgeStaged.ts']);
  // A CLI command neither writes the repository nor applies policy.
  expect(
    where(/\b(recordOverride|markPending|clearPending|writeGatedList|addTrailers|settle)\(/).filter((f) => f.startsWith('cli/')),
  ).toEqual([]);
});
