import { posix } from 'node:path';

/**
 * Whether a schema rule's `schema` names a file of the repository (a path: `schemas/vm.json`) rather than
 * one of the package's own schemas (a bare file name, read from its `schemas/` folder).
 */
export const isRepoSchema = (schema: string): boolean => schema.includes('/');

/** A repository schema's path as the snapshot names it (`./schemas/vm.json` is `schemas/vm.json`). */
export function repoSchemaFile(schema: string): string {
  return posix.normalize(schema);
}
