import type { GateDef, Registry } from '../registry/registryTypes';
import { ruleReads, ruleRefs } from '../rules/kinds';
import type { ModuleRef } from '../registry/LoadedGate';
import { isGlobFile } from '../registry/collectionFile';
import { isRepoSchema, repoSchemaFile } from '../rules/schema/repoSchemaFile';
import { collectionSources, readsSeveral } from '../registry/collectionFile';

export interface GateInputs {
  /** Repository-relative paths the gate reads. */
  files: string[];
  /** Glob patterns of files the gate reads (schema rules, collections over several files). */
  globs: string[];
  /**
   * The file whose existence makes the gate apply; undefined: always applies (or, where the first collection is
   * a glob, applies when some file matches it: see runGates' `skipped`).
   */
  scope?: string;
  /** A filter checks that paths named in the data exist: the snapshot's whole listing is needed. */
  listsPaths: boolean;
}

/** The collections a gate reads (its rules', or for a module gate its declared `reads`). */
export function gateCollections(gate: GateDef): string[] {
  return [...new Set(gate.module ? (gate.reads ?? []) : (gate.rules ?? []).flatMap((r) => ruleRefs(r).refs.map((x) => x.collection)))];
}

/** What a gate reads, derived from its definition alone: never a hand-kept list. */
export function gateInputs(gate: GateDef, registry: Registry, module?: ModuleRef): Readonly<GateInputs> {
  // Asked for by selection, loading and every run of the gate: worked out once per definition.
  let byRegistry = known.get(gate);
  if (!byRegistry) {
    byRegistry = new WeakMap();
    known.set(gate, byRegistry);
  }
  let byModule = byRegistry.get(registry);
  if (!byModule) {
    byModule = new Map();
    byRegistry.set(registry, byModule);
  }
  const key = module ? module.repoPath : '';
  let inputs = byModule.get(key);
  if (!inputs) {
    inputs = findInputs(gate, registry, module);
    byModule.set(key, inputs);
  }
  return inputs;
}

const known = new WeakMap<GateDef, WeakMap<Registry, Map<string, GateInputs>>>();

function findInputs(gate: GateDef, registry: Registry, module?: ModuleRef): GateInputs {
  const path = (fileKey: string) => registry.files[fileKey] ?? fileKey;
  const collections = gateCollections(gate);
  // A collection over a glob of files reads the folder the glob starts in: a new matching file is an input too.
  const sources = collections.flatMap((c) => collectionSources(registry.files, registry.collections[c].file));
  const files = sources.filter((f) => !isGlobFile(f));
  const globs: string[] = sources.filter(isGlobFile);
  for (const rule of gate.rules ?? []) {
    for (const p of ruleReads(rule)) {
      if (p.as === 'repo') files.push(path(p.value));
      else if (p.as === 'glob') globs.push(p.value);
      // A repository's JSON Schema is read from the snapshot checked, like the data it validates.
      else if (p.as === 'schema' && isRepoSchema(p.value)) files.push(repoSchemaFile(p.value));
    }
  }
  const scope =
    gate.applies === 'always'
      ? undefined
      : gate.applies_when
        ? path(gate.applies_when)
        : collections.length && !readsSeveral(collectionSources(registry.files, registry.collections[collections[0]].file))
          ? sources[0]
          : undefined;
  // A module's code is an input too: changing it re-runs the gate, and the snapshot's version runs.
  if (module) files.push(module.repoPath);
  return { files: [...new Set(files)], globs, scope, listsPaths: (gate.rules ?? []).some((r) => ruleRefs(r).listsPaths) };
}

/** The directory part of a glob before its first wildcard, to list as little as possible. */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const i = parts.findIndex((p) => /[*?[\]{}!]/.test(p));
  return parts.slice(0, i === -1 ? parts.length - 1 : i).join('/');
}
