import { isDeepStrictEqual } from 'node:util';
import picomatch from 'picomatch';
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';

export type IncludeEdit =
  | { kind: 'present' }
  | { kind: 'added'; text: string; line: string }
  /** The file is left alone; `why` says what kept init from editing it. */
  | { kind: 'by-hand'; why: string };

/**
 * Adds `- local: <file>` to the include: list of a .gitlab-ci.yml's text, as a text edit that keeps
 * everything else byte for byte (comments, quoting, anchors, key order). Only two shapes are edited:
 * no include: key yet (one is appended at the end), and include: as a block list (an item is added
 * after its last one). The result is parsed again and must mean exactly the original plus that
 * entry; anything else is left to the user.
 */
export function addGitlabInclude(text: string, file: string): IncludeEdit {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { kind: 'by-hand', why: 'it does not parse as YAML' };
  if (docs.some((d) => d.errors.length > 0)) return { kind: 'by-hand', why: 'it does not parse as YAML' };
  // The jobs live in the last document (a first one may be a `spec:` header).
  const doc = docs.at(-1);
  const root = doc?.contents ?? null;
  if (root !== null && (!isMap(root) || root.flow)) return { kind: 'by-hand', why: 'its top level is not a block map' };
  const before = root ? (doc!.toJS() as Record<string, unknown>) : {};
  if (includes(before.include, file)) return { kind: 'present' };

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = `- local: ${file}`;
  let edited: string;
  const node = root?.get('include', true);
  if (!root || !root.has('include')) {
    const sep = text === '' ? '' : text.endsWith('\n') ? eol : `${eol}${eol}`;
    edited = `${text}${sep}include:${eol}  ${line}${eol}`;
  } else if (isSeq(node) && !node.flow && node.items.length > 0 && node.range && (node.items.at(-1) as { range?: number[] }).range) {
    // The items' indentation is the first dash's column; the new item goes after the last item's line.
    const dash = node.range[0];
    const indent = text.slice(text.lastIndexOf('\n', dash - 1) + 1, dash);
    if (!/^ *$/.test(indent)) return { kind: 'by-hand', why: 'its include: list is not laid out one item per line' };
    const lastEnd = (node.items.at(-1) as { range: number[] }).range[1];
    let end = lastEnd;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    const nl = text.indexOf('\n', end);
    const at = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
    edited = `${text.slice(0, at)}${eol}${indent}${line}${text.slice(at)}`;
  } else {
    return { kind: 'by-hand', why: 'its include: is not a block list' };
  }
  return verify(docs, edited, before, file)
    ? { kind: 'added', text: edited, line }
    : { kind: 'by-hand', why: 'an added include: entry would change more than that' };
}

/** The edited text means the original plus one include entry, and nothing else changed. */
function verify(docs: Document.Parsed[], edited: string, before: Record<string, unknown>, file: string): boolean {
  const after = parseAllDocuments(edited);
  if (!Array.isArray(after) || after.some((d) => d.errors.length > 0)) return false;
  if (after.length !== Math.max(docs.length, 1)) return false;
  for (let i = 0; i < docs.length - 1; i++) if (!isDeepStrictEqual(docs[i].toJS(), after[i].toJS())) return false;
  const old = before.include === undefined ? [] : (before.include as unknown[]);
  return isDeepStrictEqual(after.at(-1)!.toJS(), { ...before, include: [...old, { local: file }] });
}

/** Whether an include: value already brings in `file` (a string, `local:`, or a `local:` glob). */
function includes(value: unknown, file: string): boolean {
  const norm = (p: string) => p.replace(/^\.?\//, '');
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return entries.some((e) => {
    const p =
      typeof e === 'string'
        ? e
        : e && typeof e === 'object' && typeof (e as { local?: unknown }).local === 'string'
          ? (e as { local: string }).local
          : undefined;
    if (p === undefined || /^https?:/.test(p)) return false;
    return norm(p) === norm(file) || picomatch(norm(p), { dot: true })(norm(file));
  });
}
