import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYaml, type ParsedYaml } from '../workspace/parseYaml';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { packageRoot } from '../packageRoot';
import { ConfigError } from './ConfigError';

export interface ConfigFile {
  path: string;
  /** Path shown in messages (relative to the working directory where possible). */
  display: string;
  yaml: ParsedYaml;
  data: Record<string, unknown>;
}

/** Reads a YAML configuration file and validates it against one of our meta-schemas; exit 2 on any problem. */
export function readConfigFile(file: string, schemaName: string, schemas: SchemaValidator, cwd: string, content?: string): ConfigFile {
  const display = path.relative(cwd, file).startsWith('..') ? file : path.relative(cwd, file) || file;
  let text: string;
  try {
    text = content ?? fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, display);
  }
  const yaml = parseYaml(text.replace(/^\uFEFF/, ''));
  const p = yaml.problems[0];
  if (p) throw new ConfigError(`invalid YAML: ${p.message}`, display, p.line, p.column);
  const fn = schemas.compileFile(path.join(packageRoot(), 'schemas', schemaName));
  const errors = schemas.validate(fn, yaml.data ?? {});
  if (errors.length) {
    const e = errors[0];
    const pos = yaml.pointerPosition(e.pointer);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new ConfigError(`${e.pointer || '/'} ${e.message}${more}`, display, pos.line, pos.column);
  }
  return { path: file, display, yaml, data: (yaml.data ?? {}) as Record<string, unknown> };
}
