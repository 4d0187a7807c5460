import type { Registry } from '../registry/registryTypes';
import type { RuleDef } from '../rules/RuleDef';
import { ruleIndexed, ruleReads, ruleRefs } from '../rules/kinds';
import { indexOf, select, type RuleContext, type RuleOutcome } from '../rules/context';
import { collectionSources, isGlobFile, readsSeveral } from '../registry/collectionFile';
import { sha256 } from '../cache/DiskStore';

/**
 * A rule's outcome, kept when it found nothing, by what the rule itself reads rather than by
 * everything its gate reads: its own collections' files, each by its blob id, except the files the
 * rule only looks values up in (RuleKind.indexed: an orphan's targets, a reference's places), which are
 * named by the values their index holds. A VM's description edited changes the lifecycle's blob and so
 * every gate that reads it, but no VM name: the orphan check of 10,000 SSH targets against the VMs and
 * the references of 10,000 services to them conclude what they did, without being run (the lifecycle's
 * index is built to tell, the SSH targets are not even read).
 *
 * Only outcomes without findings are kept (a finding has a position, never reused), and only where
 * every file is named by content. Kept in the process (ci: RunMemo) and on disk beside the passing
 * records (RecordCache, `.git/spine-hooks/outcomes/`, authenticated: a forged entry is a miss). Verdicts with and without what is
 * kept are identical (engine/ruleOutcomes.test.ts).
 */
export interface RuleOutcomes {
  get(key: string): KeptOutcome | undefined;
  set(key: string, outcome: KeptOutcome): void;
}

/** What is kept of an outcome without findings. */
export interface KeptOutcome {
  checked: number;
  empty?: string;
  note?: string;
}

/** Where outcomes are kept on disk (RecordCache, beside the passing records). */
export interface OutcomeStore {
  getRule(key: string): KeptOutcome | undefined;
  setRule(key: string, outcome: KeptOutcome): void;
}

/** Both: what this process kept (a ci range), then the disk. */
export function layeredOutcomes(
  memo: Map<string, KeptOutcome> | undefined,
  store: Partial<OutcomeStore> | undefined,
): RuleOutcomes | undefined {
  const disk = store?.getRule && store.setRule ? (store as OutcomeStore) : undefined;
  if (!memo && !disk) return undefined;
  return {
    get: (key) => {
      const hit = memo?.get(key) ?? disk?.getRule(key);
      if (hit && memo && !memo.has(key)) memo.set(key, hit);
      return hit;
    },
    set: (key, outcome) => {
      if (memo) {
        if (memo.size > 4096) memo.clear();
        memo.set(key, outcome);
      }
      disk?.setRule(key, outcome);
    },
  };
}

/** How the engine names one file by content (runGates' contentId: a blob id, `absent`…; `?` when it has none). */
export type ContentId = (path: string) => string;

/**
 * The rule's outcome: kept, or evaluated (and kept when it found nothing). `head` names the gate
 * (definition, severity, registry) and the rule's place in it; undefined key parts mean not kept.
 */
export function keptOutcome(
  rule: RuleDef,
  head: string,
  ctx: RuleContext,
  registry: Registry,
  contentId: ContentId,
  kept: RuleOutcomes,
  evaluate: () => RuleOutcome,
): RuleOutcome {
  const key = ruleKey(rule, head, ctx, registry, contentId);
  if (key === undefined) return evaluate();
  const hit = kept.get(key);
  if (hit)
    return {
      findings: [],
      checked: hit.checked,
      ...(hit.empty !== undefined ? { empty: hit.empty } : {}),
      ...(hit.note ? { note: hit.note } : {}),
    };
  const outcome = evaluate();
  if (outcome.findings.length === 0)
    kept.set(key, {
      checked: outcome.checked,
      ...(outcome.empty !== undefined ? { empty: outcome.empty } : {}),
      ...(outcome.note ? { note: outcome.note } : {}),
    });
  return outcome;
}

/**
 * What decides the outcome of a rule that finds nothing: `head`, each file the rule reads by content,
 * and each place it only looks values up in, when that place's file holds nothing else the rule reads,
 * by the place's file, absence and index values. Undefined: the rule has no such place, reads several
 * files through one collection, lists paths, or a file has no content id or a place cannot be read.
 */
function ruleKey(rule: RuleDef, head: string, ctx: RuleContext, registry: Registry, contentId: ContentId): string | undefined {
  const places = ruleIndexed(rule);
  const refs = ruleRefs(rule);
  if (places.length === 0 || refs.listsPaths) return undefined;
  const fileOf = (collection: string): string | undefined => {
    const sources = collectionSources(registry.files, registry.collections[collection].file);
    return readsSeveral(sources) || isGlobFile(sources[0]) ? undefined : sources[0];
  };
  // A file is named by its places' values only when every reference of the rule into it is one of them.
  const byPlace = new Map<string, number>();
  for (const p of places) byPlace.set(p.collection, (byPlace.get(p.collection) ?? 0) + 1);
  const files = new Map<string, boolean>();
  for (const r of refs.refs) {
    const f = fileOf(r.collection);
    if (f === undefined) return undefined;
    const looked = !r.join && (byPlace.get(r.collection) ?? 0) > 0;
    if (looked) byPlace.set(r.collection, byPlace.get(r.collection)! - 1);
    files.set(f, (files.get(f) ?? true) && looked);
  }
  for (const p of ruleReads(rule)) {
    if (p.as !== 'repo') return undefined;
    files.set(registry.files[p.value] ?? p.value, false);
  }
  const parts: string[] = [];
  for (const [f, looked] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (looked) continue;
    const id = contentId(f);
    if (id === '?') return undefined;
    parts.push(`${f}=${id}`);
  }
  for (const p of places) {
    const f = fileOf(p.collection)!;
    if (!files.get(f)) continue;
    const sel = select(ctx, p.collection, p.where);
    if (sel.problems.length) return undefined;
    parts.push(`${p.collection}~${sel.file}~${sel.absent}~${sha256(indexOf(ctx, p.match, sel.records).keys())}`);
  }
  return `${head}\0${parts.join('\0')}`;
}
