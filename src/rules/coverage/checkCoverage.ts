import type { CoverageRule, RequirementDef, TargetDef } from './CoverageRule';
import { compileWhere } from '../../records/compileWhere';
import { compareFields } from '../compareFields';
import { select, describeWhere, indexOf, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { renderTemplate } from '../../records/values';
import { MSG } from '../../messages';
import { MESSAGES } from './messages';
import type { SsotRecord } from '../../records/SsotRecord';

/** Every selected source record has at least one matching record in each required target collection. */
export function checkCoverage(rule: CoverageRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const findings: Draft[] = [];
  for (const req of rule.requirements) {
    const places = targetsOf(req).map((t) => ({ def: t, ...select(ctx, t.target, t.where) }));
    // `if_present`: the requirement does not apply where its target collection does not exist.
    if (req.if_present && places.every((p) => p.absent)) continue;
    const readable = places.filter((p) => !p.problems.length && !(req.if_present && p.absent));
    const unreadable = places.flatMap((p) => (p.problems.length && !(req.if_present && p.absent) ? p.problems : []));
    findings.push(...unreadable);
    if (readable.length === 0) {
      if (ctx.trace) for (const rec of src.records) ctx.trace(rec, `${rule.id ?? 'coverage'}/${req.id}`, unreadable);
      continue;
    }
    // No record to look up: no index to build (a per-record run whose fresh records the filter leaves out).
    if (src.records.length === 0) continue;
    const matchers = readable.map((p) => ({
      file: p.file,
      target: p.def.target,
      indexes: (Array.isArray(p.def.match) ? p.def.match : [p.def.match]).map((m) => indexOf(ctx, m, p.records)),
    }));
    const unless = req.unless ? compileWhere(req.unless, ctx.env) : undefined;
    const severity = req.severity ?? rule.severity ?? ctx.severity;
    const check = `${rule.id ?? 'coverage'}/${req.id}`;
    const first = matchers[0];
    for (const rec of src.records) {
      if (unless?.(rec)) {
        ctx.trace?.(rec, check, 'exempt');
        continue;
      }
      const before = findings.length;
      let found: SsotRecord[] | undefined;
      // The first place and way of matching that finds the record decides: the others are not asked.
      for (const m of matchers) {
        for (const i of m.indexes) {
          const l = i.find(rec);
          if (l.length) {
            found = l;
            break;
          }
        }
        if (found) break;
      }
      if (!found) {
        const detail = matchers
          .map((m) => `${m.indexes.map((i) => i.describe(rec)).join(' or ')}${matchers.length > 1 ? ` in ${m.file}` : ''}`)
          .join(' or ');
        const vars = (f: string) => (f === 'label' ? rec.label : f === 'file' ? first.file : rec.get(f));
        findings.push({
          severity,
          check,
          entity: rec.entity,
          ...rec.loc(first.indexes[0].sourceField),
          message:
            (req.message && renderTemplate(req.message, vars)) ||
            MESSAGES.missingFrom(rec.label, matchers.map((m) => m.file).join(' or '), detail),
          related: { file: first.file, message: MSG.addCounterpart(matchers.map((m) => m.target).join(' or '), detail) },
          repair: { record: rec.ref, target: first.target },
        });
      } else if (req.parity) for (const t of found) findings.push(...compareFields(rec, t, req.parity, check, severity));
      ctx.trace?.(rec, check, findings.slice(before));
    }
  }
  return {
    findings,
    checked: src.records.length,
    empty: `${rule.source}${describeWhere(rule.where)}`,
  };
}

/** A requirement's places: its `any_of` list, or its one target. */
export function targetsOf(req: RequirementDef): TargetDef[] {
  return req.any_of ?? [{ target: req.target!, where: req.where, match: req.match! }];
}
