import type { LoadedRegistry } from '../registry/loadRegistry';
import { ConfigError } from '../registry/ConfigError';
import { ruleForbids, type EntryValue, type FixTemplates } from '../rules/kinds';
import { safePattern } from '../records/safePattern';
import { FIX_MSG } from '../messages';
import { meant } from '../didYouMean';

/** Why a gate forbids a value (a `forbid` pattern of one of its rules), else undefined: fix never writes such a value. */
export function forbiddenBy(loaded: LoadedRegistry): (value: string) => string | undefined {
  const patterns = loaded.gates.flatMap((g) =>
    (g.def.rules ?? []).flatMap((r) =>
      ruleForbids(r).map((f) => ({
        gate: g.def.id,
        re: safePattern(f.pattern, f.ignore_case),
        what: f.what ?? `a value matching /${f.pattern}/`,
      })),
    ),
  );
  return (value) => {
    const hit = patterns.find((p) => p.re.test(value));
    return hit && FIX_MSG.forbidden(value, hit.gate, hit.what);
  };
}

/**
 * `fix_templates:` of spine-hooks.config.yaml (its shape checked by schemas/config.schema.json): each
 * collection it names must be declared, and no value may be one a gate forbids (a placeholder), else exit 2
 * at the line.
 */
export function configTemplates(loaded: LoadedRegistry): FixTemplates {
  const config = loaded.config;
  const raw = config?.data.fix_templates as Record<string, Record<string, EntryValue>> | undefined;
  if (!config || !raw) return {};
  const collections = Object.keys(loaded.registry.collections);
  const forbidden = forbiddenBy(loaded);
  for (const [collection, fields] of Object.entries(raw)) {
    if (!collections.includes(collection)) {
      const pos = config.yaml.keyPosition(['fix_templates', collection]);
      throw new ConfigError(FIX_MSG.templateUnknown(collection, meant(collection, collections)), config.display, pos?.line, pos?.column);
    }
    for (const [field, value] of Object.entries(fields)) {
      const why = typeof value === 'string' ? forbidden(value.replace(/\{[^}]*\}/g, '')) : undefined;
      if (why) {
        const pos = config.yaml.keyPosition(['fix_templates', collection, field]);
        throw new ConfigError(FIX_MSG.templateForbidden(collection, field, why), config.display, pos?.line, pos?.column);
      }
    }
  }
  return raw;
}

/** Every `{name}` some fix_templates value uses. */
export function templateVariables(templates: FixTemplates): Set<string> {
  return new Set(
    Object.values(templates).flatMap((fields) =>
      Object.values(fields).flatMap((v) => (typeof v === 'string' ? [...v.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]) : [])),
    ),
  );
}

/**
 * `--set` of the fix command, checked against what can use it: `collection.field` must name a declared
 * collection, and a plain `name` must be a `{name}` of some fix_templates value. A typo (`health_endpoint.port`)
 * would otherwise be ignored without a word; it is exit 2 instead.
 */
export function checkSets(loaded: LoadedRegistry, templates: FixTemplates, sets: Readonly<Record<string, string>>): void {
  const collections = Object.keys(loaded.registry.collections);
  const used = templateVariables(templates);
  for (const key of Object.keys(sets)) {
    const dot = key.indexOf('.');
    if (dot > 0) {
      const collection = key.slice(0, dot);
      if (!collections.includes(collection))
        throw new ConfigError(FIX_MSG.setUnknownCollection(key, collection, meant(collection, collections)));
    } else if (!used.has(key)) throw new ConfigError(FIX_MSG.setUnused(key));
  }
}
