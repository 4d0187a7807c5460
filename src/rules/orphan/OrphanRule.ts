import type { Where } from '../../records/compileWhere';
import type { MatchDef, RuleBase } from '../ruleParts';

export interface OrphanRule extends RuleBase {
  kind: 'orphan';
  source: string;
  where?: Where;
  /** Source key values that never need a counterpart. */
  exclude?: string[];
  target: string;
  target_where?: Where;
  match: MatchDef;
  message?: string;
}
