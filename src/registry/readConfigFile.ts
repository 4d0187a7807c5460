import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedYaml } from '../workspace/parseYaml';
import { pointerPath } from '../workspace/pointerPath';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { packageRoot } from '../packageRoot';
import { ConfigError } from './ConfigError';
import { CONFIG_MSG } from '../messages';

export interface ConfigFile {
  path: string;
  /** Path shown in messages (relative to the working directory where possible). */
  display: string;
  /** The parsed file with positions, for error locations (parsed on first use when pre-validated). */
  readonly yaml: ParsedYaml;
  data: Record<string, unknown>;
  /** The package's own registry, unchanged since the build validated it (its patterns were compiled then). */
  prevalidated?: boolean;
}

/** Reads a YAML configuration file and validates it against one of our meta-schemas; exit 2 on any problem. */
export function readConfigFile(file: string, schemaName: string, schemas: SchemaValidator, cwd: string, content?: string): ConfigFile {
  const display = path.relative(cwd, file).startsWith('..') ? file : path.relative(cwd, file) || file;
  let text: string;
  try {
    text = content ?? fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(CONFIG_MSG.cannotRead((err as NodeJS.ErrnoException).code ?? (err as Error).message), display);
  }
  text = text.replace(/^\uFEFF/, '');
  const prevalidated = prevalidatedData(file, text);
  if (prevalidated) {
    let yaml: ParsedYaml | undefined;
    return {
      path: file,
      display,
      data: prevalidated,
      prevalidated: true,
      get yaml() {
        return (yaml ??= parseYaml(text));
      },
    };
  }
  const yaml = parseYaml(text);
  const p = yaml.problems[0];
  if (p) throw new ConfigError(CONFIG_MSG.invalidYaml(p.message), display, p.line, p.column);
  const fn = schemas.compileFile(path.join(packageRoot(), 'schemas', schemaName));
  const errors = schemas.validate(fn, yaml.data ?? {});
  if (errors.length) {
    const e = errors[0];
    // At the key where the pointer names one (`severity:`), else at the value.
    const pos = yaml.keyPosition(pointerPath(e.pointer)) ?? yaml.pointerPosition(e.pointer);
    throw new ConfigError(CONFIG_MSG.schemaError(e.pointer, e.message, errors.length - 1), display, pos.line, pos.column);
  }
  return { path: file, display, yaml, data: (yaml.data ?? {}) as Record<string, unknown> };
}

/**
 * The package's own registry, parsed and validated at build time (dist/registry.json, made by
 * scripts/build-registry.js): used only while its hash matches the YAML on disk, so an edited
 * registry is always parsed and validated afresh.
 */
function parseYaml(text: string): ParsedYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand: with the prevalidated registry and no config file, no YAML is parsed at all
  return (require('../workspace/parseYaml') as typeof import('../workspace/parseYaml')).parseYaml(text);
}

function prevalidatedData(file: string, text: string): Record<string, unknown> | undefined {
  if (path.resolve(file) !== path.join(packageRoot(), 'bindings', 'gate.registry.yaml')) return undefined;
  const built = builtRegistry();
  return built && built.sha256 === crypto.createHash('sha256').update(text).digest('hex') ? built.data : undefined;
}

/** dist/registry.json: the YAML's hash and its data. */
interface BuiltRegistry {
  sha256: string;
  data: Record<string, unknown>;
}

let built: BuiltRegistry | null | undefined;

/** dist/registry.json, read once per process (null when absent, or when running from sources). */
export function builtRegistry(): BuiltRegistry | null {
  if (built !== undefined) return built;
  if (__filename.endsWith('.ts')) return (built = null); // running from sources (ts-jest): no build artefacts
  try {
    return (built = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'dist', 'registry.json'), 'utf8')) as NonNullable<typeof built>);
  } catch {
    return (built = null);
  }
}
