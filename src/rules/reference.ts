import type { ReferenceRule } from '../registry/model';
import { MatchIndex } from './matchIndex';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft } from './context';
import { MSG } from '../messages';

/** Where a record sets the field, it names an existing record of the target collection. */
export function checkReference(rule: ReferenceRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  const tgt = select(ctx, rule.target);
  if (src.problems.length || tgt.problems.length) return { findings: [...src.problems, ...tgt.problems], checked: 0 };
  const index = new MatchIndex({ source: rule.field, target: rule.target_field }, tgt.records);
  const findings: Draft[] = [];
  for (const rec of src.records) {
    const v = index.probe(rec);
    if (v === undefined || index.find(rec).length) continue;
    findings.push({
      severity: rule.severity ?? ctx.severity,
      check: `${rule.id ?? 'reference'}/${rule.field}`,
      entity: rec.entity,
      ...rec.loc(rule.field),
      message: MSG.danglingReference(rec.label, rule.field, v, tgt.file, rule.target_field),
      related: { file: tgt.file, message: MSG.addCounterpart(rule.target, index.describe(rec)) },
    });
  }
  return { findings, checked: src.records.length, empty: `${rule.source}${describeWhere(rule.where)}` };
}
