import type { PathChange } from './parseNameStatus';

/** An index entry as a raw diff's new side shows it. */
export interface IndexEntry {
  mode: string;
  sha: string;
}

/** What `git diff --cached --raw` says about the index against a commit. */
export interface StagedDiff {
  /** The changes, as `--name-status` lists them. */
  changes: PathChange[];
  /** The index's entry for every path the diff touches: null where the index holds none (deleted, renamed away). */
  entries: Map<string, IndexEntry | null>;
  /** Paths with unresolved merge conflicts. */
  unmerged: Set<string>;
}

/**
 * Parses `git diff --raw -z --no-abbrev` output: `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0`,
 * with a second path after a rename or copy. Every path the diff does not touch is as in the commit.
 */
export function parseRawDiff(out: string): StagedDiff {
  const tokens = out.split('\0');
  const changes: PathChange[] = [];
  const entries = new Map<string, IndexEntry | null>();
  const unmerged = new Set<string>();
  for (let i = 0; i < tokens.length;) {
    const meta = tokens[i].replace(/^\n/, '');
    if (!meta) {
      i++;
      continue;
    }
    const [, , mode, , sha, status] = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(meta) ?? [];
    if (!status) throw new Error(`unexpected git diff output near ${JSON.stringify(meta.slice(0, 60))}`);
    const kind = status as PathChange['status'];
    const found = /^0+$/.test(sha) ? null : { mode, sha };
    if (kind === 'R' || kind === 'C') {
      const [from, to] = [tokens[i + 1], tokens[i + 2]];
      changes.push({ status: kind, from, path: to });
      if (kind === 'R') entries.set(from, null);
      entries.set(to, found);
      i += 3;
    } else {
      const p = tokens[i + 1];
      changes.push({ status: kind, path: p });
      if (kind === 'U') unmerged.add(p);
      else entries.set(p, kind === 'D' ? null : found);
      i += 2;
    }
  }
  return { changes, entries, unmerged };
}
