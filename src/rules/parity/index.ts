import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, sourceAndTarget, type RuleKind } from '../RuleKind';
import type { ParityRule } from './ParityRule';
import { checkParity } from './checkParity';
import { fixParity } from './fixParity';

export type { ParityRule } from './ParityRule';

/** Matched pairs of source and target records agree on the named fields (docs/rules/parity.md). */
export const parityKind: RuleKind<ParityRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkParity,
  fix: fixParity,
  refs: sourceAndTarget,
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    target: 'opaque',
    // parity compares the targets it selects: more selected, stronger.
    target_where: { filter: 1 },
    match: 'opaque',
    fields: 'values',
  },
};
