import type { RecordPlace, RecordRef, SourceLocation } from '../types';
import { normalize, renderTemplate } from './values';
import type { Position } from '../workspace/parseYaml';

export interface RecordShape {
  collection: string;
  /** Field aliases, tried in order when a field is absent: `{ vmid: [id] }`. */
  aliases: Record<string, readonly string[]>;
  defaults: Record<string, unknown>;
  keyField?: string;
  labelTemplate?: string;
  entityTemplate?: string;
  /** A field that holds the path of the record's file (`file_as`). */
  fileAs?: string;
}

/** One record of a collection (a YAML list item, a map entry or a Markdown table row) with its location. */
export class SsotRecord {
  constructor(
    private readonly shape: RecordShape,
    readonly file: string,
    readonly data: Readonly<Record<string, unknown>>,
    private readonly locate: (field?: string) => Position | undefined,
    readonly place?: RecordPlace,
  ) {}

  get collection(): string {
    return this.shape.collection;
  }

  /** Field value with aliases and defaults applied; dotted paths reach into nested maps. */
  get(field: string): unknown {
    const own = this.raw(field);
    if (own !== undefined && own !== null) return own;
    const aliases = this.shape.aliases[field];
    if (aliases)
      for (const alias of aliases) {
        const v = this.raw(alias);
        if (v !== undefined && v !== null) return v;
      }
    return field in this.shape.defaults ? this.shape.defaults[field] : own;
  }

  /** The field exactly as written, without aliases or defaults. */
  raw(field: string): unknown {
    if (field === this.shape.fileAs) return this.file;
    // One lookup where the key is there (parsed data holds no undefined: a value read is a key present).
    const v = this.data[field];
    if (v !== undefined || !field.includes('.') || field in this.data) return v;
    return dig(this.data, field.split('.'));
  }

  value(field: string): string | undefined {
    return normalize(this.get(field));
  }

  get key(): string | undefined {
    return this.shape.keyField ? this.value(this.shape.keyField) : undefined;
  }

  /** Stable id used in fingerprints and override scopes (`D69:immich`). */
  get entity(): string {
    const t = this.shape.entityTemplate;
    return (t && renderTemplate(t, (f) => this.get(f))) ?? this.key ?? '?';
  }

  /** Human label used in messages, e.g. `VM 203 (immich)`. */
  get label(): string {
    const t = this.shape.labelTemplate;
    // A label is for people: an unset field shows as "?" rather than losing the whole label.
    return t
      ? t.replace(/\{([A-Za-z0-9_$.-]+)\}/g, (_, f: string) => normalize(this.get(f)) ?? '?')
      : `${this.shape.collection} ${this.entity}`;
  }

  /** How a finding names this record for its repair (src/fix/). */
  get ref(): RecordRef {
    return { collection: this.shape.collection, file: this.file, ...(this.place ? { place: this.place } : {}), entity: this.entity };
  }

  /** Location of a field's value (falling back to the alias actually used), or of the record. */
  loc(field?: string): SourceLocation {
    let pos: Position | undefined;
    if (field) {
      pos = this.locate(field);
      for (const alias of this.shape.aliases[field] ?? []) pos ??= this.raw(field) == null ? this.locate(alias) : undefined;
    }
    pos ??= this.locate();
    return { file: this.file, line: pos?.line ?? 0, column: pos?.column ?? 0 };
  }
}

/**
 * The value at a dotted path. Through a list of maps (`depends_on.component` over `depends_on: [{ component }]`)
 * it gives each item's value, as a list (items without one add nothing); a number part indexes the list.
 */
function dig(data: unknown, parts: readonly string[]): unknown {
  let cur = data;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur) && !/^\d+$/.test(parts[i])) {
      const rest = parts.slice(i);
      const values = cur.flatMap((item) => {
        const v = dig(item, rest);
        return v === undefined || v === null ? [] : Array.isArray(v) ? (v as unknown[]) : [v];
      });
      return values.length ? values : undefined;
    }
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[parts[i]];
  }
  return cur;
}
