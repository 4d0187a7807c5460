import type { Where } from '../records/compileWhere';
import type { RuleDef } from './RuleDef';
import type { CollectionRef, IndexedPlace, KindPattern, ParamUse, ReadList, ReadPath, RuleKind, ShapeProblem } from './RuleKind';
import { problemDraft, type Draft, type RuleContext, type RuleOutcome } from './context';
import type { WhenDef } from './ruleParts';
import { compileWhere } from '../records/compileWhere';
import { MSG } from '../messages';
import { SsotRecord } from '../records/SsotRecord';
import { coverageKind } from './coverage';
import { parityKind } from './parity';
import { orphanKind } from './orphan';
import { uniqueKind } from './unique';
import { requireKind } from './require';
import { referenceKind } from './reference';
import { schemaKind } from './schema';
import { leftoverKind } from './leftover';
import { historyKind } from './history';
import type { CollectionDef } from '../registry/registryTypes';
import { checkOf, type FixTemplates, type KindFix } from './repair';

export type { RuleDef } from './RuleDef';
export type { CollectionRef, IndexedPlace, ParamUse, PathKind, ReadList, ReadPath } from './RuleKind';
export type { EntryValue, FixContext, FixTemplates, Need, Repair } from './repair';
export { typedLike } from './repair';

type Kinds = { [K in RuleDef['kind']]: RuleKind<Extract<RuleDef, { kind: K }>> };

/**
 * The rule kinds, in one table: each is a folder of src/rules/ holding its type, checker, references, inputs,
 * governance roles, explain text and JSON Schema fragment (its page is docs/rules/<kind>.md, its table test
 * __tests__/rules/<kind>.test.ts). Adding a kind is adding its folder and a row here; nothing outside
 * src/rules/ names a kind (__tests__/rules/oneHome.test.ts holds to that). The order is the registry schema's.
 */
export const RULE_KINDS: Kinds = {
  coverage: coverageKind,
  parity: parityKind,
  orphan: orphanKind,
  unique: uniqueKind,
  require: requireKind,
  reference: referenceKind,
  schema: schemaKind,
  leftover: leftoverKind,
  history: historyKind,
};

const kindOf = (rule: RuleDef) => RULE_KINDS[rule.kind] as RuleKind<RuleDef>;

export function runRule(rule: RuleDef, ctx: RuleContext): RuleOutcome {
  if (rule.when) {
    const holds = whenHolds(rule.when, ctx);
    // A condition that does not hold is not an empty check: the rule does not apply, and says nothing.
    if (holds !== true) return holds === false ? { findings: [], checked: 1 } : { findings: holds, checked: 0 };
  }
  const data = dataRefs(rule);
  if (data.length === 0) return kindOf(rule).check(rule, ctx);
  const resolved = resolveData(rule, data, ctx);
  if ('findings' in resolved) return { findings: resolved.findings, checked: 0 };
  try {
    return kindOf(rule).check(resolved.rule, ctx);
  } catch (err) {
    // A value read from data that the rule cannot use (a duration that is not one): at the value, not a crash.
    // The value the error names, when it names one (a duration that is not one says which).
    const why = (err as Error).message;
    const at = resolved.used.find((u) => why.includes(String(u.value))) ?? resolved.used[0];
    return { findings: [dataDraft(at, MSG.dataUnfit(at.file, at.select, (err as Error).message))], checked: 0 };
  }
}

/** Where the rule judges each record of one collection on its own (RuleKind.perRecord). */
export function rulePerRecord(rule: RuleDef): { source: string; where?: Where } | undefined {
  return kindOf(rule).perRecord?.(rule);
}

/** The target places a rule only looks values up in (RuleKind.indexed). */
export function ruleIndexed(rule: RuleDef): IndexedPlace[] {
  return kindOf(rule).indexed?.(rule) ?? [];
}

/** The paths a rule reads besides its collections' files (file keys, globs, schemas), with JSON pointers below the rule. */
export function ruleReads(rule: RuleDef): ReadPath[] {
  const own = kindOf(rule).reads?.(rule) ?? [];
  const data = dataRefs(rule).map((d): ReadPath => ({ value: d.spec.file, pointer: `${d.pointer}/$data/file`, as: 'repo' }));
  return rule.when ? [...own, ...data, { value: rule.when.file, pointer: '/when/file', as: 'repo' }] : [...own, ...data];
}

/** The lists a rule reads from files (governance compares them). */
export function ruleLists(rule: RuleDef): ReadList[] {
  return kindOf(rule).lists?.(rule) ?? [];
}

/** Repository schema files (paths, not the package's schema names) a rule validates with. */
export function ruleRepoSchemas(rule: RuleDef): string[] {
  return ruleReads(rule)
    .filter((p) => p.as === 'schema' && p.value.includes('/'))
    .map((p) => p.value);
}

