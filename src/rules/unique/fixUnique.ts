import type { UniqueRule } from './UniqueRule';
import { nearestKey, type KindFix } from '../repair';
import { FIX_MSG } from '../../messages';
import { MESSAGES } from './messages';

/** No automatic repair: which of two records holds the wrong value is not derivable. */
export const fixUnique: KindFix<UniqueRule> = {
  explain: () => MESSAGES.repairNone(),
  repair(rule, finding, ctx) {
    // The nearest other key of the collection: an entity that was perhaps meant (a copied entry not renamed).
    const c = ctx.store.get(rule.source);
    const others = c.problems.length ? [] : c.records.map((r) => r.entity).filter((e) => e !== finding.entity);
    const nearest = finding.entity ? nearestKey(finding.entity, others) : undefined;
    const reason = MESSAGES.repairNone();
    return { kind: 'none', reason: nearest && finding.entity ? `${reason}; ${FIX_MSG.suggest(finding.entity, nearest)}` : reason };
  },
};
