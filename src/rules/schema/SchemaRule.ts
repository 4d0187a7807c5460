import type { RuleBase } from '../ruleParts';

export interface SchemaRule extends RuleBase {
  kind: 'schema';
  /** File keys or glob patterns, each validated against `schema`. */
  files: Array<{ file?: string; glob?: string; schema: string }>;
}
