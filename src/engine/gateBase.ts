import type { GateDef, Registry } from '../registry/registryTypes';
import type { Snapshot } from '../workspace/Snapshot';
import { Workspace, type FileMemo } from '../workspace/Workspace';
import { CollectionStore, type CollectionMemo } from '../records/CollectionStore';
import type { Clock } from '../records/time';
import { ruleReads, ruleReadsBase, ruleRefs } from '../rules/kinds';
import { whereEnv, type BaseView } from '../rules/context';
import { isGlobFile } from '../registry/collectionFile';
import { globBase } from './gateInputs';
import { collectionSources } from '../registry/collectionFile';

/**
 * What rules that compare with the commit's base (RuleKind.readsBase) are given. The caller says what the
 * base is: the hooks and `ci` the first parent of the commit (an empty snapshot for a root commit), `--all`
 * HEAD; or why there is none. It is asked only when a selected gate has such a rule.
 */
export type BaseSource = { snapshot: Snapshot; label: string } | { unavailable: string };

/** The base as the engine holds it: the files the base-reading rules read, loaded; or why there is none. */
export type EngineBase = { label: string; workspace: Workspace } | { unavailable: string };

/** Whether a gate has a rule that compares with the base. */
export function gateReadsBase(def: GateDef): boolean {
  return (def.rules ?? []).some(ruleReadsBase);
}

/** The paths a gate's base-reading rules read in the base (their collections' files), and whether they list paths. */
export function baseFiles(def: GateDef, registry: Registry): { files: string[]; globs: string[]; listsPaths: boolean } {
  const path = (key: string) => registry.files[key] ?? key;
  const files = new Set<string>();
  const globs = new Set<string>();
  let listsPaths = false;
  for (const rule of (def.rules ?? []).filter(ruleReadsBase)) {
    const refs = ruleRefs(rule);
    // A collection over a glob: the base's files matching it (its folder is listed there too).
    for (const r of refs.refs)
      for (const f of collectionSources(registry.files, registry.collections[r.collection].file)) (isGlobFile(f) ? globs : files).add(f);
    for (const p of ruleReads(rule)) if (p.as === 'repo') files.add(path(p.value));
    listsPaths ||= refs.listsPaths;
  }
  return { files: [...files].sort(), globs: [...globs].sort(), listsPaths };
}

/**
 * The base, loaded for the gates that read it: nothing is asked of git, and nothing loaded, when no gate
 * does. Files come through the run's memo (a commit of a range is the next one's base, parsed once), but
 * loading the base lets nothing go: the head's snapshot, loaded after it, settles the memo.
 */
export async function loadBase(
  gates: readonly GateDef[],
  registry: Registry,
  source: (() => Promise<BaseSource>) | undefined,
  memo?: FileMemo,
): Promise<EngineBase | undefined> {
  const reading = gates.filter(gateReadsBase).map((g) => baseFiles(g, registry));
  if (reading.length === 0 || !source) return undefined;
  const src = await source();
  if ('unavailable' in src) return src;
  const files = [...new Set(reading.flatMap((r) => r.files))];
  const keep: FileMemo | undefined = memo && {
    file: (p, id, make) => memo.file(p, id, make),
    has: memo.has && ((p, id) => memo.has!(p, id)),
    settle: () => undefined,
  };
  const workspace = await Workspace.load(
    src.snapshot,
    files,
    [...new Set(reading.flatMap((r) => r.globs.map(globBase)))],
    reading.some((r) => r.listsPaths),
    keep,
  );
  return { label: src.label, workspace };
}

/** What rules see of the base: its collections (read with the head's definitions) and the filters' environment there. */
export function baseView(
  base: EngineBase | undefined,
  registry: Registry,
  clock: Clock | undefined,
  memo?: CollectionMemo,
): BaseView | undefined {
  if (!base) return undefined;
  if ('unavailable' in base) return base;
  const store = new CollectionStore(base.workspace, registry, memo);
  return { label: base.label, store, env: whereEnv(store, clock, (p) => base.workspace.pathKind(p)) };
}

/**
 * The part of a gate's result key the base decides: how findings name it and each file read there (by
 * content id, or for this process by its memo number), or why there is none. Empty for a gate that does
 * not read the base: its key is what it was.
 */
export function baseKey(
  def: GateDef,
  registry: Registry,
  base: EngineBase | undefined,
  id: { content: (ws: Workspace, path: string) => string; local?: (ws: Workspace, path: string) => string },
): { content: string; local: string } {
  if (!gateReadsBase(def)) return { content: '', local: '' };
  if (!base) return { content: 'base:none', local: 'base:none' };
  if ('unavailable' in base) return { content: `base!${base.unavailable}`, local: `base!${base.unavailable}` };
  const read = baseFiles(def, registry);
  const ws = base.workspace;
  const files = read.globs.length ? [...new Set([...read.files, ...ws.listed()])].sort() : read.files;
  const part = (of: (ws: Workspace, path: string) => string) => `base:${base.label}:${files.map((f) => `${f}=${of(ws, f)}`).join(',')}`;
  return { content: part(id.content), local: id.local ? part(id.local) : '' };
}