/** Files a rule validates against a JSON Schema. */
export function ruleValidates(rule: RuleDef): Array<{ file?: string; glob?: string; schema: string }> {
  return kindOf(rule).validates?.(rule) ?? [];
}

/** Shape problems of a rule its JSON Schema does not express (some need the collections it names). */
export function ruleProblems(rule: RuleDef, collections?: Readonly<Record<string, CollectionDef>>): ShapeProblem[] {
  return kindOf(rule).problems?.(rule, collections) ?? [];
}

/** Whether a rule compares records with the commit's base (see RuleKind.readsBase). */
export function ruleReadsBase(rule: RuleDef): boolean {
  return kindOf(rule).readsBase === true;
}

/** The ids of a rule's parts (coverage requirements, leftovers) a check id may name after the rule's. */
export function ruleSubIds(rule: RuleDef): string[] {
  return kindOf(rule).subIds?.(rule) ?? [];
}

/** The line `explain` shows for a rule: its kind, its id, its parts. */
export function explainRule(rule: RuleDef): string {
  const parts = kindOf(rule).explain?.(rule);
  return `${rule.kind}${rule.id ? ` ${rule.id}` : ''}${parts ? `: ${parts}` : ''}`;
}

/** What `explain` lists under Repairs for a rule: how `spine-hooks fix` repairs its findings, with the templates it uses. */
export function explainRepair(rule: RuleDef, templates: FixTemplates): string[] {
  const head = `${rule.kind}${rule.id ? ` ${rule.id}` : ''}`;
  return kindOf(rule)
    .fix.explain(rule, templates)
    .split('\n')
    .map((l) => `${head}: ${l}`);
}

/** How a rule's findings are repaired (RuleKind.fix): `spine-hooks fix` asks the rule whose check id a finding has. */
export function ruleFix(rule: RuleDef): KindFix<RuleDef> {
  return kindOf(rule).fix;
}

/** The rule's part of a finding's check id (`ssh-target` of `touchpoint/ssh-target`), when the finding is the rule's. */
export function ruleCheck(rule: RuleDef, check: string): string | undefined {
  return checkOf(rule.id, rule.kind, check);
}

/** The values a rule forbids (placeholder patterns), which `fix` never writes. */
export function ruleForbids(rule: RuleDef): Array<{ pattern: string; ignore_case?: boolean; what?: string }> {
  return kindOf(rule).forbids?.(rule) ?? [];
}

/** Whether a rule checks files rather than records (see RuleKind.checksFiles). */
export function ruleChecksFiles(rule: RuleDef): boolean {
  return kindOf(rule).checksFiles === true;
}

/** The kind of a rule as declared (before validation and `$param` substitution): undefined for an unknown kind. */
function declaredKind(rule: Record<string, unknown>): RuleKind<RuleDef> | undefined {
  const name = rule.kind;
  return typeof name === 'string' && Object.hasOwn(RULE_KINDS, name) ? RULE_KINDS[name as RuleDef['kind']] : undefined;
}

/** How a declared rule's field weakens or strengthens its gate when a parameter changes it (opaque when unknown). */
export function paramUse(rule: Record<string, unknown>, field: string): ParamUse {
  const params: Partial<Record<string, ParamUse>> = declaredKind(rule)?.params ?? {};
  return params[field] ?? 'opaque';
}

/** The patterns in a declared rule's field that only its kind has (a require rule's `pattern` map); undefined: none there. */
export function kindPatterns(rule: Record<string, unknown>, field: string, value: unknown): KindPattern[] | undefined {
  const patterns: Partial<Record<string, (v: unknown) => KindPattern[] | undefined>> = declaredKind(rule)?.patterns ?? {};
  return patterns[field]?.(value);
}

/**
 * Every collection a rule reads: those it names, and those its filters join (`$join`, anywhere in the
 * rule). Also whether a filter asks for repository paths (`path_exists`), which needs the snapshot's
 * whole listing.
 */
export function ruleRefs(rule: RuleDef): { readonly refs: readonly CollectionRef[]; readonly listsPaths: boolean } {
  // A rule definition is never changed once loaded: its references are worked out once.
  let known = refsOf.get(rule);
  if (!known) {
    known = findRefs(rule);
    refsOf.set(rule, known);
  }
  return known;
}

const refsOf = new WeakMap<RuleDef, { refs: CollectionRef[]; listsPaths: boolean }>();

