import { commentOnlyEdit, tailCommentsOnly } from '../../src/workspace/commentEdits';
import { hookedRepo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { freshStagedReport, stagedReport } from '../helpers/stagedReport';
import { CONFIG, L } from '../helpers/paths';

/**
 * An edit of comments only in a YAML file (src/workspace/commentEdits.ts): the hook reuses every verdict
 * of the version it edits, reports exactly what a fresh run reports, and reuses nothing when a line that
 * looks like a comment is text (a block scalar) or when a gate reads the file as text.
 */
describe('commentOnlyEdit', () => {
  const doc = 'a: 1\n# one\nb:\n  - x\n';
  test('comments changed, added at the end or blanked: the last line of content', () => {
    expect(commentOnlyEdit(doc, doc.replace('# one', '  # two'))).toBe(4);
    expect(commentOnlyEdit(doc, `${doc}# more\n\n# and more\n`)).toBe(4);
    expect(commentOnlyEdit(`${doc}# more\n`, doc)).toBe(4);
    expect(commentOnlyEdit(doc, doc.replace('# one', ''))).toBe(4);
    expect(commentOnlyEdit(doc.replace(/\n/g, '\r\n'), doc.replace(/\n/g, '\r\n').replace('# one', '# two'))).toBe(4);
  });
  test('anything else: undefined', () => {
    expect(commentOnlyEdit(doc, doc)).toBeUndefined();
    expect(commentOnlyEdit(doc, doc.replace('a: 1', 'a: 2'))).toBeUndefined();
    // A comment line inserted above content moves every node below it.
    expect(commentOnlyEdit(doc, `# top\n${doc}`)).toBeUndefined();
    expect(commentOnlyEdit(doc, `${doc}c: 3\n`)).toBeUndefined();
    expect(commentOnlyEdit(doc, doc.replace('# one', 'x: # one'))).toBeUndefined();
  });
});

describe('tailCommentsOnly: comments at the first column, past the last line of content (no parse needed)', () => {
  const doc = 'a: 1\nnotes: |\n  text\n';
  const end = (next: string) => commentOnlyEdit(doc, next)!;
  test('added or removed at the end', () => {
    expect(tailCommentsOnly(doc, `${doc}# c1\n# c2\n`, end(`${doc}# c1\n# c2\n`))).toBe(true);
    expect(tailCommentsOnly(`${doc}# c1\n`, doc, commentOnlyEdit(`${doc}# c1\n`, doc)!)).toBe(true);
    expect(tailCommentsOnly(doc, `${doc}# c1`, end(`${doc}# c1`))).toBe(true);
  });
  test('indented (it may be the text of a block scalar), blank, or above content: parsed', () => {
    expect(tailCommentsOnly(doc, `${doc}  # c1\n`, end(`${doc}  # c1\n`))).toBe(false);
    expect(tailCommentsOnly(doc, `${doc}\n# c1\n`, end(`${doc}\n# c1\n`))).toBe(false);
    const mid = 'a: 1\n# one\nb: 2\n';
    expect(tailCommentsOnly(mid, mid.replace('# one', '# two'), commentOnlyEdit(mid, mid.replace('# one', '# two'))!)).toBe(false);
  });
});

const base = exampleFiles();
// A line of VM 301's folded description that looks like a comment but is text.
const inBlock = (s: string) => base[L].replace('      portal.alderfinch.example.', `      portal.alderfinch.example.\n      # ${s}`);

const staged = stagedReport;
const fresh = freshStagedReport;

test('a comment edit of a gated file reuses every verdict of the version it edits: the same report as a fresh run', () => {
  const repo = hookedRepo(base);
  const first = staged(repo, { [L]: `${base[L]}# note 1\n` });
  expect(first.gates.length).toBeGreaterThan(3);
  const second = staged(repo, {
    [L]: `${base[L]}# note 1\n# note 2\n`.replace('# Status: authoritative', '# Status: still authoritative'),
  });
  expect(second.cached.sort()).toEqual(second.gates.map((g) => String(g.id)).sort());
  expect(second).toEqual({
    ...fresh(repo, { [L]: `${base[L]}# note 1\n# note 2\n`.replace('# Status: authoritative', '# Status: still authoritative') }),
    cached: second.cached,
  });
});

test('comments added at the end, not even parsed: every verdict reused, the same report as a fresh run', () => {
  const repo = hookedRepo(base);
  staged(repo, { [L]: `${base[L]}# note 1\n` });
  const edit = { [L]: `${base[L]}# note 1\n# note 2\n` };
  const second = staged(repo, edit);
  expect(second.cached.sort()).toEqual(second.gates.map((g) => String(g.id)).sort());
  expect(second).toEqual({ ...fresh(repo, edit), cached: second.cached });
});

test('a line that looks like a comment but is text (a block scalar) is no comment edit: the gates reading the file run', () => {
  const repo = hookedRepo(base);
  staged(repo, { [L]: inBlock('one') });
  const second = staged(repo, { [L]: inBlock('two') });
  expect(second.cached).not.toContain('D69');
  expect(second.cached).not.toContain('D140');
});

test('a file a gate reads as text is named by its own blob: a comment edit is a new key', () => {
  const config =
    'collections:\n  lifecycle_notes: { file: ops/bindings/vm.lifecycle.yaml, shape: text, pattern: "^# (note .*)$", label: "{value}" }\n' +
    'add_gates:\n  - id: D701\n    name: notes\n    description: x\n    severity: error\n    lanes: [core]\n    fix_hint: x\n' +
    '    rules:\n      - { kind: unique, id: once, source: lifecycle_notes, field: value, allow_empty: true }\n';
  const repo = hookedRepo({ ...base, [CONFIG]: config });
  expect(staged(repo, { [L]: `${base[L]}# note 1\n` }).status).toBe(0);
  const twice = staged(repo, { [L]: `${base[L]}# note 1\n# note 1\n` });
  expect(twice.status).toBe(1);
  expect(twice.cached).not.toContain('D701');
  expect(twice.cached).not.toContain('D69');
});
