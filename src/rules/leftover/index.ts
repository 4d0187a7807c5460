import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type RuleKind } from '../RuleKind';
import type { LeftoverRule } from './LeftoverRule';
import { checkLeftover } from './checkLeftover';
import { fixLeftover } from './fixLeftover';

export type { LeftoverDef, LeftoverRule } from './LeftoverRule';

/** Each selected source record leaves no matching record behind in the listed places (docs/rules/leftover.md). */
export const leftoverKind: RuleKind<LeftoverRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkLeftover,
  fix: fixLeftover,
  // Each source record is looked for among the targets on its own.
  perRecord: (r) => ({ source: r.source, where: r.where }),
  refs: (r) => [
    { collection: r.source, pointer: '/source' },
    ...r.leftovers.map((l, j) => ({ collection: l.target, pointer: `/leftovers/${j}/target` })),
  ],
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    // What counts as a leftover: a wider filter finds more (stronger); `unless` excuses.
    leftovers: { counterparts: 1 },
    status_field: 'opaque',
  },
  subIds: (r) => r.leftovers.map((l) => l.id),
  explain: (r) => r.leftovers.map((l) => l.id).join(', '),
};
