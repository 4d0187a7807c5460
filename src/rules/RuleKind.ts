import type { RuleDef } from './RuleDef';
import type { RuleContext, RuleOutcome } from './context';
import type { RuleBase } from './ruleParts';
import type { Where } from '../records/compileWhere';
import type { CollectionDef } from '../registry/registryTypes';
import type { KindFix } from './repair';
import type { MatchDef } from '../records/matchIndex';

/** A place a rule looks values up in: the records `where` selects of `collection`, indexed by `match`. */
export interface IndexedPlace {
  collection: string;
  where?: Where;
  match: MatchDef;
}

/** A collection a rule reads, and where the rule names it (a JSON pointer below the rule). */
export interface CollectionRef {
  collection: string;
  pointer: string;
  /** Read by a filter's `$join`, not by the rule itself: the engine reports its problems. */
  join?: boolean;
  /** A `$join` with `if_present: true`: the collection may be absent, and its absence is no finding. */
  optional?: boolean;
}

/** How a path is confined (registry/confinePaths.ts): a repository file, a glob over them, or a JSON Schema. */
export type PathKind = 'repo' | 'glob' | 'schema';

/**
 * A path a rule reads besides the files of its collections, and where it names it (a JSON pointer below the
 * rule): a file key or repository path (`repo`), a glob over repository paths, or a JSON Schema (a bare file
 * name is one of the package's schemas/, a path with `/` one of the repository's).
 */
export interface ReadPath {
  value: string;
  pointer: string;
  as: PathKind;
}

/** A list of values read from a file (`fields: { from: { file, select } }`): an item removed asks less of the gate. */
export interface ReadList {
  file: string;
  select: string;
}

/**
 * How a rule field's value, where a parameter (`$param`) supplies it or part of it, weakens or strengthens the
 * gate when it changes (governance/paramRoles.ts reads it):
 *
 *   { filter: 1 }      a filter selecting what is checked (more selected: stronger)
 *   { filter: -1 }     a filter on counterparts or excuses (more selected: weaker)
 *   'values'           value expressions: an `any_of` lists alternatives, anything else is opaque
 *   'exclusion'        a list taking records out of what is checked: an item added checks less
 *   'requirement'      a list of what is checked or required: an item removed checks less
 *   'alternatives'     a list of accepted values: an item added accepts more
 *   { counterparts }   a list of places a counterpart is looked for, each with its own filter (of this
 *                      polarity), `unless`, `exempt`, `any_of`, `parity`
 *   { each }           a map whose every value has this use
 *   { fields }         a map whose listed fields have these uses, the others opaque
 *   'opaque'           anything else: every change counts as weaker, since spine-hooks cannot tell that it is not
 */
export type ParamUse =
  | 'opaque'
  | 'values'
  | 'exclusion'
  | 'requirement'
  | 'alternatives'
  | { filter: 1 | -1 }
  | { counterparts: 1 | -1 }
  | { each: ParamUse }
  | { fields: Record<string, ParamUse> };

/** A use for every field a rule of the kind may set (`kind` aside): a new kind cannot leave one out. */
export type ParamUses<R> = { [K in Exclude<keyof R, 'kind'>]-?: ParamUse };

/** A pattern in a rule's field, at a JSON pointer below the field; `glob`: a glob, not a regular expression. */
export interface KindPattern {
  pointer: string;
  pattern: string;
  glob?: true;
}

/** A problem with a rule's shape that its JSON Schema does not express, at a JSON pointer below the rule. */
export interface ShapeProblem {
  message: string;
  pointer: string;
}

/**
 * A rule kind: everything about it in one object, like an ESLint rule's `meta` + `create`. The engine, the
 * loader, governance and `explain` reach a kind only through this object (src/rules/kinds.ts lists them).
 */
