import type { ReferenceRule } from './ReferenceRule';
import { compileExpr, transform, type ValueExpr } from '../../records/expr';
import type { Where } from '../../records/compileWhere';
import type { MatchDef } from '../../records/matchIndex';
import { select, describeWhere, type RuleContext, type RuleOutcome, type Draft, indexOf } from '../context';
import { MSG } from '../../messages';
import { MESSAGES } from './messages';

/**
 * Where a record sets the field, each value it holds names an existing record of the target
 * collection (or of any of several): `sites[].compose_targets: [a, b]` checks a and b.
 */
export function checkReference(rule: ReferenceRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  const places = referencePlaces(rule).map((t) => ({ def: t, ...select(ctx, t.target, t.where) }));
  const problems = [...src.problems, ...places.flatMap((p) => p.problems)];
  if (problems.length) return { findings: problems, checked: 0 };
  const empty = `${rule.source}${describeWhere(rule.where)}`;
  // No record to look up: no index to build (a per-record run whose fresh records the filter leaves out).
  if (src.records.length === 0) return { findings: [], checked: 0, empty };
  // The rule's transforms apply to both sides; a finding quotes the value as written.
  const field = compileExpr(rule.field);
  const ts = rule.transform ?? [];
  const indexes = places.map((p) => indexOf(ctx, referenceMatch(rule, p.def), p.records));
  const findings: Draft[] = [];
  const check = `${rule.id ?? 'reference'}/${field.text}`;
  for (const rec of src.records) {
    // Each value with the text it came from: a finding quotes what is written, and what it was compared as.
    const pairs = field.pairs(rec);
    const before = findings.length;
    for (const { written, value } of pairs) {
      const v = ts.length ? transform(value, ts) : value;
      if (v === undefined || indexes.some((i) => i.findValue(v).length)) continue;
      const where = places.map((p) => p.file).join(' or ');
      const targetField = places.map((p) => compileExpr(p.def.target_field).text).join(' or ');
      findings.push({
        severity: rule.severity ?? ctx.severity,
        check,
        // A list field can name several records: each dangling one is its own finding.
        entity: pairs.length > 1 ? `${rec.entity}:${written}` : rec.entity,
        ...rec.loc(field.fieldFor?.(rec) ?? field.field),
        message: MESSAGES.danglingReference(rec.label, field.text, written, where, targetField, v),
        related: {
          file: places[0].file,
          message: MSG.addCounterpart(places.map((p) => p.def.target).join(' or '), `${targetField} = ${JSON.stringify(v)}`),
        },
        repair: { record: rec.ref, field: field.text, value: v },
      });
    }
    if (pairs.length) ctx.trace?.(rec, check, findings.slice(before));
  }
  return { findings, checked: src.records.length, empty };
}

/** The places a named record may be: `any_of`, or the one target. */
export function referencePlaces(rule: ReferenceRule): Array<{ target: string; target_field: ValueExpr; where?: Where }> {
  return rule.any_of ?? [{ target: rule.target!, target_field: rule.target_field!, where: undefined }];
}

/** How a place is indexed: by its target field, with the rule's transforms (a value in hand is looked up). */
export function referenceMatch(rule: ReferenceRule, place: { target_field: ValueExpr }): MatchDef {
  return { source: { value: '' }, target: place.target_field, transform: rule.transform };
}
