import type { Severity } from '../types';
import type { Transform, ValueExpr } from '../records/expr';

/** What the rules of every kind share: how records match, how fields compare, the fields every rule may set. */

export interface MatchDef {
  /** Source value expression (or `template`) compared with the target's; a list is a composite key. */
  source?: ValueExpr | ValueExpr[];
  template?: string;
  target: ValueExpr | ValueExpr[];
  /** `equals` (default) or `contains` (the target value holds the source as whole hyphen/space-separated words). */
  op?: 'equals' | 'contains';
  /** Transforms applied to both sides (e.g. `[lower]` for a case-insensitive join). */
  transform?: Transform[];
}

export interface ParityField {
  source: ValueExpr;
  target: ValueExpr;
  /**
   * When one side has no value: `ignore` (default, compared only where both are set), `source` (a
   * source without a value, where the target has one, is a mismatch), `target`, or `either`.
   */
  missing?: 'ignore' | 'source' | 'target' | 'either';
  transform?: Transform[];
}

export interface RuleBase {
  id?: string;
  severity?: Severity;
  /** A rule whose records were all filtered out checks nothing; say so (warn) unless this is set. */
  allow_empty?: boolean;
  /** The rule applies only where its source collection exists (its file, and the key it selects). */
  if_present?: boolean;
}
