import type { Finding, RecordRef } from '../types';
import type { CollectionStore } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import { normalize, renderTemplate } from '../records/values';
import { didYouMean } from '../didYouMean';

/** A value a repair writes: a scalar, as YAML and Markdown cells hold them. */
export type EntryValue = string | number | boolean;

/** What a repair cannot derive: the field, and how to supply it (a sentence of the kind's messages). */
export interface Need {
  /** The field needed: `port` (a template's variable), `health_endpoints.url` (a field of a new entry), or a record's field. */
  field: string;
  /** How to supply it: `--set port=…`, `fix_templates.health_endpoints.url`, or an edit of the record. */
  how: string;
}

/**
 * What a rule kind says of one of its findings (its `fix`): an edit in terms of records (src/fix/ turns it
 * into text edits of the files), what is needed to derive one, or why there is none.
 */
export type Repair =
  /** A new entry of a collection (coverage): its fields, the record it was derived from. */
  | { kind: 'add'; collection: string; entry: Record<string, EntryValue>; from: RecordRef }
  /** One field of a record set to a value (parity: the target side takes the source's value; leftover: disable). */
  | { kind: 'set'; record: RecordRef; field: string; value: EntryValue }
  /** A record removed (a leftover that cannot be disabled). */
  | { kind: 'remove'; record: RecordRef }
  | { kind: 'needs'; needs: Need[] }
  | { kind: 'none'; reason: string };

/** Per target collection, the field → value templates of `fix_templates:` (spine-hooks.config.yaml). */
export type FixTemplates = Readonly<Record<string, Readonly<Record<string, EntryValue>>>>;

/** What a kind's `fix` may consult: the snapshot's records, the templates, the `--set` values, the forbidden values. */
export interface FixContext {
  store: CollectionStore;
  templates: FixTemplates;
  /** `--set field=value` (a template's variable) and `--set collection.field=value` (a field of a new entry). */
  sets: Readonly<Record<string, string>>;
  /** Why a gate forbids writing this value (a placeholder its `forbid` pattern matches), else undefined. */
  forbidden(value: string): string | undefined;
}

/** How a rule kind's findings are repaired (RuleKind.fix, in src/rules/<kind>/fix<Kind>.ts). */
export interface KindFix<R> {
  /** What `explain` lists under "Repairs" for the rule: how its findings are repaired, the templates used. */
  explain(rule: R, templates: FixTemplates): string;
  /** The repair of one of the rule's findings, from what the finding carries (Finding.repair) and the snapshot. */
  repair(rule: R, finding: Finding, ctx: FixContext): Repair;
}

/** The record a finding names, in the snapshot being repaired (its place, else the one record of its entity in the file). */
export function findRecord(store: CollectionStore, ref: RecordRef): SsotRecord | undefined {
  const c = store.get(ref.collection);
  if (c.problems.length) return undefined;
  const inFile = c.records.filter((r) => r.file === ref.file);
  const key = ref.place ? JSON.stringify(ref.place) : undefined;
  const exact = key ? inFile.find((r) => r.entity === ref.entity && JSON.stringify(r.place) === key) : undefined;
  if (exact) return exact;
  const same = inFile.filter((r) => r.entity === ref.entity);
  return same.length === 1 ? same[0] : undefined;
}

/**
 * A `--set` value typed as the other records of its collection write that field: a number where theirs are
 * numbers, true/false where theirs are booleans, else the text as given (`--set health_endpoints.enabled=true`
 * writes `enabled: true`, not `"true"`).
 */
export function typedLike(records: readonly SsotRecord[], field: string, value: string): EntryValue {
  const sample = records.map((r) => r.raw(field)).find((v) => v !== undefined && v !== null);
  if (typeof sample === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof sample === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** A field's value as written, when it is a scalar a repair may copy (not a map or list, not empty). */
export function scalarOf(value: unknown): EntryValue | undefined {
  if (normalize(value) === undefined) return undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/** Whether a check id is one of a rule's (`touchpoint/ssh-target` of rule `touchpoint`, its default id `coverage`). */
export function checkOf(ruleId: string | undefined, kind: string, check: string): string | undefined {
  const id = ruleId ?? kind;
  if (check === id) return '';
  return check.startsWith(`${id}/`) ? check.slice(id.length + 1) : undefined;
}

/** The field an expression names plainly (`host`, `{ field: host }`), where a repair can write a value; else undefined. */
export function plainField(e: unknown): string | undefined {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'field' in e && typeof e.field === 'string') return (e as { field: string }).field;
  return undefined;
}

/**
 * The value an expression gives for a record as a repair would write it: a field's value as written (a number
 * stays a number), the first field of an `any_of` that is set, a template without glob characters, a constant.
 */
export function valueOf(e: unknown, rec: SsotRecord): EntryValue | undefined {
  const field = plainField(e);
  if (field !== undefined) return scalarOf(rec.get(field));
  if (e && typeof e === 'object') {
    const o = e as { any_of?: unknown[]; template?: string; value?: EntryValue };
    if (o.any_of) {
      for (const part of o.any_of) {
        const v = valueOf(part, rec);
        if (v !== undefined) return v;
      }
      return undefined;
    }
    // A template's text is compared as it is (`vzdump-qemu-{vmid}-*.vma.zst` equals the target's `glob`).
    if (typeof o.template === 'string') return renderTemplate(o.template, (f) => rec.get(f));
    if (o.value !== undefined) return o.value;
  }
  return undefined;
}

/** The fields of an entry from a template (field → `{var}` text), each `{var}` read by `vars`; the variables it lacks. */
export function fromTemplate(
  template: Readonly<Record<string, EntryValue>>,
  vars: (name: string) => unknown,
): { entry: Record<string, EntryValue>; missing: string[] } {
  const entry: Record<string, EntryValue> = {};
  const missing: string[] = [];
  for (const [field, t] of Object.entries(template)) {
    if (typeof t !== 'string') {
      entry[field] = t;
      continue;
    }
    const whole = /^\{([A-Za-z0-9_$.-]+)\}$/.exec(t);
    if (whole) {
      const v = scalarOf(vars(whole[1]));
      if (v === undefined) missing.push(whole[1]);
      else entry[field] = v;
      continue;
    }
    const names = [...t.matchAll(/\{([A-Za-z0-9_$.-]+)\}/g)].map((m) => m[1]).filter((n) => normalize(vars(n)) === undefined);
    if (names.length) missing.push(...names);
    else entry[field] = renderTemplate(t, vars) ?? t;
  }
  return { entry, missing: [...new Set(missing)] };
}

/**
 * The existing key a mistyped one most likely meant (didYouMean), among those with the same numbers: `vm-211`
 * is another VM than `vm-202`, not a misspelling of it.
 */
export function nearestKey(value: string, keys: Iterable<string>): string | undefined {
  const digits = (s: string) => (s.match(/\d+/g) ?? []).join(',');
  const same = [...keys].filter((k) => digits(k) === digits(value));
  return didYouMean(value, new Set(same));
}