function findRefs(rule: RuleDef): { refs: CollectionRef[]; listsPaths: boolean } {
  const refs = kindOf(rule).refs(rule);
  let listsPaths = false;
  const walk = (v: unknown, pointer: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`));
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$join' && x && typeof x === 'object' && typeof (x as { collection?: unknown }).collection === 'string') {
          const spec = x as { collection: string; if_present?: unknown };
          refs.push({
            collection: spec.collection,
            pointer: `${pointer}/$join/collection`,
            join: true,
            optional: spec.if_present === true,
          });
        }
        if (k === 'path_exists') listsPaths = true;
        walk(x, `${pointer}/${k}`);
      }
    }
  };
  walk(rule, '');
  return { refs, listsPaths };
}

/**
 * Whether a rule's document-level condition holds: the value at `select` in the file, as one record,
 * passes the filter. The file or key not there: it does not hold. A file that cannot be read: its problems.
 */
function whenHolds(when: WhenDef, ctx: RuleContext): boolean | Draft[] {
  const { value, problems } = ctx.store.readValue(when.file, when.select ?? '');
  if (problems.some((p) => p.check === 'file/missing')) return false;
  const blinding = problems.filter((p) => p.blinding);
  if (blinding.length) return blinding.map(problemDraft);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const doc = new SsotRecord(
    { collection: 'when', aliases: {}, defaults: {} },
    ctx.store.path(when.file),
    value as Record<string, unknown>,
    () => undefined,
  );
  return compileWhere(when.where, ctx.env)(doc);
}

/** A value a rule reads from the repository's data at run time (a parameter declared `{ $data: … }`). */
export interface DataSpec {
  file: string;
  select: string | string[];
  default?: unknown;
  map?: Record<string, unknown>;
  as?: string;
}

const dataOf = new WeakMap<RuleDef, Array<{ pointer: string; spec: DataSpec }>>();

/** Where a rule holds `{ $data }` references (after `$param` substitution), found once per definition. */
function dataRefs(rule: RuleDef): Array<{ pointer: string; spec: DataSpec }> {
  let found = dataOf.get(rule);
  if (!found) {
    const out: Array<{ pointer: string; spec: DataSpec }> = [];
    const walk = (v: unknown, pointer: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`));
      else if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (Object.keys(o).length === 1 && o.$data && typeof o.$data === 'object') out.push({ pointer, spec: o.$data as DataSpec });
        else for (const [k, x] of Object.entries(o)) walk(x, `${pointer}/${k}`);
      }
    };
    walk(rule, '');
    dataOf.set(rule, (found = out));
  }
  return found;
}

interface DataUse {
  value?: unknown;
  file: string;
  select: string;
  line: number;
  column: number;
}

function dataDraft(at: DataUse, message: string): Draft {
  return { severity: 'error', check: 'data/param', file: at.file, line: at.line, column: at.column, message };
}

/** The rule with each `{ $data }` replaced by the value the snapshot holds, or findings saying why it cannot be read. */
function resolveData(
  rule: RuleDef,
  refs: Array<{ pointer: string; spec: DataSpec }>,
  ctx: RuleContext,
): { rule: RuleDef; used: DataUse[] } | { findings: Draft[] } {
  const copy = structuredClone(rule) as unknown as Record<string, unknown>;
  const used: DataUse[] = [];
  const findings: Draft[] = [];
  for (const { pointer, spec } of refs) {
    const got = readData(spec, ctx);
    if ('finding' in got) {
      findings.push(got.finding);
      continue;
    }
    used.push(got.at);
    setAt(copy, pointer, got.value);
  }
  return findings.length ? { findings } : { rule: copy as unknown as RuleDef, used };
}

function readData(spec: DataSpec, ctx: RuleContext): { value: unknown; at: DataUse } | { finding: Draft } {
  const file = ctx.store.path(spec.file);
  const selects = Array.isArray(spec.select) ? spec.select : [spec.select];
  for (const select of selects) {
    const { value, problems } = ctx.store.readValue(spec.file, select);
    const blinding = problems.filter((p) => p.blinding && !(p.check === 'file/missing' && spec.default !== undefined));
    if (blinding.length) return { finding: problemDraft(blinding[0]) };
    if (value === undefined || value === null || value === '') continue;
    const pos = ctx.store.workspace.file(file).yaml().pathPosition(select.split('.'));
    const at = { file, select, line: pos.line, column: pos.column };
    if (typeof value === 'object') return { finding: dataDraft(at, MSG.dataNotScalar(file, select)) };
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    let out: unknown = value;
    if (spec.map) {
      if (!Object.hasOwn(spec.map, text)) return { finding: dataDraft(at, MSG.dataNotMapped(file, select, text, Object.keys(spec.map))) };
      out = spec.map[text];
    }
    if (spec.as) out = spec.as.replace(/\{value\}/g, String(out));
    return { value: out, at: { ...at, value: out } };
  }
  if (spec.default !== undefined) return { value: spec.default, at: { file, select: selects[0], line: 0, column: 0 } };
  return { finding: dataDraft({ file, select: selects.join(' or '), line: 0, column: 0 }, MSG.dataMissing(file, selects)) };
}

/** Sets the value at a JSON pointer of an object (the pointer exists: it was found by walking it). */
function setAt(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const parts = pointer.split('/').slice(1);
  let cur: Record<string, unknown> = root;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
}
