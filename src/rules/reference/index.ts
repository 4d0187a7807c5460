import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type RuleKind } from '../RuleKind';
import type { ReferenceRule } from './ReferenceRule';
import { checkReference } from './checkReference';
import { fixReference } from './fixReference';
import { referenceMatch, referencePlaces } from './checkReference';

export type { ReferenceRule } from './ReferenceRule';

/** A field's value names an existing target record (docs/rules/reference.md). */
export const referenceKind: RuleKind<ReferenceRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkReference,
  fix: fixReference,
  // Each source record's values are looked up on their own.
  perRecord: (r) => ({ source: r.source, where: r.where }),
  // The targets are only looked up, by the index checkReference builds: their values decide.
  indexed: (r) => referencePlaces(r).map((p) => ({ collection: p.target, where: p.where, match: referenceMatch(r, p) })),
  refs: (r) => [
    { collection: r.source, pointer: '/source' },
    ...(r.any_of
      ? r.any_of.map((t, k) => ({ collection: t.target, pointer: `/any_of/${k}/target` }))
      : [{ collection: r.target!, pointer: '/target' }]),
  ],
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    field: 'values',
    target: 'opaque',
    target_field: 'opaque',
    // Places the named record may be: a wider filter accepts more.
    any_of: { counterparts: -1 },
    transform: 'opaque',
  },
  // One place, or several: `target` (with `target_field`) and `any_of` exclude each other.
  problems: (r) =>
    !r.any_of === !(r.target && r.target_field)
      ? [{ message: 'a reference needs either target and target_field, or any_of (not both)', pointer: '' }]
      : [],
};
