import * as path from 'node:path';
import type { Registry } from '../registry/registryTypes';
import { packageRoot } from '../packageRoot';
import { ruleValidates } from '../rules/kinds';

export interface SchemaEntry {
  /** A repository path (or glob) of a YAML file. */
  file: string;
  /** The schema's file name in the package, or its repository path for a repository's own schema. */
  schema: string;
  /** Where the schema is: absolute for the package's, repository-relative for the repository's. */
  schemaPath: string;
}

/**
 * Which YAML file each JSON Schema describes, from the schema rules of the registry's gates (so
 * remapped `files` and a configuration's own schema rules are followed), plus the configuration file.
 */
export function schemaEntries(registry: Registry, configFile: string): SchemaEntry[] {
  const out: SchemaEntry[] = [];
  const seen = new Set<string>();
  const add = (file: string, schema: string) => {
    const key = `${file}\0${schema}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ file, schema, schemaPath: schema.includes('/') ? schema : path.join(packageRoot(), 'schemas', schema) });
  };
  for (const g of registry.gates) {
    for (const r of g.rules ?? []) {
      for (const f of ruleValidates(r)) {
        const file = f.file ? (registry.files[f.file] ?? f.file) : f.glob;
        if (file) add(file, f.schema);
      }
    }
  }
  add(configFile, 'config.schema.json');
  return out;
}

/**
 * The `yaml.schemas` setting of yaml-language-server: schema → the files it applies to. A schema is
 * named relative to the workspace folder (`./node_modules/spine-hooks/schemas/…`) where it is inside
 * it, else by absolute path.
 */
export function yamlSchemas(entries: readonly SchemaEntry[], workspace: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of entries) {
    const rel = path.relative(workspace, path.resolve(workspace, e.schemaPath));
    const key = rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(workspace, e.schemaPath) : `./${rel.split(path.sep).join('/')}`;
    (out[key] ??= []).push(e.file);
  }
  return out;
}
