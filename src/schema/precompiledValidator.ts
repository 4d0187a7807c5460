import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { packageRoot } from '../packageRoot';

/** A compiled validator: Ajv's own function, or its precompiled standalone twin. */
export interface ValidateFn {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The validator `npm run build` precompiled for a shipped schema (dist/validators/<name>.js), or
 * undefined. Running from TypeScript sources (ts-jest) always compiles the schemas afresh, so tests
 * never see stale validators. The bundled CLI (scripts/build-bundle.js) holds the validators
 * themselves: there, this module is replaced by one that requires each by its literal path.
 */
export function precompiledValidator(name: string): ValidateFn | undefined {
  if (__filename.endsWith('.ts')) return undefined;
  const file = path.join(packageRoot(), 'dist', 'validators', `${name}.js`);
  if (!fs.existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the validator's path is known only at run time
  const mod = require(file) as ValidateFn & { default?: ValidateFn };
  return mod.default ?? mod;
}
