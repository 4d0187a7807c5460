import type { ParityField } from './ruleParts';
import type { SsotRecord } from '../records/SsotRecord';
import { compileExpr, type Expr } from '../records/expr';
import type { Draft } from './context';
import type { Severity } from '../types';
import { MSG } from '../messages';
import { plainField, valueOf } from './repair';

/**
 * Field-by-field agreement of a matched pair. Each side is a value expression: the pair agrees when
 * the sides share a value (so `source: { any_of: [lan_ip, tailscale_ip] }` accepts either address).
 * Where a side has no value the pair is not compared, unless `missing` says that is a mismatch too.
 */
const cache = new WeakMap<ParityField, { se: Expr; te: Expr }>();

/** A parity field's two sides, compiled once per definition (not once per matched pair). */
function compiled(f: ParityField): { se: Expr; te: Expr } {
  let c = cache.get(f);
  if (!c) {
    c = { se: compileExpr(f.source, f.transform ?? []), te: compileExpr(f.target, f.transform ?? []) };
    cache.set(f, c);
  }
  return c;
}

export function compareFields(
  src: SsotRecord,
  tgt: SsotRecord,
  fields: readonly ParityField[],
  check: string,
  severity: Severity,
): Draft[] {
  const out: Draft[] = [];
  for (const f of fields) {
    const { se, te } = compiled(f);
    const a = se.values(src);
    const b = te.values(tgt);
    const missing = f.missing ?? 'ignore';
    if (a.length && b.length) {
      if (a.some((v) => b.includes(v))) continue;
    } else if (!a.length && !b.length) continue;
    else if (!a.length && !(missing === 'source' || missing === 'either')) continue;
    else if (!b.length && !(missing === 'target' || missing === 'either')) continue;
    const tf = te.field ?? te.text;
    const t = tgt.loc(te.field);
    const shown = (vs: string[]) => (vs.length ? vs.join(' or ') : 'unset');
    out.push({
      severity,
      check: `${check}/${se.text}`,
      entity: src.entity,
      ...src.loc(se.fieldFor?.(src) ?? se.field),
      message: MSG.parityMismatch(src.label, se.text, shown(a), tgt.label, te.text, shown(b), t.file),
      related: { ...t, message: MSG.parityRelated(tf, shown(b)) },
      // The repair: the target side takes the source's value, where the target is a plain field.
      repair: { record: tgt.ref, field: plainField(f.target), value: valueOf(f.source, src) },
    });
  }
  return out;
}
