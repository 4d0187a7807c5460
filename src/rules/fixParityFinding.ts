import type { Finding } from '../types';
import { findRecord, type FixContext, type Repair } from './repair';
import { FIX_MSG } from '../messages';

/**
 * A parity mismatch (a parity rule's, or a coverage requirement's `parity`): the target side takes the
 * source's value, as the source writes it. compareFields (compareFields.ts) records both in Finding.repair.
 */
export function fixParityFinding(finding: Finding, ctx: FixContext): Repair {
  const r = finding.repair;
  if (!r) return { kind: 'none', reason: FIX_MSG.noCounterpartKnown() };
  if (r.field === undefined) return { kind: 'none', reason: FIX_MSG.notAField(finding.related?.message ?? '') };
  if (r.value === undefined) return { kind: 'needs', needs: [{ field: r.field, how: FIX_MSG.needField(r.record.collection, r.field) }] };
  if (!findRecord(ctx.store, r.record)) return { kind: 'none', reason: FIX_MSG.noRecord(r.record.entity, r.record.file) };
  const why = typeof r.value === 'string' ? ctx.forbidden(r.value) : undefined;
  if (why) return { kind: 'needs', needs: [{ field: r.field, how: why }] };
  return { kind: 'set', record: r.record, field: r.field, value: r.value };
}
