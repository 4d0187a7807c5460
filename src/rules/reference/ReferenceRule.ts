import type { Where } from '../../records/compileWhere';
import type { Transform, ValueExpr } from '../../records/expr';
import type { RuleBase } from '../ruleParts';

export interface ReferenceRule extends RuleBase {
  kind: 'reference';
  source: string;
  where?: Where;
  /** The field (a value expression) that names other records; a list field names one per item. */
  field: ValueExpr;
  target?: string;
  target_field?: ValueExpr;
  /** Several collections, any of which may hold the named record. */
  any_of?: Array<{ target: string; target_field: ValueExpr; where?: Where }>;
  transform?: Transform[];
}
