import type { RequireRule } from './RequireRule';
import type { SsotRecord } from '../../records/SsotRecord';
import { isPresent, normalize } from '../../records/values';
import { select, describeWhere, problemDraft, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { explainCondition, explainValue } from '../../records/compileWhere';
import { compileExpr } from '../../records/expr';
import { safePattern } from '../../records/safePattern';
import { MSG } from '../../messages';
import { MESSAGES } from './messages';

type Push = (rec: SsotRecord | undefined, check: string, message: string, field?: string) => void;

/**
 * Selected records carry fields, enum values, patterns and bounds, and hold no forbidden placeholder;
 * set-level assertions (`covers`, `count`) look at the selection as a whole.
 */
export function checkRequire(rule: RequireRule, ctx: RuleContext): RuleOutcome {
  const src = select(ctx, rule.source, rule.where);
  if (rule.if_present && src.absent) return { findings: [], checked: 1 };
  if (src.problems.length) return { findings: src.problems, checked: 0 };
  const severity = rule.severity ?? ctx.severity;
  const base = rule.id ?? 'require';
  const findings: Draft[] = [];
  const push: Push = (rec, check, message, field) =>
    findings.push({
      severity,
      check: `${base}/${check}`,
      ...(rec ? { entity: rec.entity, ...rec.loc(field) } : { file: src.file, line: 0, column: 0 }),
      message,
    });

  let records = src.records;
  if (rule.keys) {
    const byKey = new Map(records.map((r) => [r.key, r]));
    // A key that is missing is reported where the map or list is written (the key the collection selects).
    const at = rule.keys.some((k) => !byKey.has(k)) ? src.locate?.() : undefined;
    for (const k of rule.keys) {
      if (byKey.has(k)) continue;
      const message = MESSAGES.keyMissing(rule.source, k, src.file);
      findings.push({ severity, check: `${base}/key/${k}`, file: src.file, line: at?.line ?? 0, column: at?.column ?? 0, message });
    }
    const wanted = new Set(rule.keys);
    records = records.filter((r) => r.key !== undefined && wanted.has(r.key));
  }

  const fields = requiredFields(rule, ctx);
  if (fields.problems) return { findings: fields.problems, checked: 0 };
  if (fields.shape) return { findings: [...findings, fields.shape], checked: 0 };

  const exempt = new Set(rule.exempt ?? []);
  const checkRecord = recordChecks(rule, ctx, fields.required, push);
  for (const rec of records) {
    if (rec.key !== undefined && exempt.has(rec.key)) {
      ctx.trace?.(rec, base, 'exempt');
      continue;
    }
    const before = findings.length;
    checkRecord(rec);
    ctx.trace?.(rec, base, findings.slice(before));
  }
  checkSelection(rule, records, push);
  // A count assertion checks the selection even when it is empty; only plain checks can be vacuous.
  return {
    findings,
    checked: rule.count || rule.keys ? Math.max(records.length, 1) : records.length,
    empty: `${rule.source}${describeWhere(rule.where)}`,
  };
}

/** The fields every record must carry: listed, or read from a file (`fields: { from }`), or why they cannot be read. */
function requiredFields(rule: RequireRule, ctx: RuleContext): { required: string[]; problems?: Draft[]; shape?: Draft } {
  if (!rule.fields || Array.isArray(rule.fields)) return { required: rule.fields ?? [] };
  const { value, problems } = ctx.store.readValue(rule.fields.from.file, rule.fields.from.select);
  if (problems.length) return { required: [], problems: problems.map(problemDraft) };
  if (!Array.isArray(value)) {
    const file = ctx.store.path(rule.fields.from.file);
    const shape: Draft = {
      severity: 'error',
      check: 'file/shape',
      file,
      line: 0,
      column: 0,
      message: MSG.shouldBe(rule.fields.from.select, 'a list'),
    };
    return { required: [], shape };
  }
  return { required: value.map(String) };
}

/** The per-record assertions, compiled once: a function checking one record. */
function recordChecks(rule: RequireRule, ctx: RuleContext, required: string[], push: Push): (rec: SsotRecord) => void {
  const satisfies = Object.entries(rule.satisfies ?? {}).map(([f, cond]) => [f, explainCondition(f, cond, ctx.env)] as const);
  const expects = (rule.expect ?? []).map((e, i) => ({ ...e, expr: compileExpr(e.value), test: explainValue(e.is, ctx.env), n: i + 1 }));
  const forbid = rule.forbid && { ...rule.forbid, re: safePattern(rule.forbid.pattern, rule.forbid.ignore_case) };
  const patterns = Object.entries(rule.pattern ?? {}).map(
    ([f, p]) => [f, typeof p === 'string' ? safePattern(p) : safePattern(p.pattern, p.ignore_case)] as const,
  );
  return (rec) => {
    // Required fields are checked as written: the contract names the field, an alias does not satisfy it.
    for (const f of required) if (!isPresent(rec.raw(f))) push(rec, `field/${f}`, MESSAGES.fieldMissing(rec.label, f));
    for (const f of rule.non_empty ?? []) if (!isPresent(rec.get(f))) push(rec, `field/${f}`, MESSAGES.fieldEmpty(rec.label, f), f);
    for (const [f, allowed] of Object.entries(rule.enum ?? {})) {
      const v = rec.value(f);
      const ok = allowed.map(normalize);
      if (v === undefined) push(rec, `enum/${f}`, MESSAGES.enumMissing(rec.label, f, ok), f);
      else if (!ok.includes(v)) push(rec, `enum/${f}`, MESSAGES.enumInvalid(rec.label, f, v, ok), f);
    }
    for (const [f, re] of patterns) {
      const v = rec.value(f);
      if (v !== undefined && !re.test(v)) push(rec, `pattern/${f}`, MESSAGES.patternMismatch(rec.label, f, v, re.source), f);
    }
    for (const [f, want] of Object.entries(rule.equals ?? {})) {
      const v = rec.value(f);
      if (v !== normalize(want)) push(rec, `equals/${f}`, MESSAGES.notEqual(rec.label, f, v, String(want)), f);
    }
    if (forbid) {
      for (const f of forbid.fields) {
        const v = rec.value(f);
        if (v !== undefined && forbid.re.test(v))
          push(rec, `forbid/${f}`, MESSAGES.forbidden(rec.label, f, v, forbid.re.source, forbid.what, forbid.message), f);
      }
    }
    for (const [f, explain] of satisfies) {
      const why = explain(rec);
      if (why) push(rec, `satisfies/${f}`, MESSAGES.unsatisfied(rec.label, f, rec.get(f), why), f);
    }
    for (const e of expects) {
      for (const { written, value } of e.expr.pairs(rec)) {
        const why = e.test(value, rec);
        const check = `expect/${e.id ?? e.n}`;
        if (why)
          push(
            rec,
            check,
            e.message ?? MESSAGES.unexpected(rec.label, e.expr.text, written, value, why),
            e.expr.fieldFor?.(rec) ?? e.expr.field,
          );
      }
    }
    for (const [f, bound] of Object.entries(rule.min ?? {})) checkBound(rec, f, bound, 'min', push);
    for (const [f, bound] of Object.entries(rule.max ?? {})) checkBound(rec, f, bound, 'max', push);
  };
}

function checkBound(rec: SsotRecord, f: string, bound: number, kind: 'min' | 'max', push: Push): void {
  const v = rec.value(f);
  const n = Number(v);
  const raw = rec.get(f);
  const shown = v ?? (Array.isArray(raw) ? 'a list' : raw !== null && typeof raw === 'object' ? 'a map' : undefined);
  if (v === undefined || Number.isNaN(n)) push(rec, `${kind}/${f}`, MESSAGES.notNumber(rec.label, f, shown), f);
  else if (kind === 'min' ? n < bound : n > bound) push(rec, `${kind}/${f}`, MESSAGES.outOfBounds(rec.label, f, n, kind, bound), f);
}

/** Set-level assertions: every listed value appears (`covers`), enough records are selected (`count`). */
function checkSelection(rule: RequireRule, records: SsotRecord[], push: Push): void {
  if (rule.covers) {
    const seen = new Set(records.map((r) => r.value(rule.covers!.field)));
    for (const want of rule.covers.values.map(normalize)) {
      if (!seen.has(want))
        push(undefined, `covers/${rule.covers.field}/${want}`, MESSAGES.notCovered(rule.source, rule.covers.field, String(want)));
    }
  }
  const count = rule.count;
  if (count?.min !== undefined && records.length < count.min) {
    push(undefined, 'count', count.message ?? MESSAGES.tooFew(rule.source, describeWhere(rule.where), records.length, count.min));
  }
  // Each record beyond the most allowed is a finding at its own line: with `max: 0`, every occurrence
  // of what a document must not contain is shown where it is.
  if (count?.max !== undefined && records.length > count.max) {
    for (const rec of records.slice(count.max))
      push(
        rec,
        'count',
        count.message !== undefined
          ? MESSAGES.labelled(rec.label, count.message)
          : MESSAGES.tooMany(rec.label, rule.source, describeWhere(rule.where), records.length, count.max),
      );
  }
}
