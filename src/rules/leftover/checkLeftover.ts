import type { LeftoverRule } from './LeftoverRule';
import { compileWhere } from '../../records/compileWhere';
import { select, describeWhere, indexOf, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { MESSAGES } from './messages';

/**
 * The inverse of coverage: a selected source record (a decommissioned VM) must leave no matching
 * record behind in each listed collection (an enabled probe, an SSH target, a backup job…). Each
 * leftover is a finding at the leftover's own line, naming the source record, whose entity it
 * carries (so `SPINE_OVERRIDE=D141:fileserver-old` covers the VM's ripple).
 */
export function checkLeftover(rule: LeftoverRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const findings: Draft[] = [];
  for (const l of rule.leftovers) {
    const tgt = select(ctx, l.target, l.where);
    if (tgt.problems.length) {
      if (!(l.if_present && tgt.absent)) {
        findings.push(...tgt.problems);
        if (ctx.trace) for (const rec of src.records) ctx.trace(rec, `${rule.id ?? 'leftover'}/${l.id}`, tgt.problems);
      }
      continue;
    }
    // No record to look up: no index to build (a per-record run whose fresh records the filter leaves out).
    if (src.records.length === 0) continue;
    const indexes = (Array.isArray(l.match) ? l.match : [l.match]).map((m) => indexOf(ctx, m, tgt.records));
    const unless = l.unless ? compileWhere(l.unless, ctx.env) : undefined;
    const check = `${rule.id ?? 'leftover'}/${l.id}`;
    for (const rec of src.records) {
      if (unless?.(rec)) {
        ctx.trace?.(rec, check, 'exempt');
        continue;
      }
      const before = findings.length;
      const found = [...new Set(indexes.flatMap((i) => i.find(rec)))];
      for (const t of found) {
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the state is printed as String() gives it, as it always was
        const state = String(rec.get(rule.status_field ?? 'status') ?? '');
        findings.push({
          severity: l.severity ?? rule.severity ?? ctx.severity,
          check,
          entity: rec.entity,
          ...t.loc(indexes[0].targetField),
          message: MESSAGES.leftover(t.label, rec.label, state, l.fix),
          related: { ...rec.loc(), message: MESSAGES.leftoverOf(rec.label) },
          repair: { record: t.ref },
        });
      }
      ctx.trace?.(rec, check, findings.slice(before));
    }
  }
  return { findings, checked: src.records.length, empty: `${rule.source}${describeWhere(rule.where)}` };
}
