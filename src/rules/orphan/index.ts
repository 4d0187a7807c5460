import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, sourceAndTarget, type RuleKind } from '../RuleKind';
import type { OrphanRule } from './OrphanRule';
import { checkOrphan } from './checkOrphan';
import { fixOrphan } from './fixOrphan';

export type { OrphanRule } from './OrphanRule';

/** Every selected source record maps to a target record (docs/rules/orphan.md). */
export const orphanKind: RuleKind<OrphanRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkOrphan,
  fix: fixOrphan,
  refs: sourceAndTarget,
  // The targets are only looked up: their index's values decide.
  indexed: (r) => [{ collection: r.target, where: r.target_where, match: r.match }],
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    exclude: 'exclusion',
    target: 'opaque',
    // The targets are counterparts: more selected, fewer orphans.
    target_where: { filter: -1 },
    match: 'opaque',
    message: 'opaque',
  },
};
