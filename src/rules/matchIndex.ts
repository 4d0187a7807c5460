import type { MatchDef } from '../registry/model';
import type { SsotRecord } from '../records/SsotRecord';
import { normalize, renderTemplate } from '../records/values';

/**
 * Hash index of target records for one way of matching, so a join costs O(source + target).
 * `contains` indexes every run of consecutive words of the target value, so "Mint OS (docker-host)"
 * is found by `docker-host` or `mint-os` but never by a substring such as `os-doc`.
 */
export class MatchIndex {
  private readonly index = new Map<string, SsotRecord[]>();

  constructor(
    readonly def: MatchDef,
    targets: readonly SsotRecord[],
  ) {
    for (const t of targets) {
      const keys = def.op === 'contains' ? wordRuns(t.get(def.target)) : [normalize(t.get(def.target))];
      for (const k of new Set(keys)) {
        if (k === undefined) continue;
        const list = this.index.get(k);
        if (list) list.push(t);
        else this.index.set(k, [t]);
      }
    }
  }

  /** The value a source record is looked up by, or undefined when it has none. */
  probe(rec: SsotRecord): string | undefined {
    const v = this.def.template !== undefined ? renderTemplate(this.def.template, (f) => rec.get(f)) : normalize(rec.get(this.def.source!));
    return v === undefined ? undefined : this.def.op === 'contains' ? words(v).join('-') : v;
  }

  find(rec: SsotRecord): SsotRecord[] {
    const k = this.probe(rec);
    return (k !== undefined && this.index.get(k)) || [];
  }

  /** Field of the source record the match reads, for locations. */
  get sourceField(): string | undefined {
    return this.def.source ?? /\{([^}]+)\}/.exec(this.def.template ?? '')?.[1];
  }

  describe(rec: SsotRecord): string {
    const k = this.probe(rec);
    const verb = this.def.op === 'contains' ? 'containing' : '=';
    return `${this.def.target} ${verb} ${k === undefined ? '(unset)' : JSON.stringify(k)}`;
  }
}

function words(s: string): string[] {
  return s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function wordRuns(value: unknown): string[] {
  const v = normalize(value);
  if (v === undefined) return [];
  const w = words(v);
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) for (let j = i + 1; j <= w.length; j++) out.push(w.slice(i, j).join('-'));
  return out;
}
