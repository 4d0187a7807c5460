import * as v8 from 'node:v8';
import * as crypto from 'node:crypto';
import type { RuleDef } from '../rules/RuleDef';
import type { RuleContext, RuleOutcome } from '../rules/context';
import { select } from '../rules/context';
import { ruleRefs, rulePerRecord, runRule } from '../rules/kinds';
import type { Collection, CollectionStore } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import { DiskStore, sha256 } from '../cache/DiskStore';
import { buildId } from './ResultCache';

/**
 * Per-record incremental evaluation. A rule that judges each record of its source on its own
 * (RuleKind.perRecord: coverage, require) keeps, for each record that passed, the fact that it passed,
 * under a key naming everything else the rule's verdict depends on (the gate's definition and
 * severity, the registry, the rule, the blob id of every other file the gate reads, the clock where a
 * rule reads it: see gateKey in runGates.ts, with the source's file left out). The next run with the
 * same key checks only the records whose data it has not seen pass; the others add no finding, and
 * count as checked where the rule's filter selects them. A one-VM edit of a 10,000-VM lifecycle
 * re-checks one VM against the unchanged targets.
 *
 * Only passing records are kept, never a finding: what a record passes does not depend on where it
 * sits in its file, so no position is ever reused. A record is named by the SHA-256 of its data
 * (v8-serialized: NaN is not null, a number not a string). The rule runs on all records (and nothing
 * is kept) when the source cannot be read cleanly, when another collection of the rule lives in the
 * source's file, when the source is named twice (a `$join` back to it), or when the rule finds
 * something with no record at all (an unreadable target). Verdicts with and without what is kept are
 * identical (engine/recordVerdicts.test.ts); what is kept on disk is authenticated like every cache
 * (a forged entry is a miss: DiskStore).
 */
export interface RecordVerdicts {
  /** Records known to pass under `key`: record hash → 1 when the rule's filter selects it (it counts as checked). */
  get(key: string): ReadonlyMap<string, 0 | 1> | undefined;
  set(key: string, passed: ReadonlyMap<string, 0 | 1>): void;
  /** Writes what was set (once a run's gates are done). */
  flush?(): void;
}

/** How runGate asks for the key of one rule of the gate, with the source's file left out (undefined: not kept). */
export type RuleKey = (sourceFile: string, rule: number) => string | undefined;

/** Attribution by halves stops beyond this many findings: a rule failing that widely is simply checked whole. */
const MAX_ATTRIBUTED = 16;

/** The rule's outcome, checking only the records of its source not known to pass. */
export function runRuleByRecord(rule: RuleDef, index: number, ctx: RuleContext, key: RuleKey, kept: RecordVerdicts): RuleOutcome {
  const per = rulePerRecord(rule);
  if (!per) return runRule(rule, ctx);
  const c = ctx.store.get(per.source);
  // Records of several files (a glob, a list) are kept by no one file's key: checked whole.
  if (c.problems.length || c.recoverable.length || c.absent || c.several) return runRule(rule, ctx);
  const refs = ruleRefs(rule).refs;
  const elsewhere = refs.filter((r) => r.collection !== per.source);
  if (refs.length - elsewhere.length !== 1 || elsewhere.some((r) => ctx.store.get(r.collection).file === c.file)) return runRule(rule, ctx);
  const k = key(c.file, index);
  if (k === undefined) return runRule(rule, ctx);
  const over = (records: SsotRecord[]): RuleContext => ({ ...ctx, store: withRecords(ctx.store, per.source, { ...c, records }) });
  const run = (records: SsotRecord[]) => runRule(rule, over(records));
  const known = kept.get(k);
  // Findings that belong to no record (an unreadable target) come with any records, or none. They are
  // a function of the key, and nothing was kept under a key that had them.
  if (!known && run([]).findings.length) return runRule(rule, ctx);
  const ids = c.records.map(recordHash);
  let fresh = c.records;
  let checked = 0;
  if (known) {
    fresh = [];
    c.records.forEach((r, i) => {
      const flag = known.get(ids[i]);
      if (flag === undefined) fresh.push(r);
      else checked += flag;
    });
  }
  // Every record known to pass and some checked: nothing to run (not even the targets to index).
  if (known && fresh.length === 0 && checked > 0) {
    if (known.size > ids.length + stale(ids.length)) kept.set(k, present(known, ids));
    return { findings: [], checked };
  }
  const outcome = known ? run(fresh) : runRule(rule, ctx);
  checked += outcome.checked;
  // What the fresh records were found to pass, and whether the filter selects them.
  const clean = outcome.findings.length === 0 ? fresh : outcome.findings.length <= MAX_ATTRIBUTED ? passing(fresh, run) : [];
  if (!known || clean.length || known.size > ids.length - fresh.length + stale(ids.length)) {
    // Records of earlier versions may stay, a few (a record that comes back passes under the same key
    // as it did): the list is not rebuilt for every edit of a 10,000-record file.
    const passed = known && known.size <= ids.length - fresh.length + stale(ids.length) ? new Map(known) : present(known, ids);
    if (clean.length) {
      const selected = new Set(select(over(clean), per.source, per.where).records);
      for (const r of clean) passed.set(recordHash(r), selected.has(r) ? 1 : 0);
    }
    kept.set(k, passed);
  }
  return { ...outcome, checked };
}