export interface RuleKind<R extends RuleDef> {
  /**
   * Its JSON Schema (`$defs/<kind>Rule` of schemas/gate.registry.schema.json, which the build assembles from
   * the kinds: registry/assembleRegistrySchema.ts). It may refer to the registry schema's shared `$defs`.
   */
  schema: Readonly<Record<string, unknown>>;
  /** What it says of the records it checks (src/rules/<kind>/messages.ts): one function of its data per sentence. */
  messages?: Readonly<Record<string, (...args: never[]) => string>>;
  /** Checks the rule against the records: its findings, and how many things it examined. */
  check(rule: R, ctx: RuleContext): RuleOutcome;
  /**
   * How its findings are repaired (`spine-hooks fix`, src/fix/), in src/rules/<kind>/fix<Kind>.ts: the edit
   * in terms of records, what is needed to derive one, or why there is none. Required: a kind says.
   */
  fix: KindFix<R>;
  /** Values it forbids anywhere it looks (a placeholder pattern): `fix` never writes one. */
  forbids?(rule: R): Array<{ pattern: string; ignore_case?: boolean; what?: string }>;
  /** The collections the rule names: what it loads, what selects it, what must be declared. */
  refs(rule: R): CollectionRef[];
  /** The paths it reads besides its collections' files (each confined to the repository by the loader). */
  reads?(rule: R): ReadPath[];
  /** Lists it reads from files: governance compares them, an item removed is a weakening. */
  lists?(rule: R): ReadList[];
  /** How each of its fields weakens or strengthens the gate when a parameter changes it (governance). */
  params: ParamUses<R>;
  /** Its shape problems the JSON Schema cannot say (`a or b, not both`), given the collections it may name. */
  problems?(rule: R, collections?: Readonly<Record<string, CollectionDef>>): ShapeProblem[];
  /** The ids of its parts a check id names after the rule's (`D69:touchpoint/ssh-target`), for the audit. */
  subIds?(rule: R): string[];
  /** Files it validates against a JSON Schema (what `spine-hooks schemas` maps for editors). */
  validates?(rule: R): Array<{ file?: string; glob?: string; schema: string }>;
  /** What `explain` lists after the kind and rule id (its parts). */
  explain?(rule: R): string | undefined;
  /** Regular expressions (and globs) in fields only this kind has, at JSON pointers below the field; undefined: not this shape. */
  patterns?: Partial<Record<keyof R, (value: unknown) => KindPattern[] | undefined>>;
  /**
   * It checks files, not records: in a run limited to some files, checking none of them is normal and not
   * worth the `checked nothing` warning.
   */
  checksFiles?: true;
  /**
   * Where the rule judges each record of one collection on its own (engine/recordVerdicts.ts keeps the
   * verdict of a record whose data and other inputs did not change): `source`, whose records it checks,
   * and `where`, the filter that selects them. It promises that its findings over some of the source's
   * records are the findings of those records alone, in the same order, each depending only on that
   * record and on collections other than the source, and that `checked` counts the records `where`
   * selects. Undefined for a rule that looks at the selection as a whole (a count, a `covers`).
   */
  perRecord?(rule: R): { source: string; where?: Where } | undefined;
  /**
   * Target collections it reads only to look values up (engine/ruleOutcomes.ts): each place is the
   * records `where` selects of `collection`, indexed by `match` exactly as the checker asks `indexOf`.
   * It promises that, the rule finding nothing, its outcome depends on such a place only through the
   * place's file name, whether it is absent, and the set of values its index holds: a VM's description
   * edited, an orphan check of 10,000 SSH targets against the VMs' names concludes what it did.
   */
  indexed?(rule: R): IndexedPlace[];
  /**
   * It compares records with their versions in the commit's base (the first parent; HEAD for `--all`): the
   * engine loads the base's copy of the files of its collections, for the gates that have such a rule only,
   * and hands them over as `RuleContext.base`.
   */
  readsBase?: true;
}

/** The fields every rule may set: none of them says what is checked, so a change of any counts as weaker. */
export const BASE_PARAMS: ParamUses<RuleBase> = {
  id: 'opaque',
  severity: 'opaque',
  allow_empty: 'opaque',
  if_present: 'opaque',
  when: 'opaque',
};

/** A rule's source records: `where` selects what is checked (more selected: stronger). */
export const SOURCE_PARAMS = { source: 'opaque', where: { filter: 1 } } as const satisfies Record<string, ParamUse>;

/** The references of a rule that names one source and one target collection. */
export function sourceAndTarget(r: { source: string; target: string }): CollectionRef[] {
  return [
    { collection: r.source, pointer: '/source' },
    { collection: r.target, pointer: '/target' },
  ];
}
