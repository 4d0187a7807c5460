import type { LeftoverDef, LeftoverRule } from './LeftoverRule';
import { checkOf, findRecord, scalarOf, type EntryValue, type KindFix } from '../repair';
import { FIX_MSG } from '../../messages';
import { MESSAGES } from './messages';

/**
 * A live reference left behind is disabled where the leftover's filter says what live means with one field
 * (`enabled: { not: false }`: set `enabled: false`), else removed.
 */
export const fixLeftover: KindFix<LeftoverRule> = {
  explain: (rule) =>
    rule.leftovers
      .map((l) => {
        const off = disabling(l);
        return off ? MESSAGES.repairDisable(l.id, l.target, off.field, String(off.value)) : MESSAGES.repairRemove(l.id, l.target);
      })
      .join('\n'),
  repair(rule, finding, ctx) {
    const id = checkOf(rule.id, 'leftover', finding.check);
    const l = rule.leftovers.find((x) => x.id === id);
    if (!l || !finding.repair) return { kind: 'none', reason: FIX_MSG.noCounterpartKnown() };
    const ref = finding.repair.record;
    if (!findRecord(ctx.store, ref)) return { kind: 'none', reason: FIX_MSG.noRecord(ref.entity, ref.file) };
    const off = disabling(l);
    return off ? { kind: 'set', record: ref, field: off.field, value: off.value } : { kind: 'remove', record: ref };
  },
};

/** The one field and value that make a target record not live: `where: { enabled: { not: false } }` gives enabled = false. */
function disabling(l: LeftoverDef): { field: string; value: EntryValue } | undefined {
  const entries = Object.entries(l.where ?? {});
  if (entries.length !== 1) return undefined;
  const [field, cond] = entries[0];
  if (field.startsWith('$') || !cond || typeof cond !== 'object' || Array.isArray(cond)) return undefined;
  const keys = Object.keys(cond);
  if (keys.length !== 1 || keys[0] !== 'not') return undefined;
  const value = scalarOf((cond as { not: unknown }).not);
  return value === undefined ? undefined : { field, value };
}
