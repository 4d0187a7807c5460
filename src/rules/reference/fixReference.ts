import type { ReferenceRule } from './ReferenceRule';
import { nearestKey, type KindFix } from '../repair';
import { compileExpr } from '../../records/expr';
import { FIX_MSG } from '../../messages';
import { MESSAGES } from './messages';

/** No automatic repair: which record was meant is not derivable; the nearest existing key is suggested. */
export const fixReference: KindFix<ReferenceRule> = {
  explain: (rule) => MESSAGES.repairExplain(compileExpr(rule.field).text),
  repair(rule, finding, ctx) {
    const value = finding.repair?.value;
    const reason = MESSAGES.repairNone(compileExpr(rule.field).text);
    if (value === undefined) return { kind: 'none', reason };
    const places = rule.any_of ?? [{ target: rule.target!, target_field: rule.target_field! }];
    const keys = places.flatMap((p) => {
      const c = ctx.store.get(p.target);
      const e = compileExpr(p.target_field);
      return c.problems.length ? [] : c.records.flatMap((r) => e.values(r));
    });
    const nearest = nearestKey(String(value), keys);
    return { kind: 'none', reason: nearest ? `${reason}; ${FIX_MSG.suggest(String(value), nearest)}` : reason };
  },
};
