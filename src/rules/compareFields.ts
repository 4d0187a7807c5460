import type { ParityField } from '../registry/model';
import type { SsotRecord } from '../records/SsotRecord';
import { normalize } from '../records/values';
import type { Draft } from './context';
import type { Severity } from '../types';
import { MSG } from '../messages';

/** Field-by-field equality of a matched pair, checked only where both sides set the field. */
export function compareFields(
  src: SsotRecord,
  tgt: SsotRecord,
  fields: readonly ParityField[],
  check: string,
  severity: Severity,
): Draft[] {
  const out: Draft[] = [];
  for (const f of fields) {
    const a = normalize(src.get(f.source));
    const b = normalize(tgt.get(f.target));
    if (a === undefined || b === undefined || a === b) continue;
    const t = tgt.loc(f.target);
    out.push({
      severity,
      check: `${check}/${f.source}`,
      entity: src.entity,
      ...src.loc(f.source),
      message: MSG.parityMismatch(src.label, f.source, a, tgt.label, f.target, b, t.file),
      related: { ...t, message: MSG.parityRelated(f.target, b) },
    });
  }
  return out;
}
