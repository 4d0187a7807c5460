import type { SchemaRule } from './SchemaRule';
import type { KindFix } from '../repair';
import { MESSAGES } from './messages';

/** No automatic repair (see MESSAGES.repairNone): the finding says what a person decides. */
export const fixSchema: KindFix<SchemaRule> = {
  explain: () => MESSAGES.repairNone(),
  repair: () => ({ kind: 'none', reason: MESSAGES.repairNone() }),
};
