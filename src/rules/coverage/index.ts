import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type RuleKind } from '../RuleKind';
import type { CoverageRule } from './CoverageRule';
import { checkCoverage, targetsOf } from './checkCoverage';
import { fixCoverage } from './fixCoverage';

export type { CoverageRule, RequirementDef, TargetDef } from './CoverageRule';

/** Every selected source record has a counterpart in each required place (docs/rules/coverage.md). */
export const coverageKind: RuleKind<CoverageRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkCoverage,
  fix: fixCoverage,
  // Each source record is looked for in the targets on its own.
  perRecord: (r) => ({ source: r.source, where: r.where }),
  refs: (r) => [
    { collection: r.source, pointer: '/source' },
    ...r.requirements.flatMap((q, j) =>
      q.any_of
        ? q.any_of.map((t, k) => ({ collection: t.target, pointer: `/requirements/${j}/any_of/${k}/target` }))
        : targetsOf(q).map((t) => ({ collection: t.target, pointer: `/requirements/${j}/target` })),
    ),
  ],
  params: {
    ...BASE_PARAMS,
    ...SOURCE_PARAMS,
    // Counterparts: a wider target filter finds more of them, so asks less.
    requirements: { counterparts: -1 },
  },
  problems: (r) =>
    r.requirements.flatMap((q, j) =>
      !q.any_of === !(q.target && q.match) || (q.any_of && q.where)
        ? [
            {
              message: 'a requirement needs either target and match (with an optional where), or any_of (not both)',
              pointer: `/requirements/${j}`,
            },
          ]
        : [],
    ),
  subIds: (r) => r.requirements.map((q) => q.id),
  explain: (r) => r.requirements.map((q) => `${q.id}${q.severity === 'warn' ? ' (warning)' : ''}`).join(', '),
};
