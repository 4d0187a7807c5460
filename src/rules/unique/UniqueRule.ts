import type { Where } from '../../records/compileWhere';
import type { Transform, ValueExpr } from '../../records/expr';
import type { RuleBase } from '../ruleParts';

export interface UniqueRule extends RuleBase {
  kind: 'unique';
  source: string;
  where?: Where;
  /** A value expression, or a list of them for a composite key (`[vm, port]`). */
  field: ValueExpr | ValueExpr[];
  transform?: Transform[];
}
