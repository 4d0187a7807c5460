import type { Finding } from '../../types';
import type { CoverageRule, RequirementDef, TargetDef } from './CoverageRule';
import {
  checkOf,
  findRecord,
  fromTemplate,
  plainField,
  valueOf,
  type EntryValue,
  type FixContext,
  type FixTemplates,
  type KindFix,
  type Need,
  type Repair,
  typedLike,
} from '../repair';
import { fixParityFinding } from '../fixParityFinding';
import { FIX_MSG } from '../../messages';
import { MESSAGES } from './messages';
import type { SsotRecord } from '../../records/SsotRecord';
import type { MatchDef } from '../ruleParts';
import { targetsOf } from './checkCoverage';

/**
 * A missing counterpart is added to the target collection: an entry built from the source record (the
 * fields the match and the parity compare take the source's values), the configuration's template for that
 * collection (`fix_templates`) and `--set`. A parity mismatch of a found counterpart sets its field.
 */
export const fixCoverage: KindFix<CoverageRule> = {
  explain: (rule, templates) =>
    rule.requirements
      .map((q) => {
        const place = targetsOf(q)[0];
        const t = templates[place.target];
        const derived = derivedFields(q, place);
        const ways = (Array.isArray(place.match) ? place.match : [place.match]).filter((m) => m.op !== 'contains' && plainField(m.target));
        return MESSAGES.repairs(
          q.id,
          place.target,
          derived,
          t ? Object.keys(t).filter((k) => !derived.includes(k)) : [],
          ways.length > 1 ? [...new Set(ways.map((m) => plainField(m.target)!))] : [],
        );
      })
      .join('\n'),
  repair(rule, finding, ctx) {
    const sub = checkOf(rule.id, 'coverage', finding.check);
    const req = rule.requirements.find((q) => sub === q.id || sub?.startsWith(`${q.id}/`));
    if (!req || !finding.repair) return { kind: 'none', reason: FIX_MSG.noCounterpartKnown() };
    if (sub !== req.id) return fixParityFinding(finding, ctx);
    const rec = findRecord(ctx.store, finding.repair.record);
    if (!rec) return { kind: 'none', reason: FIX_MSG.noRecord(finding.repair.record.entity, finding.repair.record.file) };
    const place = targetsOf(req).find((t) => t.target === finding.repair!.target) ?? targetsOf(req)[0];
    return newEntry(req, place, rec, finding, ctx);
  },
};

/** The fields a new entry takes from the source record: the match's and the parity's plain target fields. */
function derivedFields(req: RequirementDef, place: TargetDef): string[] {
  const m = (Array.isArray(place.match) ? place.match : [place.match]).find((x) => x.op !== 'contains' && plainField(x.target));
  return [
    ...new Set([
      ...(m ? [plainField(m.target)!] : []),
      ...(req.parity ?? []).map((p) => plainField(p.target)).filter((f) => f !== undefined),
    ]),
  ];
}

function newEntry(req: RequirementDef, place: TargetDef, rec: SsotRecord, finding: Finding, ctx: FixContext): Repair {
  const collection = place.target;
  const vars = (name: string): unknown => ctx.sets[`${collection}.${name}`] ?? ctx.sets[name] ?? rec.get(name);
  const entry: Record<string, EntryValue> = {};
  const needs: Need[] = [];
  // The configuration's template and `--set collection.field` first: where they give a field the match reads, they choose.
  const built = fromTemplate(templateOf(ctx.templates, collection), vars);
  Object.assign(entry, built.entry);
  const others = ctx.store.get(collection).records;
  for (const [k, v] of Object.entries(ctx.sets)) {
    if (k.startsWith(`${collection}.`)) entry[k.slice(collection.length + 1)] = typedLike(others, k.slice(collection.length + 1), v);
  }
  needs.push(...built.missing.map((name) => ({ field: name, how: FIX_MSG.needVar(name, collection) })));
  // Each way of matching that writes a field (not `contains`): one that yields a value, alone, says what the entry holds.
  const ways = (Array.isArray(place.match) ? place.match : [place.match]).flatMap((m: MatchDef) => {
    const field = plainField(m.target);
    if (!field || m.op === 'contains') return [];
    return [{ field, value: valueOf(m.template !== undefined ? { template: m.template } : m.source, rec) }];
  });
  if (ways.length && !ways.some((w) => entry[w.field] !== undefined)) {
    const derivable = ways.filter((w) => w.value !== undefined);
    if (derivable.length === 1) entry[derivable[0].field] = derivable[0].value!;
    else {
      // Several ways (a QEMU or an LXC backup file): which one holds is not derivable; none: nothing to match by.
      const fields = [...new Set((derivable.length ? derivable : ways).map((w) => w.field))];
      needs.push({
        field: fields.map((f) => `${collection}.${f}`).join(' or '),
        how: FIX_MSG.needChoice(
          collection,
          derivable.map((w) => `${w.field}: ${String(w.value)}`),
        ),
      });
    }
  }
  for (const p of req.parity ?? []) {
    const field = plainField(p.target);
    const v = field ? valueOf(p.source, rec) : undefined;
    if (field && v !== undefined && entry[field] === undefined) entry[field] = v;
  }
  for (const [k, v] of Object.entries(entry)) {
    const why = typeof v === 'string' ? ctx.forbidden(v) : undefined;
    if (why) needs.push({ field: `${collection}.${k}`, how: FIX_MSG.needRecordField(rec.label, sourceOf(req, place, k) ?? k, why) });
  }
  if (needs.length) return { kind: 'needs', needs };
  return { kind: 'add', collection, entry, from: finding.repair!.record };
}

/** The source field a target field's value came from (for "give VM 311 a real lan_ip first"). */
function sourceOf(req: RequirementDef, place: TargetDef, field: string): string | undefined {
  for (const p of req.parity ?? []) if (plainField(p.target) === field) return plainField(p.source) ?? JSON.stringify(p.source);
  for (const m of Array.isArray(place.match) ? place.match : [place.match]) if (plainField(m.target) === field) return plainField(m.source);
  return undefined;
}

function templateOf(templates: FixTemplates, collection: string): Readonly<Record<string, EntryValue>> {
  return Object.hasOwn(templates, collection) ? templates[collection] : {};
}
