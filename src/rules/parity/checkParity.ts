import type { ParityRule } from './ParityRule';
import { compareFields } from '../compareFields';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft, indexOf } from '../context';

/** On every matched pair of source and target records, the named fields are equal where both are set. */
export function checkParity(rule: ParityRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  const tgt = select(ctx, rule.target, rule.target_where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length || tgt.problems.length) return { findings: [...src.problems, ...tgt.problems], checked: 0 };
  const empty = `pairs of ${rule.source}${describeWhere(rule.where)} and ${rule.target}`;
  // No record to look up: no index to build.
  if (src.records.length === 0) return { findings: [], checked: 0, empty };
  const index = indexOf(ctx, rule.match, tgt.records);
  const severity = rule.severity ?? ctx.severity;
  const findings: Draft[] = [];
  let pairs = 0;
  for (const rec of src.records) {
    for (const t of index.find(rec)) {
      pairs++;
      findings.push(...compareFields(rec, t, rule.fields, rule.id ?? 'parity', severity));
    }
  }
  return { findings, checked: pairs, empty };
}
