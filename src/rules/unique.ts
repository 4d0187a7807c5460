import type { UniqueRule } from '../registry/model';
import type { SsotRecord } from '../records/SsotRecord';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft } from './context';
import { MSG } from '../messages';

/** A field's values are unique across the selected records; every repeat is reported against the first. */
export function checkUnique(rule: UniqueRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const first = new Map<string, SsotRecord>();
  const findings: Draft[] = [];
  for (const rec of src.records) {
    const v = rec.value(rule.field);
    if (v === undefined) continue;
    const prev = first.get(v);
    if (!prev) {
      first.set(v, rec);
      continue;
    }
    const p = prev.loc(rule.field);
    findings.push({
      severity: rule.severity ?? ctx.severity,
      check: `${rule.id ?? 'unique'}/${rule.field}`,
      entity: rec.entity,
      ...rec.loc(rule.field),
      message: MSG.duplicate(rec.label, rule.field, v, prev.label, p.line),
      related: { ...p, message: MSG.firstUse(prev.label) },
    });
  }
  return { findings, checked: src.records.length, empty: `${rule.source}${describeWhere(rule.where)}` };
}
