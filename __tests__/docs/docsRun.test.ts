import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, writeFiles, readTree } from '../helpers/tempDir';
import { builtCli, cleanEnv, makeRepo, runBuilt } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { CORPUS, ROOT } from '../helpers/paths';
import { changed, type Edit } from '../helpers/edits';

/**
 * Docs that run: every shell block of README.md and docs/ is executed, and where a block shows
 * output (`$ command` followed by what it prints) the output is compared. What a block needs (a copy
 * of the example with an edit, a git repository, a configuration) is said in an HTML comment right
 * above it, invisible on the page:
 *
 *   <!-- docs-run
 *   setup: example | empty | package | corpus:<snapshot> | git-example | git-hooked-example
 *   replace: <file> "<from>" "<to>"          (literal, first occurrence; must change something)
 *   replace-re: <file> "<regex>" "<to>"       (every match, multiline)
 *   write: <file> "<content>"                 (JSON string escapes)
 *   delete: <file>
 *   stage: <file>                             (git add, for hook examples)
 *   commit: "<message>"                       (a commit made with --no-verify)
 *   env: <NAME> "<value>"
 *   path: <path>                              (a path the block names, /tmp/estate: a fresh temporary one)
 *   write-above: <lang> <file>                (the nearest block of that language above, as a file:
 *                                              the configuration or module the page just showed)
 *   step: <n> <write|replace|delete> <args…>  (before the n-th `$ command` of the block)
 *   link-package: yes                         (node_modules/spine-hooks → this package, as installed)
 *   exit: <code>                              (of a shell block's last command, default 0)
 *   skip: <why>                               (a block with placeholders: `<ticket>`, `…`, `$BASE_SHA`)
 *   covered-by: <what runs it>                (a block another test or CI runs as it is)
 *   -->
 *
 * A shell block with a placeholder and no `skip` fails the test, so nothing is silently not run.
 * DOCS_RUN_UPDATE=1 rewrites the compared outputs (those without `…` elisions) from what runs.
 */
jest.setTimeout(300_000);

const SHOWN_DIR = '/tmp/estate';
const DOCS = ['README.md', 'examples/README.md', ...listDocs('docs')];

function listDocs(dir: string): string[] {
  return (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.md'))
    .map((f) => `${dir}/${f}`)
    .sort();
}

interface Block {
  doc: string;
  line: number;
  lang: string;
  body: string[];
  /** The last block of each language above this one (`write-above`). */
  above: Map<string, string>;
  directive: Map<string, string[][]>;
  /** Line range of the body in the doc (for updates). */
  start: number;
  end: number;
}

/** Shell blocks (sh, bash, console) and untagged blocks holding `$ ` commands. */
function blocks(doc: string): Block[] {
  const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
  const out: Block[] = [];
  const above = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(\w*)\s*$/.exec(lines[i]);
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith('```')) j++;
    const body = lines.slice(i + 1, j);
    const lang = m[1];
    if (['sh', 'bash', 'console'].includes(lang) || (lang === '' && body.some((l) => l.startsWith('$ ')))) {
      out.push({ doc, line: i + 1, lang, body, above: new Map(above), directive: directiveAbove(lines, i), start: i + 1, end: j });
    }
    if (lang) above.set(lang, `${body.join('\n')}\n`);
    i = j;
  }
  return out;
}

/** The `<!-- docs-run … -->` comment ending on the line above the fence (a blank line between is fine). */
function directiveAbove(lines: string[], fence: number): Map<string, string[][]> {
  const d = new Map<string, string[][]>();
  let k = fence - 1;
  while (k >= 0 && lines[k].trim() === '') k--;
  if (k < 0 || !lines[k].trim().endsWith('-->')) return d;
  let s = k;
  while (s >= 0 && !lines[s].includes('<!-- docs-run')) s--;
  if (s < 0) return d;
  const text = lines
    .slice(s, k + 1)
    .join('\n')
    .replace(/^[\s\S]*?<!-- docs-run:?/, '')
    .replace(/-->\s*$/, '');
  for (const raw of text.split(/\n|;(?=\s*[a-z-]+:)/)) {
    const line = raw.trim();
    if (!line) continue;
    const mm = /^([a-z-]+):\s*(.*)$/.exec(line);
    if (!mm) throw new Error(`bad docs-run line "${line}"`);
    const args = mm[1] === 'skip' || mm[1] === 'covered-by' ? [mm[2]] : tokens(mm[2]);
    d.set(mm[1], [...(d.get(mm[1]) ?? []), args]);
  }
  return d;
}

/** Words and JSON strings. */
function tokens(s: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1].startsWith('"') ? JSON.parse(m[1]) : m[1]);
  return out;
}

