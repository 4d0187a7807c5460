import type { Severity } from '../types';
import type { Transform, ValueExpr } from '../records/expr';
import type { MatchDef } from '../records/matchIndex';
import type { Where } from '../records/compileWhere';

export type { MatchDef };

/** What the rules of every kind share: how records match, how fields compare, the fields every rule may set. */

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
  /** The rule applies only when a document elsewhere holds these values (see WhenDef). */
  when?: WhenDef;
}

/**
 * A document-level condition: the YAML value at `select` in `file` (the whole document without it),
 * read as one record, passes `where`. A file or key that is not there means the condition does not hold.
 */
export interface WhenDef {
  file: string;
  select?: string;
  where: Where;
}
