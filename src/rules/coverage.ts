import type { CoverageRule } from '../registry/model';
import { compileWhere } from '../records/compileWhere';
import { MatchIndex } from './matchIndex';
import { compareFields } from './compareFields';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft } from './context';
import { renderTemplate } from '../records/values';
import { MSG } from '../messages';

/** Every selected source record has at least one matching record in each required target collection. */
export function checkCoverage(rule: CoverageRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const findings: Draft[] = [];
  for (const req of rule.requirements) {
    const tgt = select(ctx, req.target, req.where);
    if (tgt.problems.length) {
      findings.push(...tgt.problems);
      continue;
    }
    const matchers = (Array.isArray(req.match) ? req.match : [req.match]).map((m) => new MatchIndex(m, tgt.records));
    const unless = req.unless ? compileWhere(req.unless) : undefined;
    const severity = req.severity ?? rule.severity ?? ctx.severity;
    const check = `${rule.id ?? 'coverage'}/${req.id}`;
    for (const rec of src.records) {
      if (unless?.(rec)) continue;
      const found = matchers.map((m) => m.find(rec)).find((l) => l.length > 0);
      if (!found) {
        const detail = matchers.map((m) => m.describe(rec)).join(' or ');
        const vars = (f: string) => (f === 'label' ? rec.label : f === 'file' ? tgt.file : rec.get(f));
        findings.push({
          severity,
          check,
          entity: rec.entity,
          ...rec.loc(matchers[0].sourceField),
          message: (req.message && renderTemplate(req.message, vars)) || MSG.missingFrom(rec.label, tgt.file, detail),
          related: { file: tgt.file, message: MSG.addCounterpart(req.target, detail) },
        });
        continue;
      }
      if (req.parity) for (const t of found) findings.push(...compareFields(rec, t, req.parity, check, severity));
    }
  }
  return {
    findings,
    checked: src.records.length,
    empty: `${rule.source}${describeWhere(rule.where)}`,
  };
}
