import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type RuleKind } from '../RuleKind';
import type { RequireRule } from './RequireRule';
import { checkRequire } from './checkRequire';
import { fixRequire } from './fixRequire';

export type { RequireRule } from './RequireRule';

const key = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field-level assertions on each selected record, set-level ones on the selection (docs/rules/require.md). */
export const requireKind: RuleKind<RequireRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkRequire,
  fix: fixRequire,
  forbids: (r) => (r.forbid ? [{ pattern: r.forbid.pattern, ignore_case: r.forbid.ignore_case, what: r.forbid.what }] : []),
  // Each record carries its fields on its own; `keys`, `covers` and `count` look at the selection as a whole.
  perRecord: (r) => (r.keys || r.covers || r.count ? undefined : { source: r.source, where: r.where }),
  refs: (r) => [{ collection: r.source, pointer: '/source' }],
  reads: (r) => (r.fields && !Array.isArray(r.fields) ? [{ value: r.fields.from.file, pointer: '/fields/from/file', as: 'repo' }] : []),
  lists: (r) => (r.fields && !Array.isArray(r.fields) ? [r.fields.from] : []),
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    keys: 'requirement',
    exempt: 'exclusion',
    // A list of names is required; a list read from a file is compared by governance itself (`lists`).
    fields: 'requirement',
    non_empty: 'requirement',
    // The values a field may take: one more is accepted.
    enum: { each: 'alternatives' },
    pattern: 'opaque',
    forbid: { fields: { fields: 'requirement' } },
    min: 'opaque',
    max: 'opaque',
    covers: { fields: { values: 'requirement' } },
    count: 'opaque',
    equals: 'opaque',
    satisfies: 'opaque',
    expect: 'opaque',
  },
  patterns: {
    pattern: (v) =>
      isMap(v) ? Object.entries(v).flatMap(([f, s]) => (typeof s === 'string' ? [{ pointer: `/${key(f)}`, pattern: s }] : [])) : undefined,
    forbid: (v) => (isMap(v) ? (typeof v.pattern === 'string' ? [{ pointer: '/pattern', pattern: v.pattern }] : []) : undefined),
  },
};
