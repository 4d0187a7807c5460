import type { Where } from '../records/compileWhere';
import type { RuleDef } from './RuleDef';
import type { CollectionRef, KindPattern, ParamUse, ReadList, ReadPath, RuleKind, ShapeProblem } from './RuleKind';
import type { RuleContext, RuleOutcome } from './context';
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

export type { RuleDef } from './RuleDef';
export type { CollectionRef, ParamUse, PathKind, ReadList, ReadPath } from './RuleKind';

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
  return kindOf(rule).check(rule, ctx);
}

/** Where the rule judges each record of one collection on its own (RuleKind.perRecord). */
export function rulePerRecord(rule: RuleDef): { source: string; where?: Where } | undefined {
  return kindOf(rule).perRecord?.(rule);
}

/** The paths a rule reads besides its collections' files (file keys, globs, schemas), with JSON pointers below the rule. */
export function ruleReads(rule: RuleDef): ReadPath[] {
  return kindOf(rule).reads?.(rule) ?? [];
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
          refs.push({ collection: (x as { collection: string }).collection, pointer: `${pointer}/$join/collection`, join: true });
        }
        if (k === 'path_exists') listsPaths = true;
        walk(x, `${pointer}/${k}`);
      }
    }
  };
  walk(rule, '');
  return { refs, listsPaths };
}
