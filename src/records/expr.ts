import type { SsotRecord } from './SsotRecord';
import { normalize, renderTemplates } from './values';
import { safePattern } from './safePattern';

/**
 * The one value-expression evaluator every rule kind reads records through (STYLE.md, "Growing the
 * rule language"): `match`, `parity`, `unique`, `reference` and, through compileWhere, every
 * filter and requirement. A new capability is added here once and every kind has it.
 *
 *   hostname                                    a field (dotted paths reach into maps)
 *   { field: hostname, transform: [lower] }     …with transforms applied to each value
 *   { template: "vzdump-qemu-{vmid}-*.vma.zst" } a string built from fields
 *   { any_of: [lan_ip, tailscale_ip] }          the values of several fields, any of which may match
 *   { value: shop }                             a constant
 *
 * An expression has zero or more values: an absent field has none, a list of scalars has one per
 * item (so a rule reads through `compose_targets: [a, b]`), `any_of` has the union.
 */
export type Transform =
  | 'lower'
  | 'upper'
  | 'title'
  | 'trim'
  | 'basename'
  | { strip_suffix: string }
  | { strip_prefix: string }
  | { replace: string; with: string; ignore_case?: boolean };

export type ValueExpr =
  | string
  | { field: string; transform?: Transform[] }
  | { template: string; transform?: Transform[] }
  | { any_of: ValueExpr[]; transform?: Transform[] }
  | { value: string | number | boolean };

export interface Expr {
  /** The expression's values for a record: normalized strings, transformed, without absent ones. */
  values(rec: SsotRecord): string[];
  /** Each value with the text it was made from, as written in the data (before the expression's transforms). */
  pairs(rec: SsotRecord): Array<{ written: string; value: string }>;
  /** The field a finding about this value points at (the first one read). */
  field?: string;
  /** The field a finding about this record's value points at: for `any_of`, the first one it has. */
  fieldFor?(rec: SsotRecord): string | undefined;
  /** How the expression reads in a message: `hostname`, `lan_ip|tailscale_ip`. */
  text: string;
}

export function compileExpr(e: ValueExpr, extra: readonly Transform[] = []): Expr {
  if (typeof e === 'string') return withTransforms({ values: (r) => scalars(r.get(e)), field: e, text: e }, extra);
  if ('value' in e) {
    const v = normalize(e.value);
    return withTransforms({ values: () => (v === undefined ? [] : [v]), text: JSON.stringify(e.value) }, extra);
  }
  const ts = [...(e.transform ?? []), ...extra];
  if ('field' in e) return withTransforms({ values: (r) => scalars(r.get(e.field)), field: e.field, text: e.field }, ts);
  if ('template' in e) {
    const field = /\{([^}]+)\}/.exec(e.template)?.[1];
    return withTransforms(
      // A placeholder over a list field gives one value per item.
      { values: (r) => renderTemplates(e.template, (f) => r.get(f)), field, text: JSON.stringify(e.template) },
      ts,
    );
  }
  const parts = e.any_of.map((x) => compileExpr(x));
  return withTransforms(
    {
      values: (r) => [...new Set(parts.flatMap((p) => p.values(r)))],
      pairs: (r) => parts.flatMap((p) => p.pairs(r)),
      field: parts[0]?.field,
      fieldFor: (r) => (parts.find((p) => p.values(r).length) ?? parts[0])?.field,
      text: parts.map((p) => p.text).join('|'),
    },
    ts,
  );
}

/** A value through a list of transforms; undefined when nothing is left of it. */
export function transform(value: string, ts: readonly Transform[]): string | undefined {
  let v = value;
  for (const t of ts) {
    if (t === 'lower') v = v.toLowerCase();
    else if (t === 'upper') v = v.toUpperCase();
    // Each run of letters starts upper case, the rest lower (`media-stack` → `Media-Stack`), as Python's str.title.
    else if (t === 'title') v = v.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());
    else if (t === 'trim') v = v.trim();
    else if (t === 'basename') v = v.replace(/\/+$/, '').split('/').pop() ?? '';
    else if ('strip_suffix' in t) v = v.endsWith(t.strip_suffix) ? v.slice(0, v.length - t.strip_suffix.length) : v;
    else if ('strip_prefix' in t) v = v.startsWith(t.strip_prefix) ? v.slice(t.strip_prefix.length) : v;
    else if ('replace' in t) v = safePattern(t.replace, t.ignore_case).replaceAll(v, t.with);
  }
  return normalize(v);
}

function withTransforms(base: Omit<Expr, 'pairs'> & Partial<Pick<Expr, 'pairs'>>, ts: readonly Transform[]): Expr {
  const pairs = base.pairs ?? ((r: SsotRecord) => base.values(r).map((v) => ({ written: v, value: v })));
  if (ts.length === 0) return { ...base, pairs };
  return {
    ...base,
    values: (r) => {
      const vs = base.values(r);
      // One value (the common case): no set to build.
      if (vs.length === 1) return oneOf(transform(vs[0], ts));
      return [...new Set(vs.flatMap((v) => oneOf(transform(v, ts))))];
    },
    pairs: (r) => pairs(r).flatMap((p) => oneOf(transform(p.value, ts)).map((value) => ({ written: p.written, value }))),
  };
}

/** A field's value as scalars: one for a scalar, one per scalar item of a list, none when absent. */
export function scalars(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => oneOf(normalize(v)));
  return oneOf(normalize(value));
}

const oneOf = (v: string | undefined): string[] => (v === undefined ? [] : [v]);

/** A composite key of several expressions (`[host, port]`): every combination of their values, joined. */
export function compositeValues(exprs: readonly Expr[], rec: SsotRecord): string[] {
  if (exprs.length === 1) return exprs[0].values(rec);
  let keys = [''];
  for (const [i, e] of exprs.entries()) {
    const vs = e.values(rec);
    if (vs.length === 0) return [];
    keys = keys.flatMap((k) => vs.map((v) => (i === 0 ? v : `${k}\u0000${v}`)));
  }
  return keys;
}

/** A composite key as people read it: `vm=download-stack, port=8080`. */
export function describeComposite(exprs: readonly Expr[], key: string): string {
  const parts = key.split('\u0000');
  return exprs.length === 1 ? key : exprs.map((e, i) => `${e.text}=${parts[i]}`).join(', ');
}
