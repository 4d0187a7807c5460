import * as v8 from 'node:v8';
import * as crypto from 'node:crypto';
import type { RuleDef } from '../rules/RuleDef';
import type { RuleContext, RuleOutcome } from '../rules/context';
import { select } from '../rules/context';
import { ruleReads, ruleRefs, rulePerRecord, runRule } from '../rules/kinds';
import type { Collection, CollectionStore } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import type { JoinSpec } from '../records/compileWhere';
import { collectionSources } from '../registry/collectionFile';
import { DiskStore, sha256 } from '../cache/DiskStore';
import { buildId } from './ResultCache';
import type { KeptOutcome } from './ruleOutcomes';

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
  get(key: string): KnownRecords | undefined;
  /** The records known to pass under `key` become exactly these. */
  set(key: string, passed: ReadonlyMap<string, 0 | 1>): void;
  /** These pass under `key` too (what was known stays known): a 10,000-record list is not rebuilt for one record. */
  add(key: string, more: ReadonlyMap<string, 0 | 1>): void;
  /** Writes what was set (once a run's gates are done). */
  flush?(): void;
}

/** Records known to pass: a record hash's flag (1: the rule's filter selects it), or undefined when not known. */
export interface KnownRecords {
  get(id: string): 0 | 1 | undefined;
  /** The same, by the record's number in this process (recordNumbers), where the holder is indexed by it. */
  byNumber?(n: number): 0 | 1 | undefined;
  /** How many records are known. */
  readonly size: number;
  forEach(fn: (flag: 0 | 1, id: string) => void): void;
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
  const joins = sameFileJoins(rule, per.source, c.file, ctx);
  if (joins === undefined || readsSourceFile(rule, c.file, ctx)) return runRule(rule, ctx);
  const gate = key(c.file, index);
  if (gate === undefined) return runRule(rule, ctx);
  // The source's file is left out of the key, but its defaults block speaks for every record that writes
  // no value of its own (a record's hash is of its own data): the key names the block by its content.
  const defaults = c.fileDefaults ? `\0defaults ${dataHash(c.fileDefaults)}` : '';
  const k = `${joins.length ? `${gate}\0joins ${joins.join(',')}` : gate}${defaults}`;
  const over = (records: SsotRecord[]): RuleContext => ({ ...ctx, store: withRecords(ctx.store, per.source, { ...c, records }) });
  const run = (records: SsotRecord[]) => runRule(rule, over(records));
  const known = kept.get(k);
  // Findings that belong to no record (an unreadable target) come with any records, or none. They are
  // a function of the key, and nothing was kept under a key that had them.
  if (!known && run([]).findings.length) return runRule(rule, ctx);
  const ids = recordHashes(c.records);
  let fresh = c.records;
  let checked = 0;
  if (known) {
    fresh = [];
    // Looked up by number where the holder is indexed by it (a ci range's lists: 10,000 records a rule a commit).
    const nums = known.byNumber ? recordNumbers(c.records, ids) : undefined;
    c.records.forEach((r, i) => {
      const flag = nums ? known.byNumber!(nums[i]) : known.get(ids[i]);
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
  const passed = new Map<string, 0 | 1>();
  if (clean.length) {
    const selected = new Set(select(over(clean), per.source, per.where).records);
    for (const r of clean) passed.set(recordHash(r), selected.has(r) ? 1 : 0);
  }
  // Records of earlier versions may stay, a few (a record that comes back passes under the same key
  // as it did): the list is not rebuilt for every edit of a 10,000-record file, only added to.
  if (!known) kept.set(k, passed);
  else if (known.size > ids.length - fresh.length + stale(ids.length)) {
    const now = present(known, ids);
    for (const [id, flag] of passed) now.set(id, flag);
    kept.set(k, now);
  } else if (passed.size) kept.add(k, passed);
  return { ...outcome, checked };
}

/**
 * What the rule reads of the source's file besides each record on its own: nothing (the source is named
 * once, no other collection of the rule lives in its file), or `$join`s into that file, each named by
 * the values its index holds (a join decides by them alone: a D141 leftover rule excusing a retired
 * VM whose name a live VM took keeps its verdicts while no live VM's name changes). Undefined: the rule
 * reads the file otherwise (another target there, the source named again outside a join), or a join
 * there cannot be read: checked whole.
 */
function sameFileJoins(rule: RuleDef, source: string, file: string, ctx: RuleContext): string[] | undefined {
  const refs = ruleRefs(rule).refs;
  let named = 0;
  const out: string[] = [];
  const { registry } = ctx.store;
  for (const r of refs) {
    if (!r.join && r.collection === source) {
      named++;
      continue;
    }
    // Where the collection lives, from the registry: the rule's other collections are not loaded to be told apart.
    const def = registry.collections[r.collection];
    const files = def ? collectionSources(registry.files, def.file) : [];
    if (!files.includes(file)) continue;
    const c = ctx.store.get(r.collection);
    if (c.file === file) {
      const spec = r.join ? joinAt(rule, r.pointer) : undefined;
      if (!spec || !ctx.env.joinKeys || c.problems.length || c.several) return undefined;
      out.push(`${r.pointer}=${sha256(`${c.file}\0${c.absent}\0${ctx.env.joinKeys(spec)}`)}`);
    }
  }
  return named === 1 ? out : undefined;
}

/** The `$join` spec a join reference points at (its pointer ends `/$join/collection`), as the rule holds it. */
function joinAt(rule: RuleDef, pointer: string): JoinSpec | undefined {
  const parts = pointer.split('/').slice(1, -1);
  let cur: unknown = rule;
  for (const p of parts) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur !== null && typeof cur === 'object' && typeof (cur as { collection?: unknown }).collection === 'string'
    ? (cur as JoinSpec)
    : undefined;
}

/** How many passing records of earlier versions a list may keep beside `n` current ones. */
const stale = (n: number): number => 64 + (n >> 3);

/** Of what is known, the current records' flags only. */
function present(known: KnownRecords, ids: readonly string[]): Map<string, 0 | 1> {
  const out = new Map<string, 0 | 1>();
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
const listHashes = new WeakMap<readonly SsotRecord[], string[]>();

/** The hashes of a collection's records, once per record list (every per-record rule over the collection asks). */
function recordHashes(records: readonly SsotRecord[]): string[] {
  let ids = listHashes.get(records);
  if (!ids) {
    ids = records.map(recordHash);
    listHashes.set(records, ids);
  }
  return ids;
}

/**
 * A record by its data: the SHA-256 of its JSON, once per record object (every rule of every gate
 * over the same collection asks). JSON writes NaN and Infinity as null: data holding one of those is
 * v8-serialized instead, which tells them apart.
 */
function recordHash(rec: SsotRecord): string {
  // By the data object: records of a file version parsed from an earlier one's (a spliced parse, see
  // workspace/spliceYaml.ts) share the objects of the items that did not change.
  return dataHash(rec.data);
}

/** Record hashes as small numbers, each hash its own for the life of the process (KnownList's index). */
const numbers = new Map<string, number>();
const names: string[] = [];
const listNumbers = new WeakMap<readonly SsotRecord[], Int32Array>();

function numberOf(id: string): number {
  let n = numbers.get(id);
  if (n === undefined) {
    n = names.push(id) - 1;
    numbers.set(id, n);
  }
  return n;
}

/** The numbers of a record list's hashes (`ids`), once per list. */
function recordNumbers(records: readonly SsotRecord[], ids: readonly string[]): Int32Array {
  let nums = listNumbers.get(records);
  if (!nums) {
    nums = Int32Array.from(ids, numberOf);
    listNumbers.set(records, nums);
  }
  return nums;
}

/**
 * Records known to pass under one key, in this process (RunMemo across a ci range): a flag per record
 * number (0 not known, 1 passes, 2 passes selected), so a rule over 10,000 records asks an array, not a map.
 */
export class KnownList implements KnownRecords {
  private flags = new Uint8Array(0);
  size = 0;

  static of(passed: ReadonlyMap<string, 0 | 1>): KnownList {
    const k = new KnownList();
    for (const [id, flag] of passed) k.set(id, flag);
    return k;
  }

  get(id: string): 0 | 1 | undefined {
    const n = numbers.get(id);
    return n === undefined ? undefined : this.byNumber(n);
  }

  byNumber(n: number): 0 | 1 | undefined {
    const f = n < this.flags.length ? this.flags[n] : 0;
    return f === 0 ? undefined : f === 2 ? 1 : 0;
  }

  set(id: string, flag: 0 | 1): void {
    const n = numberOf(id);
    if (n >= this.flags.length) {
      const grown = new Uint8Array(Math.max(n + 1, this.flags.length * 2, 1024));
      grown.set(this.flags);
      this.flags = grown;
    }
    if (this.flags[n] === 0) this.size++;
    this.flags[n] = flag + 1;
  }

  forEach(fn: (flag: 0 | 1, id: string) => void): void {
    for (let n = 0; n < this.flags.length; n++) if (this.flags[n]) fn(this.flags[n] === 2 ? 1 : 0, names[n]);
  }
}

/** A map's data by content, once per object: see recordHash. */
function dataHash(data: object): string {
  let h = hashes.get(data);
  if (h === undefined) {
    const json = JSON.stringify(data);
    const bytes = json.includes('null') && !finite(data) ? v8.serialize(data) : json;
    h = sha256Hex(bytes).slice(0, 32);
    hashes.set(data, h);
  }
  return h;
}

/**
 * Whether the rule reads the source's own file otherwise than through its records (`when.file`, a field's
 * `from.file`, `$data`): the key leaves that file out, so such a rule is checked whole.
 */
function readsSourceFile(rule: RuleDef, file: string, ctx: RuleContext): boolean {
  const { files } = ctx.store.registry;
  return ruleReads(rule).some((p) => (Object.prototype.hasOwnProperty.call(files, p.value) ? files[p.value] : p.value) === file);
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

/** A record hash: 32 hex digits. */
const ID = 32;
/**
 * Kept ids are 32 hex digits each, one after the other (anything else in them: not a list); a rule's flags,
 * one per id: `-` not known, `0` or `1` known to pass with that flag.
 */
const NOT_HEX = /[^0-9a-f]/;
const FLAGS = /^[-01]*$/;
/** The characters of flags 0, 1 and 2 (`-`, `0`, `1`). */
const FLAG_CHARS = [45, 48, 49];

/** One gate's passing records for one source left out: the records (by hash) any of its rules knows, and each rule's flags over them. */
interface Group {
  ids: string[];
  at: Map<string, number>;
  rules: Map<string, RuleFlags>;
  dirty: boolean;
  /** Records added (RecordVerdicts.add) since it was read: a few are not worth writing 10,000 hashes again. */
  added: number;
  /** `ids` and `at` are shared with other groups read with the same list (copied before they change). */
  shared?: boolean;
}

/** A stored list of `n` record hashes as its ids and their places. */
function readIds(ids: string, n: number): { ids: string[]; at: Map<string, number> } {
  const out: string[] = new Array<string>(n);
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = ids.slice(i * ID, (i + 1) * ID);
    out[i] = id;
    at.set(id, i);
  }
  return { ids: out, at };
}

/**
 * A group a run only added to is written when the run added this many records (over all its rules): a
 * one-VM hook adds one per rule, and the next run re-checks the few records edited since the list was
 * written rather than this one rewriting 10,000 hashes for them.
 */
const ADDED_WORTH_WRITING = 64;

/** A rule's flags over its group's ids: 0 not known, 1 passes (not selected), 2 passes selected. */
interface RuleFlags {
  flags: Uint8Array;
  size: number;
}

/**
 * Passing records on disk, beside the gate verdicts (`.git/spine-hooks/records/<build-id>/`): one entry
 * per gate and source file version left out (the rule keys up to `\0rule`), holding the hashes of the
 * records any of its rules knows, once, and each rule's flags over them; read once and written once per
 * run (flush). The rules of a gate over the same 10,000 VMs share one list of hashes, and a run that
 * learns of one record more adds it, rather than writing each rule's list again. An entry names its
 * key in full and is checked against it; DiskStore authenticates it. An entry that is not a list of
 * record hashes with flags of its length is a miss.
 */
export class RecordCache implements RecordVerdicts {
  private readonly store: DiskStore;
  private readonly groups = new Map<string, Group>();
  /** Lists of hashes as read, by their text: groups over the same records share one. */
  private readonly lists = new Map<string, { ids: string[]; at: Map<string, number> }>();
  /** Outcomes of rules that found nothing (ruleOutcomes.ts), in `.git/spine-hooks/outcomes/<build-id>/`. */
  private readonly outcomes: DiskStore;

  constructor(
    commonDir: string,
    build: string,
    private readonly opts: { write?: boolean } = {},
  ) {
    this.store = new DiskStore(commonDir, ['records', build], RECORDS_LIMIT);
    this.outcomes = new DiskStore(commonDir, ['outcomes', build], RECORDS_LIMIT);
  }

  /** A rule's outcome without findings (ruleOutcomes.ts) kept under its key; an entry that names another key or is not one is a miss. */
  getRule(key: string): KeptOutcome | undefined {
    const body = this.outcomes.read(sha256(key));
    if (body === undefined) return undefined;
    try {
      const entry = JSON.parse(body) as { key?: unknown; outcome?: Partial<KeptOutcome> };
      const o = entry.outcome;
      if (entry.key !== key || !o || typeof o.checked !== 'number' || !Number.isInteger(o.checked) || o.checked < 0) return undefined;
      if ((o.empty !== undefined && typeof o.empty !== 'string') || (o.note !== undefined && typeof o.note !== 'string')) return undefined;
      return {
        checked: o.checked,
        ...(o.empty !== undefined ? { empty: o.empty } : {}),
        ...(o.note !== undefined ? { note: o.note } : {}),
      };
    } catch {
      return undefined;
    }
  }

  setRule(key: string, outcome: KeptOutcome): void {
    if (this.opts.write === false) return;
    this.outcomes.write(sha256(key), JSON.stringify({ key, outcome }));
  }

  get(key: string): KnownRecords | undefined {
    const [name, rule] = splitKey(key);
    const g = this.group(name);
    const r = g.rules.get(rule);
    if (!r) return undefined;
    return {
      get: (id) => {
        const i = g.at.get(id);
        const f = i === undefined ? 0 : (r.flags[i] ?? 0);
        return f === 0 ? undefined : f === 2 ? 1 : 0;
      },
      get size() {
        return r.size;
      },
      forEach: (fn) => {
        for (let i = 0; i < r.flags.length; i++) if (r.flags[i]) fn(r.flags[i] === 2 ? 1 : 0, g.ids[i]);
      },
    };
  }

  set(key: string, passed: ReadonlyMap<string, 0 | 1>): void {
    if (this.opts.write === false) return;
    const [name, rule] = splitKey(key);
    const g = this.group(name);
    g.rules.set(rule, { flags: new Uint8Array(g.ids.length + passed.size), size: 0 });
    this.put(g, rule, passed);
    g.dirty = true;
  }

  add(key: string, more: ReadonlyMap<string, 0 | 1>): void {
    if (this.opts.write === false) return;
    const [name, rule] = splitKey(key);
    const g = this.group(name);
    if (!g.rules.has(rule)) {
      g.rules.set(rule, { flags: new Uint8Array(g.ids.length + more.size), size: 0 });
      g.dirty = true;
    }
    g.added += this.put(g, rule, more);
    if (g.added >= ADDED_WORTH_WRITING) g.dirty = true;
  }

  /** Puts the flags in; how many records were not known before. */
  private put(g: Group, rule: string, passed: ReadonlyMap<string, 0 | 1>): number {
    if (g.shared) {
      // Its list of hashes is another group's too: its own copy before it grows.
      g.ids = [...g.ids];
      g.at = new Map(g.at);
      g.shared = false;
    }
    const r = g.rules.get(rule)!;
    let fresh = 0;
    for (const [id, flag] of passed) {
      let i = g.at.get(id);
      if (i === undefined) {
        i = g.ids.push(id) - 1;
        g.at.set(id, i);
      }
      if (i >= r.flags.length) {
        const grown = new Uint8Array(Math.max(i + 1, r.flags.length * 2));
        grown.set(r.flags);
        r.flags = grown;
      }
      if (r.flags[i] === 0) {
        r.size++;
        fresh++;
      }
      r.flags[i] = flag + 1;
    }
    return fresh;
  }

  flush(): void {
    for (const [name, g] of this.groups) {
      if (!g.dirty) continue;
      // Only hashes some rule still knows are written.
      const all = [...g.rules.values()];
      const keep = g.ids.map((_, i) => all.some((r) => (r.flags[i] ?? 0) !== 0));
      const ids = g.ids.filter((_, i) => keep[i]).join('');
      const rules: Record<string, string> = {};
      for (const [rule, r] of g.rules) {
        const chars = Buffer.alloc(ids.length / ID);
        let n = 0;
        for (let i = 0; i < g.ids.length; i++) if (keep[i]) chars[n++] = FLAG_CHARS[r.flags[i] ?? 0];
        rules[rule] = chars.toString('latin1');
      }
      this.store.write(sha256(name), JSON.stringify({ key: name, ids, rules }));
      g.dirty = false;
      g.added = 0;
    }
  }

  private group(name: string): Group {
    let g = this.groups.get(name);
    if (!g) {
      g = { ids: [], at: new Map(), rules: new Map(), dirty: false, added: 0 };
      const body = this.store.read(sha256(name));
      try {
        const stored = body === undefined ? undefined : (JSON.parse(body) as { key?: unknown; ids?: unknown; rules?: unknown });
        const { ids, rules } = stored ?? {};
        const n = typeof ids === 'string' ? ids.length / ID : -1;
        const sound =
          stored?.key === name &&
          typeof ids === 'string' &&
          Number.isInteger(n) &&
          !NOT_HEX.test(ids) &&
          rules !== null &&
          typeof rules === 'object' &&
          !Array.isArray(rules) &&
          Object.values(rules).every((f) => typeof f === 'string' && f.length === n && FLAGS.test(f));
        if (sound) {
          // The gates over one source share its records: their lists of hashes are read into one table.
          const list = this.lists.get(ids) ?? readIds(ids, n);
          this.lists.set(ids, list);
          g.ids = list.ids;
          g.at = list.at;
          g.shared = true;
          for (const [rule, f] of Object.entries(rules as Record<string, string>)) {
            const flags = new Uint8Array(n);
            let size = 0;
            for (let i = 0; i < n; i++) {
              const c = f.charCodeAt(i);
              if (c !== 45) {
                flags[i] = c - 47;
                size++;
              }
            }
            g.rules.set(rule, { flags, size });
          }
        }
      } catch {
        // A damaged entry is a miss.
      }
      this.groups.set(name, g);
    }
    return g;
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
export function layered(memo: Map<string, KnownList> | undefined, disk: RecordVerdicts | undefined): RecordVerdicts | undefined {
  if (!memo && !disk) return undefined;
  // Keys name other files' versions: keep the map from growing with a range.
  const room = () => {
    if (memo!.size > 1024) memo!.clear();
  };
  return {
    get: (key) => memo?.get(key) ?? disk?.get(key),
    set: (key, passed) => {
      if (memo) {
        room();
        memo.set(key, KnownList.of(passed));
      }
      disk?.set(key, passed);
    },
    add: (key, more) => {
      if (memo) {
        let m = memo.get(key);
        if (!m) {
          // What the disk knew, and these: this process's own list from now on.
          room();
          m = new KnownList();
          disk?.get(key)?.forEach((flag, id) => m!.set(id, flag));
          memo.set(key, m);
        }
        for (const [id, flag] of more) m.set(id, flag);
      }
      disk?.add(key, more);
    },
    flush: () => disk?.flush?.(),
  };
}
