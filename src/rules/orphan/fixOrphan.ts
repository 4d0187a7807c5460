import type { OrphanRule } from './OrphanRule';
import type { KindFix } from '../repair';
import { MESSAGES } from './messages';

/** No automatic repair (see MESSAGES.repairNone): the finding says what a person decides. */
export const fixOrphan: KindFix<OrphanRule> = {
  explain: () => MESSAGES.repairNone(),
  repair: () => ({ kind: 'none', reason: MESSAGES.repairNone() }),
};