/** The folder a block runs in, made from its directive. */
function setUp(b: Block): { dir: string; env: NodeJS.ProcessEnv; paths: Array<[string, string]> } {
  const setup = b.directive.get('setup')?.[0]?.[0] ?? 'example';
  const example = exampleFiles();
  let dir: string;
  let git = false;
  if (setup === 'example') dir = tempDir(example);
  else if (setup === 'empty') dir = tempDir();
  else if (setup === 'package') dir = ROOT;
  else if (setup.startsWith('corpus:')) dir = tempDir(readTree(path.join(CORPUS, setup.slice('corpus:'.length))));
  else if (setup === 'git-example' || setup === 'git-hooked-example') {
    const repo = makeRepo(example);
    dir = repo.dir;
    git = true;
    if (setup === 'git-hooked-example') {
      const r = runBuilt(['init', '--no-husky'], dir);
      if (r.status !== 0) throw new Error(`init: ${r.stderr}`);
      repo.git(['add', '-A']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'install spine-hooks']);
    }
  } else throw new Error(`${b.doc}:${b.line}: unknown setup "${setup}"`);
  const sh = (args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, env: cleanEnv(), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  for (const [key, list] of b.directive) {
    for (const a of list) {
      if (key === 'write-above') {
        const text = b.above.get(a[0]);
        if (text === undefined) throw new Error(`${b.doc}:${b.line}: no ${a[0]} block above`);
        writeFiles(dir, { [a[1]]: text });
      } else if (key === 'link-package') {
        fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
        fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'spine-hooks'), 'dir');
      } else if (key === 'stage') sh(['add', '--', a[0]]);
      else if (key === 'commit') sh(['commit', '-q', '--no-verify', '-m', a[0]]);
      else if (key !== 'step') edit(dir, key, a, `${b.doc}:${b.line}`);
    }
  }
  if (!git && (b.directive.has('stage') || b.directive.has('commit'))) throw new Error(`${b.doc}:${b.line}: stage/commit need a git setup`);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of b.directive.get('env') ?? []) env[name] = value;
  const paths = (b.directive.get('path') ?? []).map(([shown]): [string, string] => [shown, path.join(tempDir(), path.basename(shown))]);
  return { dir, env, paths };
}

/** One file edit of a directive (or of a `step`). */
function edit(dir: string, key: string, a: string[], where: string): void {
  const file = a[0] && path.join(dir, a[0]);
  if (key === 'replace' || key === 'replace-re') {
    const edit: Edit = (t) => (key === 'replace' ? t.replace(a[1], a[2]) : t.replace(new RegExp(a[1], 'gm'), a[2]));
    fs.writeFileSync(file, changed(fs.readFileSync(file, 'utf8'), edit, `${a[0]} by ${where}: ${key}`));
  } else if (key === 'write') writeFiles(dir, { [a[0]]: a[1] });
  else if (key === 'delete') fs.rmSync(file, { recursive: true });
}

/** A PATH entry whose `spine-hooks` is this build (what `npm install spine-hooks` puts on the PATH). */
const SHIM = (() => {
  let dir: string | undefined;
  return () => {
    if (!dir) {
      dir = tempDir();
      fs.writeFileSync(path.join(dir, 'spine-hooks'), `#!/bin/sh\nexec "${process.execPath}" "${builtCli()}" "$@"\n`, { mode: 0o755 });
    }
    return dir;
  };
})();

function run(command: string, cwd: string, env: NodeJS.ProcessEnv, paths: Array<[string, string]> = []) {
  let cmd = command.replace(/\bnpx (--no )?spine-hooks\b/g, 'spine-hooks');
  for (const [shown, real] of paths) cmd = cmd.split(shown).join(real);
  const e = cleanEnv({ ...env, PATH: `${SHIM()}:${process.env.PATH}`, NO_COLOR: '1' });
  delete e.CI;
  delete e.GITHUB_ACTIONS;
  const r = spawnSync('sh', ['-c', cmd], { cwd, env: e, encoding: 'utf8' });
  let out = `${r.stdout}${r.stderr}`;
  for (const [shown, real] of paths) out = out.split(real).join(shown);
  return { status: r.status ?? -1, out };
}

/**
 * What may differ between runs: timings (and the padding before them), temp folders, commit ids, clock
 * times, and whether a verdict came from the result cache (the user's cache folder outlives a run).
 */
