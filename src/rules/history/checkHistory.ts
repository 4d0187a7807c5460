import type { HistoryRule } from './HistoryRule';
import type { SsotRecord } from '../../records/SsotRecord';
import type { RelatedLocation } from '../../types';
import { isPresent, normalize } from '../../records/values';
import { parseDuration, parseInstant } from '../../records/time';
import { select, describeWhere, type Draft, type RuleContext, type RuleOutcome } from '../context';
import { MESSAGES } from './messages';

/** Where a finding is made: the head record, its check (after the rule's id), the field it is about. */
type Push = (rec: SsotRecord, check: string, field: string | undefined, message: string, related?: RelatedLocation) => void;

/**
 * Each selected record against its own version (the record of the same key) in the base: never removed,
 * never decreasing or increasing, unchanged once set, its key never given to another thing. The base is
 * the first parent of the commit checked or being made (HEAD for `--all`); its records are read with the
 * same collection definitions as the head's.
 */
export function checkHistory(rule: HistoryRule, ctx: RuleContext): RuleOutcome {
  const head = select(ctx, rule.source, rule.where);
  if (rule.if_present && head.absent) return { findings: [], checked: 1 };
  if (head.problems.length) return { findings: head.problems, checked: 0 };
  const name = rule.id ?? 'history';
  const base = ctx.base;
  if (!base || 'unavailable' in base)
    return { findings: [], checked: 0, note: MESSAGES.notCompared(name, base?.unavailable ?? MESSAGES.noBase()) };
  const baseCtx: RuleContext = { ...ctx, store: base.store, env: base.env };
  const all = select(baseCtx, rule.source);
  // A base without the file (or the key it selects) has no records: everything at the head is new.
  if (!all.absent && all.problems.length) {
    const p = all.problems[0];
    return { findings: [], checked: 0, note: MESSAGES.baseUnreadable(name, base.label, p.file, p.line, p.message) };
  }
  const kept = rule.never_removed && !all.absent ? select(baseCtx, rule.source, rule.where).records : [];
  const findings: Draft[] = [];
  const severity = rule.severity ?? ctx.severity;
  const push: Push = (rec, check, field, message, related) =>
    findings.push({ severity, check: `${name}/${check}`, entity: rec.entity, ...rec.loc(field), message, ...(related ? { related } : {}) });
  const byKey = keyed(all.absent ? [] : all.records);
  const ambiguous = new Set<string>();
  for (const now of head.records) {
    const was = now.key === undefined ? undefined : byKey.get(now.key);
    if (was && was.length > 1) ambiguous.add(now.key!);
    else if (was) comparePair(rule, now, was[0], base.label, push);
  }
  if (rule.never_removed) findings.push(...findRemoved(select(ctx, rule.source), kept, { name, base: base.label, severity }));
  return {
    findings,
    checked: head.records.length + kept.length,
    empty: `${rule.source}${describeWhere(rule.where)}`,
    ...(ambiguous.size ? { note: MESSAGES.baseAmbiguous(name, base.label, [...ambiguous].sort()) } : {}),
  };
}

/** Base records (matching `where` there) whose key no record at the head has: reported against the head's file. */
function findRemoved(
  now: { records: readonly SsotRecord[]; file: string },
  kept: readonly SsotRecord[],
  how: { name: string; base: string; severity: Draft['severity'] },
): Draft[] {
  const keys = new Set(now.records.map((r) => r.key).filter((k) => k !== undefined));
  return kept
    .filter((was) => was.key !== undefined && !keys.has(was.key))
    .map((was) => {
      const at = was.loc();
      return {
        severity: how.severity,
        check: `${how.name}/removed`,
        entity: was.entity,
        file: now.file,
        line: 0,
        column: 0,
        message: MESSAGES.removed(was.label, was.collection, how.base, at.file, at.line),
        related: { ...at, message: MESSAGES.removedRelated(how.base) },
      };
    });
}

