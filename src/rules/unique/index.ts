import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type RuleKind } from '../RuleKind';
import type { UniqueRule } from './UniqueRule';
import { checkUnique } from './checkUnique';
import { fixUnique } from './fixUnique';

export type { UniqueRule } from './UniqueRule';

/** A field's value is unique across the selected records (docs/rules/unique.md). */
export const uniqueKind: RuleKind<UniqueRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkUnique,
  fix: fixUnique,
  refs: (r) => [{ collection: r.source, pointer: '/source' }],
  params: { ...BASE_PARAMS, ...SOURCE_PARAMS, field: 'values', transform: 'opaque' },
};
