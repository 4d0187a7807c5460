import type { Where } from '../../records/compileWhere';
import type { MatchDef, ParityField, RuleBase } from '../ruleParts';

export interface ParityRule extends RuleBase {
  kind: 'parity';
  source: string;
  where?: Where;
  target: string;
  target_where?: Where;
  match: MatchDef;
  fields: ParityField[];
}
