import type { Severity } from '../../types';
import type { Where } from '../../records/compileWhere';
import type { MatchDef, RuleBase } from '../ruleParts';

/** A place where a selected record must leave nothing behind (see rules/leftover.ts). */
export interface LeftoverDef {
  id: string;
  target: string;
  /** Which target records count as live leftovers (`enabled: { not: false }`). */
  where?: Where;
  match: MatchDef | MatchDef[];
  /** Source records that need not be looked for here (a hostname an active VM took over). */
  unless?: Where;
  severity?: Severity;
  /** What to do about it, appended to the message. */
  fix?: string;
  if_present?: boolean;
}

export interface LeftoverRule extends RuleBase {
  kind: 'leftover';
  source: string;
  where?: Where;
  leftovers: LeftoverDef[];
  /** The field the message quotes as the record's state (default `status`). */
  status_field?: string;
}
