import type { Where } from '../../records/compileWhere';
import type { ValueExpr } from '../../records/expr';
import type { RuleBase } from '../ruleParts';

export interface RequireRule extends RuleBase {
  kind: 'require';
  source: string;
  where?: Where;
  /** Keys that select records by key (e.g. named capabilities); each must exist. */
  keys?: string[];
  /** Keys of records exempt from every per-record check of this rule. */
  exempt?: string[];
  fields?: string[] | { from: { file: string; select: string } };
  non_empty?: string[];
  enum?: Record<string, unknown[]>;
  /** `{ field: regex }`, or `{ field: { pattern, ignore_case } }`. */
  pattern?: Record<string, string | { pattern: string; ignore_case?: boolean }>;
  forbid?: { fields: string[]; pattern: string; message?: string; ignore_case?: boolean; what?: string };
  min?: Record<string, number>;
  max?: Record<string, number>;
  /** Set-level: every listed value appears in the field across the selected records. */
  covers?: { field: string; values: unknown[] };
  /** Set-level: how many records must be selected, at least and at most. */
  count?: { min?: number; max?: number; message?: string };
  /** Literal comparisons, e.g. `{ plane: fabric }`. */
  equals?: Record<string, unknown>;
  /** Computed values (a value expression, one per list item for a template over a list) and the condition each passes. */
  expect?: Array<{ id?: string; value: ValueExpr; is: unknown; message?: string }>;
  /** Any filter condition, per field, as an assertion: `{ generated: { max_age: 14d } }`. */
  satisfies?: Where;
}
