import type { UniqueRule } from './UniqueRule';
import type { SsotRecord } from '../../records/SsotRecord';
import { compileExpr, compositeValues, describeComposite, type Expr } from '../../records/expr';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { MESSAGES } from './messages';

/**
 * A value (or a composite key of several, `[vm, port]`) is unique across the selected records; every
 * repeat is reported against the first. "First" is the first in the file, except where the run knows
 * the records before the change (`ctx.prior`): then it is the first that already held the value, so a
 * change is blamed on the record it brought the value to, wherever that sits in the file.
 */
export function checkUnique(rule: UniqueRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const exprs = (Array.isArray(rule.field) ? rule.field : [rule.field]).map((f) => compileExpr(f, rule.transform ?? []));
  const name = exprs.map((e) => e.text).join('+');
  const groups = new Map<string, SsotRecord[]>();
  const keysOf = src.records.map((rec) => [...new Set(compositeValues(exprs, rec))]);
  src.records.forEach((rec, i) => keysOf[i].forEach((key) => (groups.get(key) ?? groups.set(key, []).get(key)!).push(rec)));
  const heldBefore = [...groups.values()].some((recs) => recs.length > 1) ? priorHolders(rule, ctx, exprs) : undefined;
  const first = new Map<string, SsotRecord>();
  for (const [key, recs] of groups) if (recs.length > 1) first.set(key, recs.find((r) => heldBefore?.(r, key)) ?? recs[0]);
  const findings: Draft[] = [];
  src.records.forEach((rec, i) => {
    for (const key of keysOf[i]) {
      const prev = first.get(key);
      if (!prev || prev === rec) continue;
      const p = prev.loc(exprs[0].field);
      findings.push({
        severity: rule.severity ?? ctx.severity,
        check: `${rule.id ?? 'unique'}/${name}`,
        entity: rec.entity,
        ...rec.loc(exprs[0].field),
        message: MESSAGES.duplicate(rec.label, name, describeComposite(exprs, key), prev.label, p.line),
        related: { ...p, message: MESSAGES.firstUse(prev.label) },
        sided: true,
      });
    }
  });
  return { findings, checked: src.records.length, empty: `${rule.source}${describeWhere(rule.where)}` };
}

/** Whether a record (by its entity) held a value before the change; undefined when the run does not know. */
function priorHolders(rule: UniqueRule, ctx: RuleContext, exprs: readonly Expr[]): ((rec: SsotRecord, key: string) => boolean) | undefined {
  const before = ctx.prior?.(rule.source);
  if (!before) return undefined;
  const held = new Set(before.flatMap((r) => compositeValues(exprs, r).map((key) => `${r.entity}\0${key}`)));
  return (rec, key) => held.has(`${rec.entity}\0${key}`);
}
