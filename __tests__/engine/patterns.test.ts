import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { exampleFiles, lineOf } from '../helpers/example';
import { hookedRepo, makeRepo } from '../helpers/gitRepo';
import { CONFIG, S } from '../helpers/paths';

/**
 * Patterns from configuration run on a linear-time engine (RE2): a catastrophic pattern over a long
 * value gets a verdict instead of hanging the hook, for every place configuration holds a pattern;
 * and a pattern only a backtracking engine can run is exit 2 at its line, before anything runs.
 * On a backtracking engine each "catastrophic" case below runs for longer than the age of the universe.
 */
jest.setTimeout(60_000);

const base = exampleFiles();
const NOTES = 'ops/bindings/notes.yaml';
const LONG = `${'a'.repeat(50_000)}!`;
const EVIL = '^(a+)+$';

/** Two notes: one long value the evil pattern does not match (the catastrophic case), one short that it does. */
const notes = `notes:\n  - id: long\n    text: "${LONG}"\n  - id: short\n    text: aaaa\n`;
const collection = `collections:\n  notes: { file: ${NOTES}, shape: list, select: notes, key: id, label: "note {id}" }\n`;
const gate = (rule: string) =>
  `add_gates:\n  - id: D1020\n    name: patterns\n    description: p\n    severity: error\n    lanes: [core]\n    fix_hint: p\n    rules:\n      - ${rule}\n`;
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function runGate(files: Record<string, string>, args = ['--gate', 'D1020']) {
  const dir = tempDir({ ...base, ...files });
  const r = await runCli([...args, '--cwd', dir], { env: {} });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('a catastrophic pattern over a 50,000-character value gets a verdict', () => {
  test.each([
    [
      'a filter (where … matches)',
      `{ kind: require, id: f, source: notes, where: { text: { matches: ${q(EVIL)} } }, fields: [owner] }`,
      'note short: missing required field',
      'note long',
    ],
    [
      'a replace transform',
      `{ kind: require, id: t, source: notes, satisfies: { text: { transform: [{ replace: ${q(EVIL)}, with: x }], not_in: [x] } } }`,
      'note short: text is',
      'note long',
    ],
    [
      'require.forbid',
      `{ kind: require, id: b, source: notes, forbid: { fields: [text], pattern: ${q(EVIL)}, message: a run of a } }`,
      'note short',
      'note long',
    ],
    ['require.pattern', `{ kind: require, id: p, source: notes, pattern: { text: ${q(EVIL)} } }`, 'note long: text', 'note short'],
  ])('%s', async (_name, rule, found, notFound) => {
    const r = await runGate({ [NOTES]: notes, [CONFIG]: collection + gate(rule) });
    expect(r.code).toBe(1);
    expect(r.out).toContain(found);
    expect(r.out).not.toContain(notFound);
  });

  test('a text collection pattern', async () => {
    const doc = `# Notes\n\n${LONG}\naaaa\n`;
    const cfg =
      `collections:\n  note_lines: { file: docs/notes.md, shape: text, pattern: ${q(EVIL)}, label: "line {value}" }\n` +
      gate('{ kind: require, id: n, source: note_lines, count: { min: 2 } }');
    const r = await runGate({ 'docs/notes.md': doc, [CONFIG]: cfg });
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 note_lines record(s), expected at least 2'); // the short line only
  });

  test('policy.reference_pattern: a long reason without a match is refused, a short reference that matches is accepted', async () => {
    const repo = makeRepo({ ...base, [CONFIG]: `policy:\n  reference_pattern: ${q(EVIL)}\n` });
    repo.write({ [S]: `${base[S]}# touch\n` });
    repo.git(['add', '-A']);
    const env = { SPINE_OVERRIDE: 'D54', SPINE_OVERRIDE_REASON: LONG };
    const refused = await runCli(['--staged', '--cwd', repo.dir], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the override needs a reference matching /${EVIL}/`);
    const accepted = await runCli(['--staged', '--cwd', repo.dir], { env: { ...env, SPINE_OVERRIDE_REF: 'aaaa' } });
    expect(accepted.stdout + accepted.stderr).not.toContain('needs a reference');
    expect(accepted.code).toBe(0);
  });
});

describe('a pattern a linear-time engine cannot run is exit 2 at its line, before any gate runs', () => {
  const at = (cfg: string, needle: string) => `${CONFIG}:${lineOf(cfg, needle)}:`;
  test.each([
    [
      'a backreference in a filter',
      gate(`{ kind: require, id: f, source: notes, where: { text: { matches: '^(a)\\1$' } }, fields: [owner] }`),
      'matches:',
      'uses a backreference (\\1)',
    ],
    [
      'a lookahead in a replace transform',
      gate(`{ kind: require, id: t, source: notes, satisfies: { text: { transform: [{ replace: 'a(?=b)', with: x }], not_in: [x] } } }`),
      'replace:',
      'uses a lookahead ((?=b))',
    ],
    [
      'a lookbehind in forbid',
      gate(`{ kind: require, id: b, source: notes, forbid: { fields: [text], pattern: '(?<!x)a', message: m } }`),
      'pattern:',
      'uses a lookbehind',
    ],
    [
      'a possessive quantifier in require.pattern',
      gate(`{ kind: require, id: p, source: notes, pattern: { text: 'a++' } }`),
      'pattern:',
      'uses a possessive quantifier',
    ],
    [
      'a named backreference in a text collection',
      `collections:\n  note_lines: { file: docs/notes.md, shape: text, pattern: '(?<c>a)\\k<c>' }\n`,
      'note_lines',
      'uses a named backreference',
    ],
    ['a lookahead in policy.reference_pattern', `policy:\n  reference_pattern: 'GAP-(?!0)\\d+'\n`, 'reference_pattern', 'uses a lookahead'],
    [
      'a backreference in a parameter the configuration sets',
      `gates:\n  D139:\n    params:\n      nas_path_pattern: '^(/)\\1'\n`,
      'nas_path_pattern',
      'uses a backreference',
    ],
    [
      'an invalid pattern',
      gate(`{ kind: require, id: p, source: notes, pattern: { text: '[a-' } }`),
      'pattern:',
      'is not valid RE2 syntax: missing closing ]',
    ],
    [
      'a pattern too large to match fast in a text collection',
      `collections:\n  note_lines: { file: docs/notes.md, shape: text, pattern: '${'[\\s\\S]{900}'.repeat(2)}(y)' }\n`,
      'note_lines',
      'compiles to 1805 instructions, more than the 1000 a pattern may have',
    ],
  ])('%s', async (_name, body, needle, says) => {
    const cfg = collection + body.replace(/^collections:\n/, '');
    // D54 reads none of this: the pattern is refused even though nothing would ever reach it.
    const r = await runGate({ [NOTES]: notes, [CONFIG]: cfg }, ['--gate', 'D54']);
    expect(r.code).toBe(2);
    expect(r.out).toContain(at(cfg, needle));
    expect(r.out).toContain(says);
    if (says.startsWith('uses')) expect(r.out).toContain('which a linear-time engine cannot run');
  });
});

test('the refusal says what, why and where, in one line', async () => {
  const cfg = collection + gate(`{ kind: require, id: f, source: notes, where: { text: { matches: '^(a)\\1$' } }, fields: [owner] }`);
  const r = await runGate({ [NOTES]: notes, [CONFIG]: cfg });
  /* eslint-disable max-len -- an inline snapshot holds the message as printed, on one line */
  expect(r.out).toMatchInlineSnapshot(`
"spine-hooks: spine-hooks.config.yaml:11:65: pattern /^(a)\\1$/ uses a backreference (\\1), which a linear-time engine cannot run; patterns are RE2 syntax (spine-hooks explain configuration, "Patterns")
"
`);
  /* eslint-enable max-len -- the snapshot ends here */
});

describe('patterns keep JavaScript meaning where the docs promise it', () => {
  const shortNotes = 'notes:\n  - id: short\n    text: aaaa\n  - id: other\n    text: b\n';
  test('replace with group references, as String#replace reads them', async () => {
    const rule =
      `{ kind: require, id: t, source: notes, satisfies: { text: { transform: [{ replace: '^(a)(a+)$', with: ` +
      `'$2-$1-$$-$&' }], in: ['aaa-a-$-aaaa'] } } }`;
    const r = await runGate({ [NOTES]: shortNotes, [CONFIG]: collection + gate(rule) });
    expect(r.code).toBe(1);
    expect(r.out).toContain('note other: text is "b"');
    expect(r.out).not.toContain('note short');
  });

  test('(?<name>…) groups and (?i) are accepted', async () => {
    const rule = `{ kind: require, id: p, source: notes, pattern: { text: '(?i)^(?<run>A+)$' } }`;
    const r = await runGate({ [NOTES]: shortNotes, [CONFIG]: collection + gate(rule) });
    expect(r.code).toBe(1);
    expect(r.out).toContain('note other: text "b" does not match');
    expect(r.out).not.toContain('note short');
  });
});

test('a real `git commit`: a catastrophic filter over a long staged value still gets a verdict from the installed hook', () => {
  const rule = `{ kind: require, id: f, source: notes, where: { text: { matches: ${q(EVIL)} } }, fields: [owner] }`;
  const repo = hookedRepo({ ...base, [CONFIG]: collection + gate(rule), [NOTES]: 'notes: []\n' });
  fs.writeFileSync(path.join(repo.dir, NOTES), notes);
  repo.git(['add', NOTES]);
  const r = repo.tryGit(['commit', '-q', '-m', 'notes']);
  expect(r.status).not.toBe(0);
  expect(r.stdout + r.stderr).toContain('note short: missing required field "owner"');
  expect(repo.git(['log', '--format=%s'])).toBe('initial estate\n');
});
