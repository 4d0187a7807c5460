import type { Severity } from '../../types';
import type { Where } from '../../records/compileWhere';
import type { MatchDef, ParityField, RuleBase } from '../ruleParts';

/** One place a requirement may be met: a collection, a filter on it, and how records match. */
export interface TargetDef {
  target: string;
  where?: Where;
  /** One or more ways to match; a source record is covered when any of them finds a target. */
  match: MatchDef | MatchDef[];
}

export interface RequirementDef {
  id: string;
  target?: string;
  where?: Where;
  match?: MatchDef | MatchDef[];
  /** Several collections, any of which may hold the counterpart (a probe's host: an SSH target or a registry host). */
  any_of?: TargetDef[];
  unless?: Where;
  severity?: Severity;
  parity?: ParityField[];
  message?: string;
  /** The requirement applies only where its target collection exists (its file, and the key it selects). */
  if_present?: boolean;
}

export interface CoverageRule extends RuleBase {
  kind: 'coverage';
  source: string;
  where?: Where;
  requirements: RequirementDef[];
}