/** One record and its version in the base, by every check the rule asks for. */
function comparePair(rule: HistoryRule, now: SsotRecord, was: SsotRecord, base: string, push: Push): void {
  for (const f of rule.never_decreases ?? []) checkOrder(f, 'down', now, was, base, push);
  for (const f of rule.never_increases ?? []) checkOrder(f, 'up', now, was, base, push);
  for (const f of rule.unchanged ?? []) {
    const before = canonical(was.get(f));
    if (before === undefined) continue;
    const after = canonical(now.get(f));
    if (after === before) continue;
    const related = { ...was.loc(f), message: MESSAGES.wasHere(show(was.get(f)), base) };
    const message =
      after === undefined
        ? MESSAGES.unset(now.label, f, show(was.get(f)), base)
        : MESSAGES.changed(now.label, f, show(was.get(f)), show(now.get(f)), base);
    push(now, `changed/${f}`, f, message, related);
  }
  if (rule.never_reused) checkReuse(rule.never_reused.identity, now, was, base, push);
}

/** A field that never goes down (or up): unset where it was set, not comparable, or moved the wrong way. */
function checkOrder(f: string, dir: 'down' | 'up', now: SsotRecord, was: SsotRecord, base: string, push: Push): void {
  const b = was.get(f);
  if (!isPresent(b)) return;
  const h = now.get(f);
  const check = `${dir === 'down' ? 'decreased' : 'increased'}/${f}`;
  const related = { ...was.loc(f), message: MESSAGES.wasHere(show(b), base) };
  if (!isPresent(h)) return push(now, check, f, MESSAGES.unset(now.label, f, show(b), base), related);
  const ob = ordered(b);
  // A base value that is no number, duration or time holds the head to nothing: only what can be ordered is.
  if (!ob) return;
  const oh = ordered(h);
  if (!oh || oh.kind !== ob.kind) return push(now, check, f, MESSAGES.notOrdered(now.label, f, show(b), show(h), base), related);
  // A date is the whole day: it went down only if all of it lies before the base's span.
  if (dir === 'down' ? oh.hi < ob.lo : oh.lo > ob.hi) {
    const say = dir === 'down' ? MESSAGES.wentDown : MESSAGES.wentUp;
    push(now, check, f, say(now.label, f, show(b), show(h), base), related);
  }
}

/** The key names another thing: every identity field set on both sides differs (one the same: the same thing, renamed). */
function checkReuse(identity: readonly string[], now: SsotRecord, was: SsotRecord, base: string, push: Push): void {
  const both = identity.filter((f) => canonical(was.get(f)) !== undefined && canonical(now.get(f)) !== undefined);
  if (both.length === 0 || both.some((f) => canonical(was.get(f)) === canonical(now.get(f)))) return;
  const changes = both.map((f) => MESSAGES.fieldChange(f, show(was.get(f)), show(now.get(f)))).join(', ');
  const related = { ...was.loc(both[0]), message: MESSAGES.wasHere(was.label, base) };
  push(now, 'reused', both[0], MESSAGES.reused(now.label, now.key ?? '?', base, was.label, changes), related);
}

/** Records by key; a record without a key has no version to compare. */
function keyed(records: readonly SsotRecord[]): Map<string, SsotRecord[]> {
  const out = new Map<string, SsotRecord[]>();
  for (const r of records) {
    const k = r.key;
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

interface Ordered {
  kind: 'number' | 'duration' | 'time';
  lo: number;
  hi: number;
}

/** A value that can be ordered: a number (or a numeric string), a duration (`30d`), a date (its whole day) or a time. */
function ordered(v: unknown): Ordered | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', lo: v, hi: v } : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  let out: Ordered | undefined;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) out = { kind: 'number', lo: Number(s), hi: Number(s) };
  else if (/^\d+\s*[smhdw]$/.test(s)) out = { kind: 'duration', lo: parseDuration(s), hi: parseDuration(s) };
  else {
    const t = parseInstant(s);
    if (t) out = { kind: 'time', lo: t.start, hi: t.end };
  }
  return out && Number.isFinite(out.lo) && Number.isFinite(out.hi) ? out : undefined;
}

/** A value in a form two versions can be compared by: a scalar as the tool compares strings, a list or map as sorted JSON. */
function canonical(v: unknown): string | undefined {
  if (!isPresent(v)) return undefined;
  if (v === null || typeof v !== 'object') return normalize(v);
  return JSON.stringify(sorted(v));
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
  );
}

/** A value as a message shows it: a number bare, a string quoted, a list or map as (shortened) JSON. */
function show(v: unknown): string {
  if (!isPresent(v)) return '(unset)';
  if (typeof v === 'number') return String(v);
  const text = typeof v === 'object' ? JSON.stringify(v) : JSON.stringify(normalize(v));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
