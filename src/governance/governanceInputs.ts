import type { GateDef, Registry } from '../registry/registryTypes';
import type { LoadedRegistry } from '../registry/loadRegistry';
import { ruleLists, ruleRepoSchemas } from '../rules/kinds';
import { collectionSources } from '../registry/collectionFile';

/**
 * The paths whose change can weaken a gate of this registry: the configuration, the baseline, repository schema
 * files, gate modules, lists a rule reads its required fields from, and the files of collections that
 * configure gates (`strictness`). A change that touches none of them weakens nothing, so a hook pays
 * for the comparison only when one is staged.
 */
export function governanceInputs(loaded: LoadedRegistry, configPath: string): string[] {
  const { registry } = loaded;
  // The baseline too: an entry added lets a finding through (governance/baselineGrowth.ts).
  const out = new Set<string>([configPath, loaded.policy.baselineFile]);
  for (const g of registry.gates) {
    for (const s of repoSchemas(g)) out.add(s);
    for (const r of g.rules ?? []) for (const l of ruleLists(r)) out.add(filePath(registry, l.file));
  }
  for (const g of loaded.gates) if (g.module) out.add(g.module.repoPath);
  for (const c of Object.values(registry.collections))
    if (c.strictness) collectionSources(registry.files, c.file).forEach((f) => out.add(f));
  return [...out];
}

/** Repository schema files (paths, not the package's schema names) a gate's schema rules validate with. */
export function repoSchemas(g: GateDef): string[] {
  return (g.rules ?? []).flatMap(ruleRepoSchemas);
}

export function filePath(registry: Registry, key: string): string {
  return registry.files[key] ?? key;
}
