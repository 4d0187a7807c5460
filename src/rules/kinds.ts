import type { RuleDef } from '../registry/model';
import type { RuleContext, RuleOutcome } from './context';
import { checkCoverage, targetsOf } from './coverage';
import { checkParity } from './parity';
import { checkOrphan } from './orphan';
import { checkUnique } from './unique';
import { checkRequire } from './require';
import { checkReference } from './reference';
import { checkSchema } from './schema';
import { checkLeftover } from './leftover';

/** A collection a rule reads, and where the rule names it (a JSON pointer below the rule). */
export interface CollectionRef {
  collection: string;
  pointer: string;
  /** Read by a filter's `$join`, not by the rule itself: the engine reports its problems. */
  join?: boolean;
}

interface RuleKind<R extends RuleDef> {
  check(rule: R, ctx: RuleContext): RuleOutcome;
  /** The collections the rule names: what it loads, what selects it, what must be declared. */
  refs(rule: R): CollectionRef[];
}

type Kinds = { [K in RuleDef['kind']]: RuleKind<Extract<RuleDef, { kind: K }>> };

/**
 * The rule kinds, in one table: each is a module with its checker (and its JSON Schema fragment under
 * `$defs/<kind>Rule` of schemas/gate.registry.schema.json, its section in docs/configuration.md, its
 * table tests in __tests__/engine/ruleKinds.test.ts). Adding a kind is adding a row; the engine has no
 * switch over kinds.
 */
export const RULE_KINDS: Kinds = {
  coverage: {
    check: checkCoverage,
    refs: (r) => [
      { collection: r.source, pointer: '/source' },
      ...r.requirements.flatMap((q, j) =>
        q.any_of
          ? q.any_of.map((t, k) => ({ collection: t.target, pointer: `/requirements/${j}/any_of/${k}/target` }))
          : targetsOf(q).map((t) => ({ collection: t.target, pointer: `/requirements/${j}/target` })),
      ),
    ],
  },
  parity: { check: checkParity, refs: (r) => two(r.source, r.target) },
  orphan: { check: checkOrphan, refs: (r) => two(r.source, r.target) },
  unique: { check: checkUnique, refs: (r) => [{ collection: r.source, pointer: '/source' }] },
  require: { check: checkRequire, refs: (r) => [{ collection: r.source, pointer: '/source' }] },
  reference: {
    check: checkReference,
    refs: (r) => [
      { collection: r.source, pointer: '/source' },
      ...(r.any_of
        ? r.any_of.map((t, k) => ({ collection: t.target, pointer: `/any_of/${k}/target` }))
        : [{ collection: r.target!, pointer: '/target' }]),
    ],
  },
  leftover: {
    check: checkLeftover,
    refs: (r) => [
      { collection: r.source, pointer: '/source' },
      ...r.leftovers.map((l, j) => ({ collection: l.target, pointer: `/leftovers/${j}/target` })),
    ],
  },
  schema: { check: checkSchema, refs: () => [] },
};

const two = (source: string, target: string): CollectionRef[] => [
  { collection: source, pointer: '/source' },
  { collection: target, pointer: '/target' },
];

export function runRule(rule: RuleDef, ctx: RuleContext): RuleOutcome {
  return (RULE_KINDS[rule.kind] as RuleKind<RuleDef>).check(rule, ctx);
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
  const refs = (RULE_KINDS[rule.kind] as RuleKind<RuleDef>).refs(rule);
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
