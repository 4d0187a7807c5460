import fragment from './schema.json';
import { MESSAGES, RULE_MSG } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type RuleKind, type ShapeProblem } from '../RuleKind';
import type { HistoryRule } from './HistoryRule';
import { checkHistory } from './checkHistory';
import { fixHistory } from './fixHistory';
import type { CollectionDef } from '../../registry/registryTypes';

export type { HistoryRule } from './HistoryRule';

/** The field lists of a history rule, each a check of its own. */
const LISTS = ['never_decreases', 'never_increases', 'unchanged'] as const;

/** Each selected record compared with its own version in the commit's base (docs/rules/history.md). */
export const historyKind: RuleKind<HistoryRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkHistory,
  fix: fixHistory,
  refs: (r) => [{ collection: r.source, pointer: '/source' }],
  readsBase: true,
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    // Switching it off asks less; on, more: a boolean the governance reads as opaque (any change is weaker).
    never_removed: 'opaque',
    // A field dropped from a list is a field no longer held: weaker.
    never_decreases: 'requirement',
    never_increases: 'requirement',
    unchanged: 'requirement',
    // A record keeps its identity while one identity field is the same: a field added excuses more.
    never_reused: { fields: { identity: 'alternatives' } },
  },
  problems: historyProblems,
  subIds: (r) => [
    ...(r.never_removed ? ['removed'] : []),
    ...(r.never_decreases?.length ? ['decreased'] : []),
    ...(r.never_increases?.length ? ['increased'] : []),
    ...(r.unchanged?.length ? ['changed'] : []),
    ...(r.never_reused ? ['reused'] : []),
  ],
  explain: (r) =>
    [
      "against the commit's base",
      ...(r.never_removed ? ['never removed'] : []),
      ...LISTS.flatMap((k) => (r[k]?.length ? [`${k.replace('_', ' ')} ${r[k].join(', ')}`] : [])),
      ...(r.never_reused ? [`never reused (identity ${r.never_reused.identity.join(', ')})`] : []),
    ].join('; '),
};

/**
 * What the schema cannot say, checked after parameters are substituted: a check to make, field lists of
 * names, and a collection whose records have keys (each is compared with the base's record of its key).
 */
function historyProblems(r: HistoryRule, collections?: Readonly<Record<string, CollectionDef>>): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  const fields = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'string' && f !== '');
  for (const k of LISTS) if (r[k] !== undefined && !fields(r[k])) out.push({ message: RULE_MSG.badFields(k), pointer: `/${k}` });
  if (r.never_reused !== undefined && !fields(r.never_reused.identity))
    out.push({ message: RULE_MSG.badFields('never_reused.identity'), pointer: '/never_reused/identity' });
  if (r.never_removed !== undefined && typeof r.never_removed !== 'boolean')
    out.push({ message: RULE_MSG.badSwitch('never_removed'), pointer: '/never_removed' });
  if (!r.never_removed && !LISTS.some((k) => r[k] !== undefined) && !r.never_reused) out.push({ message: RULE_MSG.noCheck(), pointer: '' });
  const def = collections?.[r.source];
  if (def && keyOf(def) === undefined) out.push({ message: RULE_MSG.noKey(r.source), pointer: '/source' });
  return out;
}

/** The field a collection's records are keyed by, as the collection store reads it. */
function keyOf(def: CollectionDef): string | undefined {
  if (def.shape === 'map') return def.key_as ?? 'key';
  if (def.shape === 'values') return def.key ?? 'value';
  return def.key;
}
