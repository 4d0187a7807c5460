import type { Where } from '../../records/compileWhere';
import type { RuleBase } from '../ruleParts';

/**
 * Each selected record compared with its own version (the record of the same key) in the commit's base:
 * the first parent of the commit checked or being made, HEAD for `--all` (docs/rules/history.md).
 */
export interface HistoryRule extends RuleBase {
  kind: 'history';
  source: string;
  /** Selects the records compared (read at the head), and the base records `never_removed` keeps (read in the base). */
  where?: Where;
  /** A base record matching `where` still has a record of its key. */
  never_removed?: boolean;
  /** Fields whose number, duration or time never goes down (nor is unset once set). */
  never_decreases?: string[];
  /** Fields whose number, duration or time never goes up (nor is unset once set). */
  never_increases?: string[];
  /** Fields that never change once set. */
  unchanged?: string[];
  /** A key is never given to another thing: one whose every identity field (set on both sides) differs. */
  never_reused?: { identity: string[] };
}
