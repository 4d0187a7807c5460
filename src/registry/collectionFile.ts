/**
 * A collection's `file` (after a file key is resolved) is a glob when it holds a wildcard (`*`, `?`,
 * `[…]`, `{a,b}`): its records are those of every matching file, in path order (records/CollectionStore.ts).
 */
export function isGlobFile(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}
