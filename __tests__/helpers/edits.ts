import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Repo } from './gitRepo';

// Edits of fixture files, one family for every test. Each edit must change the text: an edit whose
// anchor went stale (a fixture reworded, a regex that no longer matches) throws, instead of letting the
// test run on the unchanged file and pass for the wrong reason.

/** One textual edit: the new text from the old. */
export type Edit = (text: string) => string;
export type Files = Record<string, string>;

/** `edit(text)`, asserting that it differs from `text`; `what` names the file in the error. */
export function changed(text: string, edit: Edit, what: string): string {
  const next = edit(text);
  if (next === text) throw new Error(`the edit of ${what} changed nothing`);
  return next;
}

/** A copy of `files` with `file` edited. */
export function withEdit(files: Files, file: string, edit: Edit): Files {
  if (!(file in files)) throw new Error(`cannot edit ${file}: not among the fixture's files`);
  return { ...files, [file]: changed(files[file], edit, file) };
}

/** A copy of `files` with several files edited, one edit each. */
export function withEdits(files: Files, edits: Record<string, Edit>): Files {
  return Object.entries(edits).reduce((acc, [file, edit]) => withEdit(acc, file, edit), files);
}

/** A copy of `files` without `file` (a fixture whose file was deleted). */
export function withoutFile(files: Files, file: string): Files {
  if (!(file in files)) throw new Error(`cannot delete ${file}: not among the fixture's files`);
  const rest = { ...files };
  delete rest[file];
  return rest;
}

/**
 * The `(file, from, to)` editor of a fixture table: `edit(L, 'status: active', 'status: planning')` is
 * `base` with that one replacement (`String.replace`: the first match, or every one for a /g regex).
 */
export function editsOf(base: Files): (file: string, from: string | RegExp, to: string) => Files {
  return (file, from, to) => withEdit(base, file, (t) => t.replace(from, to));
}

/** Edits `file` on disk under `root` (a folder or a repository's work tree); returns the undo. */
export function editFile(root: string | Pick<Repo, 'dir'>, file: string, edit: Edit): () => void {
  const abs = path.join(typeof root === 'string' ? root : root.dir, file);
  const before = fs.readFileSync(abs, 'utf8');
  fs.writeFileSync(abs, changed(before, edit, file));
  return () => fs.writeFileSync(abs, before);
}

/** Edits `file` in the repository's work tree and stages it (`git add`). */
export function stageEdit(repo: Repo, file: string, edit: Edit): void {
  editFile(repo, file, edit);
  repo.git(['add', file]);
}