function normalize(text: string, dir?: string): string[] {
  let t = text;
  if (dir) t = t.split(fs.realpathSync(dir)).join(SHOWN_DIR).split(dir).join(SHOWN_DIR);
  return t
    .replace(/\b\d+(\.\d+)? ms\b/g, 'N ms')
    .replace(/"durationMs": [\d.]+/g, '"durationMs": N')
    .replace(/^\[(\S+) (\(root-commit\) )?[0-9a-f]{7,40}\]/gm, '[$1 $2<sha>]')
    .replace(/\b[0-9a-f]{40}\b/g, '<sha>')
    .replace(/\b[0-9a-f]{12}\b/g, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
    .replace(/ {2}cached$/gm, '')
    .replace(/; \d+ verdicts? from the cache \(inputs unchanged\)$/gm, '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trimEnd())
    .filter((l) => l.trim() !== '"cached": true,')
    .filter((l, i, all) => !(l === '' && i === all.length - 1));
}

/** Expected lines against actual: a line `…` matches any number of lines, `…` inside a line any text. */
function matches(expected: string[], actual: string[]): boolean {
  const line = (e: string, a: string) =>
    e.includes('…')
      ? new RegExp(
          `^${e
            .split('…')
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ).test(a)
      : e === a;
  const go = (i: number, j: number): boolean => {
    if (i === expected.length) return j === actual.length;
    if (expected[i].trim() === '…') return go(i + 1, j) || (j < actual.length && go(i, j + 1));
    return j < actual.length && line(expected[i], actual[j]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

const PLACEHOLDER = /<[a-z][a-z -]*>|…|\$\{?[A-Z_]+\}?|\bBASE\b|\[--/;

const all = DOCS.flatMap(blocks);
const updates = new Map<string, Array<{ start: number; end: number; body: string[] }>>();

afterAll(() => {
  for (const [doc, list] of updates) {
    const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
    for (const u of list.sort((a, b) => b.start - a.start)) lines.splice(u.start, u.end - u.start, ...u.body);
    fs.writeFileSync(path.join(ROOT, doc), lines.join('\n'));
  }
});

describe('docs that run', () => {
  test('there are blocks to run in README.md and docs/', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  // A block on a corpus snapshot needs ../shared/corpus beside the project: without it, skipped, saying so.
  const needsCorpus = (b: Block) => b.directive.get('setup')?.[0]?.[0]?.startsWith('corpus:') === true;
  const missing = fs.existsSync(CORPUS) ? [] : all.filter(needsCorpus);
  const why = `skipped: ${CORPUS} not found (the real snapshots live in ../shared/corpus beside the project, not in this repository)`;
  for (const b of missing) test.skip(`${b.doc}:${b.line} — ${why}`, () => undefined);

  test.each(all.filter((b) => !missing.includes(b)).map((b) => [`${b.doc}:${b.line}`, b] as const))('%s', (_where, b) => {
    const skip = b.directive.get('skip')?.[0]?.[0];
    const covered = b.directive.get('covered-by')?.[0]?.[0];
    if (skip !== undefined || covered !== undefined) {
      expect((skip ?? covered)!.length).toBeGreaterThan(10); // a reason, not a shrug
      return;
    }
    const { dir, env, paths } = setUp(b);
    const commandsOnly = !b.body.some((l) => l.startsWith('$ '));
    if (commandsOnly) {
      const commands = b.body.filter((l) => l.trim() && !l.trim().startsWith('#')).map((l) => l.replace(/\s+#.*$/, ''));
      for (const c of commands)
        expect([c, PLACEHOLDER.test(c.replace(/"[^"]*"/g, '""')) ? 'placeholder: mark the block skip' : 'ok']).toEqual([c, 'ok']);
      const want = Number(b.directive.get('exit')?.[0]?.[0] ?? 0);
      commands.forEach((c, i) => {
        const r = run(c, dir, env, paths);
        const expected = i === commands.length - 1 ? want : 0;
        expect({ command: c, status: r.status, out: r.status === expected ? '' : r.out }).toEqual({
          command: c,
          status: expected,
          out: '',
        });
      });
      return;
    }
    // `$ command` lines, each followed by its output.
    const parts: Array<{ command: string; expected: string[]; from: number }> = [];
    b.body.forEach((l, i) => {
      if (l.startsWith('$ ')) parts.push({ command: l.slice(2).replace(/\s+#.*$/, ''), expected: [], from: i });
      else if (parts.length) parts[parts.length - 1].expected.push(l);
    });
    const newBody: string[] = [];
    let changed = false;
    for (const [n, p] of parts.entries()) {
      for (const [k, key, ...a] of b.directive.get('step') ?? []) if (Number(k) === n + 1) edit(dir, key, a, `${b.doc}:${b.line}`);
      while (p.expected.length && p.expected[p.expected.length - 1].trim() === '') p.expected.pop();
      const r = run(p.command, dir, env, paths);
      const actual = normalize(r.out, dir);
      const expected = normalize(p.expected.join('\n'));
      const ok = matches(expected, actual);
      // A "…" in quotes is printed text (SPINE_OVERRIDE_REASON="…"), not an elision.
      const elided = p.expected.some((l) => l.replace(/"…"/g, '').includes('…'));
      if (!ok && process.env.DOCS_RUN_UPDATE && !elided) {
        changed = true;
        const fresh = r.out.split(fs.realpathSync(dir)).join(SHOWN_DIR).split(dir).join(SHOWN_DIR).replace(/\n+$/, '').split('\n');
        newBody.push(b.body[p.from], ...fresh, '');
        continue;
      }
      newBody.push(b.body[p.from], ...p.expected, '');
      expect({ command: p.command, output: ok ? 'as shown' : r.out }).toEqual({ command: p.command, output: 'as shown' });
    }
    if (changed) {
      while (newBody.length && newBody[newBody.length - 1] === '') newBody.pop();
      updates.set(b.doc, [...(updates.get(b.doc) ?? []), { start: b.start, end: b.end, body: newBody }]);
    }
  });
});
