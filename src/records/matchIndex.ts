import type { SsotRecord } from './SsotRecord';
import { compileExpr, compositeValues, describeComposite, type Expr, type Transform, type ValueExpr } from './expr';

/** How a rule matches source records to target records (a rule's `match:`). */
export interface MatchDef {
  /** Source value expression (or `template`) compared with the target's; a list is a composite key. */
  source?: ValueExpr | ValueExpr[];
  template?: string;
  target: ValueExpr | ValueExpr[];
  /** `equals` (default) or `contains` (the target value holds the source as whole hyphen/space-separated words). */
  op?: 'equals' | 'contains';
  /** Transforms applied to both sides (e.g. `[lower]` for a case-insensitive join). */
  transform?: Transform[];
}

/**
 * Hash index of target records for one way of matching, so a join costs O(source + target). Both sides
 * are value expressions (see records/expr.ts): a field, a template, `any_of`, transforms such as
 * `lower`, or a list of them for a composite key (`source: [host, port]`). `contains` indexes every run
 * of consecutive words of the target value, so "Mint OS (docker-host)" is found by `docker-host` or
 * `mint-os` but never by a substring such as `os-doc`.
 */
export class MatchIndex {
  private readonly index: Map<string, SsotRecord[]>;
  private readonly source: Expr[];
  private readonly target: Expr[];
  /** The target side's table: what every match over the same records and target side shares (see targetSide). */
  readonly table: TargetTable;

  /** `table`: the table of another match over the same records with the same target side, built already. */
  constructor(
    readonly def: MatchDef,
    targets: readonly SsotRecord[],
    table?: TargetTable,
  ) {
    const side = (e: ValueExpr | ValueExpr[]) => (Array.isArray(e) ? e : [e]).map((x) => compileExpr(x, def.transform ?? []));
    this.source = side(def.template !== undefined ? { template: def.template } : def.source!);
    this.target = side(def.target);
    this.table = table ?? { index: new Map() };
    this.index = this.table.index;
    if (table) return;
    for (const t of targets) {
      const keys = def.op === 'contains' ? this.target[0].values(t).flatMap(wordRuns) : compositeValues(this.target, t);
      for (const k of keys.length === 1 ? keys : new Set(keys)) {
        const list = this.index.get(k);
        if (list) list.push(t);
        else this.index.set(k, [t]);
      }
    }
  }

  /**
   * The values it holds, as one string (their JSON, in the order the index met them): two indexes with
   * the same find records for the same values. The same records in the same order give the same string.
   */
  keys(): string {
    return (this.table.digest ??= JSON.stringify([...this.index.keys()]));
  }

  /** The values a source record is looked up by (none when it has none). */
  probes(rec: SsotRecord): string[] {
    const keys = compositeValues(this.source, rec);
    return this.def.op === 'contains' ? keys.map((v) => words(v).join('-')) : keys;
  }

  /** The first lookup value (for messages and exclusion lists). */
  probe(rec: SsotRecord): string | undefined {
    return this.probes(rec)[0];
  }

  /** The target records holding a value already in hand (a reference's named value). */
  findValue(value: string): SsotRecord[] {
    return this.index.get(value) ?? [];
  }

  find(rec: SsotRecord): SsotRecord[] {
    const probes = this.probes(rec);
    if (probes.length <= 1) return (probes.length && this.index.get(probes[0])) || NONE;
    const found = probes.flatMap((k) => this.index.get(k) ?? []);
    return found.length > 1 ? [...new Set(found)] : found;
  }

  /** Field of the target record the match reads, for locations. */
  get targetField(): string | undefined {
    return this.target[0]?.field;
  }

  /** Field of the source record the match reads, for locations. */
  get sourceField(): string | undefined {
    return this.source[0]?.field;
  }

  describe(rec: SsotRecord): string {
    const k = this.probe(rec);
    const verb = this.def.op === 'contains' ? 'containing' : '=';
    const target = this.target.map((t) => t.text).join(', ');
    return `${target} ${verb} ${k === undefined ? '(unset)' : this.target.length === 1 ? JSON.stringify(k) : describeComposite(this.target, k)}`;
  }
}

/** Target records by the values they are found by, and those values' digest once asked (MatchIndex.keys). */
export interface TargetTable {
  readonly index: Map<string, SsotRecord[]>;
  digest?: string;
}

/**
 * What a match's table depends on besides the records: its target side, transforms and operator (not
 * its source). Matches from different sources to the same targets (`hostname` and `id` both looked up
 * among the SSH targets' `id`s) share one table.
 */
export function targetSide(def: MatchDef): string {
  return JSON.stringify([def.target, def.transform ?? [], def.op ?? 'equals']);
}

const NONE: SsotRecord[] = [];
Object.freeze(NONE);

function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function wordRuns(v: string): string[] {
  const w = words(v);
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) for (let j = i + 1; j <= w.length; j++) out.push(w.slice(i, j).join('-'));
  return out;
}
