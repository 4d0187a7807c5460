import type { OrphanRule } from './OrphanRule';
import { normalize, renderTemplate } from '../../records/values';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft, indexOf } from '../context';
import { MSG } from '../../messages';
import { MESSAGES } from './messages';

/** Every selected source record maps back to a target record, except the excluded keys. */
export function checkOrphan(rule: OrphanRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  const tgt = select(ctx, rule.target, rule.target_where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length || tgt.problems.length) return { findings: [...src.problems, ...tgt.problems], checked: 0 };
  const empty = `${rule.source}${describeWhere(rule.where)}`;
  // No record to look up: no index to build.
  if (src.records.length === 0) return { findings: [], checked: 0, empty };
  const excluded = new Set((rule.exclude ?? []).map(normalize));
  const index = indexOf(ctx, rule.match, tgt.records);
  const severity = rule.severity ?? ctx.severity;
  const findings: Draft[] = [];
  let checked = 0;
  for (const rec of src.records) {
    if ((rec.key !== undefined && excluded.has(rec.key)) || index.probes(rec).some((v) => excluded.has(v))) continue;
    checked++;
    if (index.find(rec).length) continue;
    const detail = index.describe(rec);
    findings.push({
      severity,
      check: rule.id ?? 'orphan',
      entity: rec.entity,
      ...rec.loc(index.sourceField),
      message:
        (rule.message && renderTemplate(rule.message, (f) => (f === 'label' ? rec.label : f === 'file' ? tgt.file : rec.get(f)))) ||
        MESSAGES.orphan(rec.label, tgt.file, detail),
      related: { file: tgt.file, message: MSG.addCounterpart(rule.target, detail) },
    });
  }
  return { findings, checked, empty };
}
