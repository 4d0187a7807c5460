import { isUtf8 } from 'node:buffer';
import type { ParseCache, SameAs, Snapshot } from './Snapshot';
import type { SourceFile } from './SourceFile';

/**
 * A YAML file whose edit changed only comments (a line that is blank or a comment in both versions,
 * lines of that kind added or removed at the end) parses to the same data, with every node where it
 * was: whatever a gate concludes from its data and positions, it concluded of the version it edits. The
 * engine then names the file, in the keys of kept verdicts, by that version's content id (runGates'
 * contentId: only for files no gate reads as text, Markdown or front matter), so a commit that adds a
 * comment to a gated file reuses every verdict instead of evaluating its gates again.
 *
 * Lines are compared as written, but a line that looks like a comment may be text (inside a block
 * scalar or a quoted string spanning lines): the new version is parsed and its data must equal the
 * other version's, clean (no duplicate key) and both plain UTF-8, or nothing is reused. Positions past
 * the last line that holds anything but a comment (an empty value at the very end) may move with lines
 * added there: a kept finding placed there is not reused (`contentEnd`).
 */

/** The last line holding more than a comment, when `next` differs from `prior` only in comment lines; undefined otherwise. */
export function commentOnlyEdit(prior: string, next: string): number | undefined {
  if (prior === next) return undefined;
  const a = prior.split('\n');
  const b = next.split('\n');
  const n = Math.min(a.length, b.length);
  let end = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) {
      if (!quiet(a[i])) end = i + 1;
    } else if (!quiet(a[i]) || !quiet(b[i])) return undefined;
  }
  for (const rest of [a, b]) for (let i = n; i < rest.length; i++) if (!quiet(rest[i])) return undefined;
  // Content on a version's last line, without a newline after it: an empty value there is placed at the
  // end of the text, on that line or past the comments added after it (a position contentEnd cannot tell).
  if (end === a.length || end === b.length) return undefined;
  return end;
}

/**
 * Whether every line that differs lies past the last line of content (`end`) and starts with `#` in
 * each version that has it: comments added or removed at the end, at the first column. Of a document
 * whose root is a map or a list, such a line is a comment whatever came before it: a block scalar ends
 * at a line less indented than its text, and a quoted scalar or flow collection that parses is closed
 * before the end (the lines past it hold no quote: see `quiet`). So the data is the other version's,
 * without parsing the new one.
 */
export function tailCommentsOnly(prior: string, next: string, end: number): boolean {
  const lines = (t: string) => {
    const l = t.split('\n');
    if (l[l.length - 1] === '') l.pop();
    return l;
  };
  const a = lines(prior);
  const b = lines(next);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (i < end) return false;
    for (const l of [a[i], b[i]]) if (l !== undefined && !l.startsWith('#')) return false;
  }
  return true;
}

/**
 * A line that holds nothing but white space and perhaps a comment (a YAML comment starts a line's content
 * with `#`), with no quote: a line starting with `#` may be the text of a quoted string (js-yaml reads one
 * on at any indentation), which a quote on it closes, with data after it (`#", cpu_cores: 4}`); and no
 * carriage return but at its end (js-yaml breaks a line there too: `# c\rkey: 1` holds a key); no NUL
 * (js-yaml refuses the text, and `plain` looks for one only where git does).
 */
const quiet = (line: string): boolean => /^[ \t]*(#[^"'\r\0]*)?\r?$/.test(line);

/** Plain UTF-8 bytes: no BOM, no NUL where git looks, valid throughout (so no position of a byte that is not UTF-8 can move). */
const plain = (b: Buffer): boolean => !(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) && !b.subarray(0, 8000).includes(0) && isUtf8(b);

/**
 * For each loaded path of an index snapshot that differs from the version it edits only by comments,
 * the version whose verdicts hold for it (SourceFile.sameAs): from an earlier run (kept by content id,
 * authenticated like every cache entry), or found now by comparing with HEAD's or the last parsed
 * version and parsing the new one. A file no gate reads as YAML is marked too; the engine decides.
 */
export async function noteCommentEdits(
  snapshot: Snapshot,
  paths: readonly string[],
  loaded: Map<string, Buffer | undefined>,
  file: (path: string) => SourceFile,
): Promise<void> {
  const cache = snapshot.parseCache;
  if (!snapshot.edits || !snapshot.prior || !cache?.sameAs || !cache.setSameAs || !cache.noteLatest) return;
  const edited = await snapshot.edits(paths);
  for (const p of edited) {
    const bytes = loaded.get(p);
    const id = snapshot.idOf?.(p);
    if (!bytes || !id || !/\.ya?ml$/i.test(p)) continue;
    const f = file(p);
    const kept = cache.sameAs(id);
    if (kept) {
      f.sameAs = kept;
      continue;
    }
    const found = await compare(snapshot, cache, p, bytes, f);
    if (found) {
      f.sameAs = found;
      cache.setSameAs(id, found);
    }
  }
}

async function compare(snapshot: Snapshot, cache: ParseCache, p: string, bytes: Buffer, f: SourceFile): Promise<SameAs | undefined> {
  if (!plain(bytes)) return noted(cache, p, f);
  const text = bytes.toString('latin1');
  // HEAD's version (a commit's first edit), else the one parsed last (an earlier staged edit, amended again).
  let tried: string | undefined;
  for (const latest of [false, true]) {
    const prior = await snapshot.prior!(p, latest);
    if (!prior || prior.id === tried || !plain(prior.bytes)) continue;
    tried = prior.id;
    const end = commentOnlyEdit(prior.bytes.toString('latin1'), text);
    if (end === undefined) continue;
    const before = cache.get(prior.id, prior.bytes);
    if (before === undefined) continue;
    const parsed = !(before !== null && typeof before === 'object' && tailCommentsOnly(prior.bytes.toString('latin1'), text, end));
    if (parsed) {
      const y = f.yaml();
      if (y.problems.length || JSON.stringify(y.data) !== JSON.stringify(before)) break;
    }
    const chain = cache.sameAs!(prior.id);
    if (chain && chain.contentEnd !== end) break;
    return { id: chain?.id ?? prior.id, contentEnd: end };
  }
  return noted(cache, p, f);
}

/** The file's version is the one the next edit of it is compared with (when its parse is cached by then). */
function noted(cache: ParseCache, p: string, f: SourceFile): undefined {
  if (f.id) cache.noteLatest!(p, f.id);
  return undefined;
}
