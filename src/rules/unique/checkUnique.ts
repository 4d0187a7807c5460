import type { UniqueRule } from './UniqueRule';
import type { SsotRecord } from '../../records/SsotRecord';
import { compileExpr, compositeValues, describeComposite } from '../../records/expr';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { MESSAGES } from './messages';

/**
 * A value (or a composite key of several, `[vm, port]`) is unique across the selected records; every
 * repeat is reported against the first.
 */
export function checkUnique(rule: UniqueRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const exprs = (Array.isArray(rule.field) ? rule.field : [rule.field]).map((f) => compileExpr(f, rule.transform ?? []));
  const name = exprs.map((e) => e.text).join('+');
  const first = new Map<string, SsotRecord>();
  const findings: Draft[] = [];
  for (const rec of src.records) {
    for (const key of new Set(compositeValues(exprs, rec))) {
      const prev = first.get(key);
      if (!prev) {
        first.set(key, rec);
        continue;
      }
      const p = prev.loc(exprs[0].field);
      findings.push({
        severity: rule.severity ?? ctx.severity,
        check: `${rule.id ?? 'unique'}/${name}`,
        entity: rec.entity,
        ...rec.loc(exprs[0].field),
        message: MESSAGES.duplicate(rec.label, name, describeComposite(exprs, key), prev.label, p.line),
        related: { ...p, message: MESSAGES.firstUse(prev.label) },
      });
    }
  }
  return { findings, checked: src.records.length, empty: `${rule.source}${describeWhere(rule.where)}` };
}