/** How many passing records of earlier versions a list may keep beside `n` current ones. */
const stale = (n: number): number => 64 + (n >> 3);

/** Of what is known, the current records' flags only. */
function present(known: ReadonlyMap<string, 0 | 1> | undefined, ids: readonly string[]): Map<string, 0 | 1> {
  const out = new Map<string, 0 | 1>();
  if (!known) return out;
  for (const id of ids) {
    const flag = known.get(id);
    if (flag !== undefined) out.set(id, flag);
  }
  return out;
}

/** The records that pass on their own, found by halves (a rule with a few findings among many records). */
function passing(records: SsotRecord[], run: (records: SsotRecord[]) => RuleOutcome): SsotRecord[] {
  if (records.length === 0) return [];
  if (run(records).findings.length === 0) return records;
  if (records.length === 1) return [];
  const mid = records.length >> 1;
  return [...passing(records.slice(0, mid), run), ...passing(records.slice(mid), run)];
}

/** A store in which one collection holds only the given records (every other one as it is). */
function withRecords(store: CollectionStore, name: string, collection: Collection): CollectionStore {
  const view = Object.create(store) as CollectionStore;
  view.get = (n: string) => (n === name ? collection : store.get(n));
  return view;
}

const hashes = new WeakMap<object, string>();

/**
 * A record by its data: the SHA-256 of its JSON, once per record object (every rule of every gate
 * over the same collection asks). JSON writes NaN and Infinity as null: data holding one of those is
 * v8-serialized instead, which tells them apart.
 */
function recordHash(rec: SsotRecord): string {
  // By the data object: records of a file version parsed from an earlier one's (a spliced parse, see
  // workspace/spliceYaml.ts) share the objects of the items that did not change.
  let h = hashes.get(rec.data);
  if (h === undefined) {
    const json = JSON.stringify(rec.data);
    const bytes = json.includes('null') && !finite(rec.data) ? v8.serialize(rec.data) : json;
    h = sha256Hex(bytes).slice(0, 32);
    hashes.set(rec.data, h);
  }
  return h;
}

/** crypto.hash where node has it (20.12+, 21.7+: one call, about half the time of a Hash object per record). */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;
const sha256Hex = (data: string | Buffer): string =>
  oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');

/** Whether no number in the data is NaN or infinite. */
function finite(data: unknown): boolean {
  if (typeof data === 'number') return Number.isFinite(data);
  if (data === null || typeof data !== 'object') return true;
  return Object.values(data).every(finite);
}

export const RECORDS_LIMIT = 64 * 1024 * 1024;

