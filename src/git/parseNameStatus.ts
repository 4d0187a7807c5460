export interface PathChange {
  status: 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U' | 'X';
  path: string;
  /** The source path of a rename or copy. */
  from?: string;
}

/** Parses `git diff --name-status -z` output: `M\0path\0`, `R100\0old\0new\0`, `C75\0src\0dst\0`. */
export function parseNameStatus(out: string): PathChange[] {
  const tokens = out.split('\0');
  const changes: PathChange[] = [];
  for (let i = 0; i < tokens.length;) {
    const status = tokens[i].replace(/^\n/, '');
    if (!status) {
      i++;
      continue;
    }
    const kind = status[0] as PathChange['status'];
    if (kind === 'R' || kind === 'C') {
      changes.push({ status: kind, from: tokens[i + 1], path: tokens[i + 2] });
      i += 3;
    } else {
      changes.push({ status: kind, path: tokens[i + 1] });
      i += 2;
    }
  }
  return changes;
}

/**
 * Every path a change touches: both sides of a rename (the old path is gone), the new side of a copy
 * (its source is unchanged).
 */
export function touchedPaths(changes: readonly PathChange[]): string[] {
  const out = new Set<string>();
  for (const c of changes) {
    out.add(c.path);
    if (c.status === 'R' && c.from) out.add(c.from);
  }
  return [...out];
}
