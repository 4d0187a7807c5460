import { commentOnlyEdit } from '../../src/workspace/commentEdits';
import { hookedRepo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { freshStagedReport, stagedReport } from '../helpers/stagedReport';
import { L, S } from '../helpers/paths';

/**
 * Review of comment edits (src/workspace/commentEdits.ts): a warm hook that reuses the verdicts of the
 * version a file edits reports exactly what a run without caches reports, findings' lines included.
 */
const base = exampleFiles();

const staged = stagedReport;
const fresh = freshStagedReport;

test('content on the last line without a newline: no comment edit', () => {
  expect(commentOnlyEdit('a: 1\nb:', 'a: 1\nb:\n# c')).toBeUndefined();
  expect(commentOnlyEdit('a: 1\nb:\n# c', 'a: 1\nb:')).toBeUndefined();
  expect(commentOnlyEdit('a: 1\nb:\n', 'a: 1\nb:\n# c')).toBe(2);
});

test('a line with a carriage return inside holds a line after it (js-yaml breaks lines there): no comment edit', () => {
  expect(commentOnlyEdit('a: 1\n# c\rb: 2\n', 'a: 1\n# c\rb: 3\n')).toBeUndefined();
  expect(commentOnlyEdit('a: 1\r\n# c\r\n', 'a: 1\r\n# d\r\n')).toBe(1);
});

test('a line starting with # that holds a quote may close a quoted string: no comment edit', () => {
  expect(commentOnlyEdit('a: "x\n#"\n', 'a: "x\n#\n')).toBeUndefined();
  expect(commentOnlyEdit("a: 1\n# don't\n", 'a: 1\n# do\n')).toBeUndefined();
  expect(commentOnlyEdit('a: 1\n# one\n', 'a: 1\n# two\n')).toBe(1);
});

test('an empty value on the last line, without a final newline: a comment added after it moves its position', () => {
  // The file ends with an empty value and no newline: the value's position is the end of the text (D900 reports it).
  const trimmed = base[L].replace(/\n# yaml-language-server.*\n$/, '');
  const at = trimmed.lastIndexOf('    hostname: photos-home\n');
  const ended = `${trimmed.slice(0, at)}${trimmed.slice(at + '    hostname: photos-home\n'.length)}\n    hostname:`;
  const repo = hookedRepo(base);
  const first = staged(repo, { [L]: ended });
  expect(first.status).toBe(1);
  const edit = { [L]: `${ended}\n# note` };
  const warm = staged(repo, edit);
  expect({ ...warm, cached: [] }).toEqual({ ...fresh(repo, edit), cached: [] });
});

/** The last VM's description, a quoted string js-yaml reads on past a line at the first column that starts with `#`. */
const quotedTail = (tail: string) =>
  base[L].replace(/\n# yaml-language-server.*\n$/, '').replace(/(description: "Old Immich[^\n]*)"$/, `$1\n${tail}\n`);

test('a line that starts with # but closes a quoted string is no comment: an edit of it that breaks the file is reported', () => {
  const repo = hookedRepo(base);
  expect(staged(repo, { [L]: quotedTail('#"') }).status).toBe(0);
  // The string is never closed now: a YAML error, which a fresh run reports.
  const edit = { [L]: quotedTail('#') };
  const warm = staged(repo, edit);
  const cold = fresh(repo, edit);
  expect(cold.status).toBe(1);
  expect({ ...warm, cached: [] }).toEqual({ ...cold, cached: [] });
});

test('a line that starts with # but holds data: an edit of it that changes the data is checked', () => {
  const repo = hookedRepo(base);
  // The last VM's resources, a flow mapping whose quoted note runs on to a line that starts with `#`.
  const trimmed = base[L].replace(/\n# yaml-language-server.*\n$/, '\n');
  const at = trimmed.lastIndexOf('    resources:\n');
  const block = '    resources:\n      cpu_cores: 4\n      memory_mb: 8192\n      boot_disk_gb: 60\n';
  expect(trimmed.slice(at, at + block.length)).toBe(block);
  const withRes = (cores: string) =>
    `${trimmed.slice(0, at)}${trimmed.slice(at + block.length)}    resources: {note: "resized\n#", cpu_cores: ${cores}, memory_mb: 8192, boot_disk_gb: 60}\n`;
  expect(staged(repo, { [L]: withRes('4') }).status).toBe(0);
  const edit = { [L]: withRes('"four"') };
  const warm = staged(repo, edit);
  const cold = fresh(repo, edit);
  expect(cold.status).toBe(1);
  expect({ ...warm, cached: [] }).toEqual({ ...cold, cached: [] });
});

test('a verdict evaluated on a comment edit is not reused for the version it edits where it places a finding past the content', () => {
  // An empty value at the very end (newline-terminated): D900 places it at the end of the text, past the last line of content.
  const trimmed = base[L].replace(/\n# yaml-language-server.*\n$/, '');
  const at = trimmed.lastIndexOf('    hostname: photos-home\n');
  const prior = `${trimmed.slice(0, at)}${trimmed.slice(at + '    hostname: photos-home\n'.length)}\n    hostname:\n`;
  const edit = `${prior}# note\n`;
  const s1 = base[S].replace('"Proxmox VE - shop', '"Proxmox VE (edited) - shop');
  expect(s1).not.toBe(base[S]);
  const repo = hookedRepo(base);
  expect(staged(repo, { [L]: prior }).status).toBe(1);
  // The comment edit, with another file D900 reads changed: evaluated on the edit, kept under the version it edits.
  expect(staged(repo, { [L]: edit, [S]: s1 }).status).toBe(1);
  // Back to that version: a fresh run places the finding on its own last line.
  const warm = staged(repo, { [L]: prior, [S]: s1 });
  expect({ ...warm, cached: [] }).toEqual({ ...fresh(repo, { [L]: prior, [S]: s1 }), cached: [] });
});

test('a comment holding a NUL past where git looks for one is no comment edit: the YAML error is reported', () => {
  const repo = hookedRepo(base);
  expect(staged(repo, { [L]: `${base[L]}# note\n` }).status).toBe(0);
  const edit = { [L]: `${base[L]}# note\0\n` };
  const warm = staged(repo, edit);
  const cold = fresh(repo, edit);
  expect(cold.status).toBe(1);
  expect({ ...warm, cached: [] }).toEqual({ ...cold, cached: [] });
});