/** A kept list: items of a record hash (32 hex digits) and its flag, joined by commas. */
const ITEM = 33;
const LIST = /^[0-9a-f]{32}[01](?:,[0-9a-f]{32}[01])*$/;

/**
 * Passing records on disk, beside the gate verdicts (`.git/spine-hooks/records/<build-id>/`): one entry
 * per gate and source file version left out (the rule keys up to `\0rule`), holding each rule's list,
 * read once and written once per run (flush). An entry names its key in full and is checked against
 * it; DiskStore authenticates it. A list that is not a list of record hashes is a miss.
 */
export class RecordCache implements RecordVerdicts {
  private readonly store: DiskStore;
  private readonly entries = new Map<string, { rules: Record<string, string>; dirty: boolean }>();

  constructor(
    commonDir: string,
    build: string,
    private readonly opts: { write?: boolean } = {},
  ) {
    this.store = new DiskStore(commonDir, ['records', build], RECORDS_LIMIT);
  }

  get(key: string): ReadonlyMap<string, 0 | 1> | undefined {
    const [group, rule] = splitKey(key);
    const list = this.entry(group).rules[rule];
    if (typeof list !== 'string') return undefined;
    const passed = new Map<string, 0 | 1>();
    if (list === '') return passed;
    // One test of the whole list (10,000 records are 340,000 characters), then fixed-width items.
    if (!LIST.test(list)) return undefined;
    for (let at = 0; at < list.length; at += ITEM + 1) passed.set(list.slice(at, at + 32), list.charCodeAt(at + 32) === 49 ? 1 : 0);
    return passed;
  }

  set(key: string, passed: ReadonlyMap<string, 0 | 1>): void {
    if (this.opts.write === false) return;
    const [group, rule] = splitKey(key);
    const e = this.entry(group);
    e.rules[rule] = [...passed].map(([h, f]) => `${h}${f}`).join(',');
    e.dirty = true;
  }

  flush(): void {
    for (const [group, e] of this.entries) {
      if (!e.dirty) continue;
      this.store.write(sha256(group), JSON.stringify({ key: group, rules: e.rules }));
      e.dirty = false;
    }
  }

  private entry(group: string): { rules: Record<string, string>; dirty: boolean } {
    let e = this.entries.get(group);
    if (!e) {
      e = { rules: Object.create(null) as Record<string, string>, dirty: false };
      const body = this.store.read(sha256(group));
      try {
        const stored = body === undefined ? undefined : (JSON.parse(body) as { key?: unknown; rules?: unknown });
        if (stored?.key === group && stored.rules && typeof stored.rules === 'object' && !Array.isArray(stored.rules)) {
          for (const [rule, list] of Object.entries(stored.rules)) if (typeof list === 'string') e.rules[rule] = list;
        }
      } catch {
        // A damaged entry is a miss.
      }
      this.entries.set(group, e);
    }
    return e;
  }
}

/** A rule key (runGates.ts: the gate's key with the source left out, then `\0rule <n>`) as its gate part and rule. */
function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('\0rule ');
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 6)];
}

/** Passing records of the repository whose git common directory is `commonDir`, when this build has an id (as ResultCache). */
export function recordCacheAt(commonDir: string | undefined, opts: { write?: boolean } = {}): RecordCache | undefined {
  const id = buildId();
  return commonDir && id ? new RecordCache(commonDir, id, opts) : undefined;
}

/** Both: what this process kept (a ci range, commit after commit), then the disk. */
export function layered(
  memo: Map<string, ReadonlyMap<string, 0 | 1>> | undefined,
  disk: RecordVerdicts | undefined,
): RecordVerdicts | undefined {
  if (!memo && !disk) return undefined;
  return {
    get: (key) => memo?.get(key) ?? disk?.get(key),
    set: (key, passed) => {
      if (memo) {
        // Keys name other files' versions: keep the map from growing with a range.
        if (memo.size > 1024) memo.clear();
        memo.set(key, passed);
      }
      disk?.set(key, passed);
    },
    flush: () => disk?.flush?.(),
  };
}
