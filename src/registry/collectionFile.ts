/**
 * A collection's `file` (after a file key is resolved) is a glob when it holds a wildcard (`*`, `?`,
 * `[…]`, `{a,b}`): its records are those of every matching file, in path order (records/CollectionStore.ts).
 */
export function isGlobFile(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}

/** What a collection's `file` names, file keys resolved: one path, a glob, or a list of either. */
export function collectionSources(files: Readonly<Record<string, string>>, file: string | readonly string[]): string[] {
  return (typeof file === 'string' ? [file] : [...file]).map((k) => files[k] ?? k);
}

/** Whether a collection reads several files (a glob, or a list): records then come from each, each at its file. */
export function readsSeveral(sources: readonly string[]): boolean {
  return sources.length !== 1 || isGlobFile(sources[0]);
}
