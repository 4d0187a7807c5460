import type { Severity, SeverityOrOff } from '../types';
// Upward import (one of three, see __tests__/layers.test.ts): the configuration's model embeds the filter language's types, which
// live in records/ beside the readers that evaluate them.
import type { Where } from '../records/compileWhere';
import type { Transform, ValueExpr } from '../records/expr';

/** The registry and user configuration after parsing and validation (see schemas/gate.registry.schema.json). */

export interface TableColumn {
  header: string;
  /** How a cell becomes a value: `text` (emphasis and backticks removed), `code` (the first `code span`, else text), `ipv4`, `int`. */
  extract?: 'text' | 'code' | 'ipv4' | 'int';
  /** With `ipv4`: the column also holds other text, so a cell without an address is not a finding. */
  mixed?: boolean;
}

/** One field of a configuring collection and the change of it that asks less of the listed gates. */
export interface StrictnessDef {
  field: string;
  /** `fewer`: an item removed from the list; `{ to }`: the field becoming this value. */
  loosens: 'fewer' | { to: unknown };
  gates: string[];
}

export interface CollectionDef {
  /** A key of `files`, or a repository-relative path. */
  file: string;
  /**
   * `list` of maps, `map` of maps, one `document`, a list of plain `values`, a Markdown `table`, or
   * `text`: every match of `pattern` in the file (or in the Markdown section under `heading`).
   */
  shape: 'list' | 'map' | 'document' | 'values' | 'table' | 'text';
  /** Dotted path to the list or map inside a YAML file ('' or absent: the document root). */
  select?: string;
  key?: string;
  /** For `map`: the field name the map key is exposed as (default `key`). */
  key_as?: string;
  aliases?: Record<string, string[]>;
  defaults?: Record<string, unknown>;
  /** Dotted path of a map in the same file whose entries are defaults for absent fields. */
  defaults_from?: string;
  label?: string;
  entity?: string;
  /** For `table`: text the table's heading contains (case-insensitive). */
  heading?: string;
  columns?: Record<string, string | TableColumn>;
  /** For `table`: a missing heading yields no records instead of a finding. */
  optional?: boolean;
  /** For `text`: a regular expression whose first group is each record's `value` (default: `code spans`). */
  pattern?: string;
  /** A file of the spine-hooks package read instead when the repository's file, or its selected key, is absent. */
  default_file?: string;
  /** How a change of these records loosens gates (governance/findWeakenings.ts). */
  strictness?: StrictnessDef[];
  description?: string;
}

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

interface RuleBase {
  id?: string;
  severity?: Severity;
  /** A rule whose records were all filtered out checks nothing; say so (warn) unless this is set. */
  allow_empty?: boolean;
  /** The rule applies only where its source collection exists (its file, and the key it selects). */
  if_present?: boolean;
}

export interface CoverageRule extends RuleBase {
  kind: 'coverage';
  source: string;
  where?: Where;
  requirements: RequirementDef[];
}

export interface ParityRule extends RuleBase {
  kind: 'parity';
  source: string;
  where?: Where;
  target: string;
  target_where?: Where;
  match: MatchDef;
  fields: ParityField[];
}

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

export interface UniqueRule extends RuleBase {
  kind: 'unique';
  source: string;
  where?: Where;
  /** A value expression, or a list of them for a composite key (`[vm, port]`). */
  field: ValueExpr | ValueExpr[];
  transform?: Transform[];
}

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
  pattern?: Record<string, string>;
  forbid?: { fields: string[]; pattern: string; message?: string };
  min?: Record<string, number>;
  max?: Record<string, number>;
  /** Set-level: every listed value appears in the field across the selected records. */
  covers?: { field: string; values: unknown[] };
  /** Set-level: how many records must be selected at least. */
  count?: { min: number; message?: string };
  /** Literal comparisons, e.g. `{ plane: fabric }`. */
  equals?: Record<string, unknown>;
  /** Any filter condition, per field, as an assertion: `{ generated: { max_age: 14d } }`. */
  satisfies?: Where;
}

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

export interface SchemaRule extends RuleBase {
  kind: 'schema';
  /** File keys or glob patterns, each validated against `schema`. */
  files: Array<{ file?: string; glob?: string; schema: string }>;
}

export type RuleDef = CoverageRule | ParityRule | OrphanRule | UniqueRule | RequireRule | ReferenceRule | LeftoverRule | SchemaRule;

export interface GateDef {
  id: string;
  name: string;
  description: string;
  severity: SeverityOrOff;
  lanes: string[];
  fix_hint: string;
  /** Why the gate exists (shown by `explain`). */
  rationale?: string;
  /** The file whose existence makes the gate apply (default: the first rule's source file). */
  applies_when?: string;
  /** `always`: the gate applies whether or not its files exist (a missing file fails it); default `when-present`. */
  applies?: 'always' | 'when-present';
  params?: Record<string, unknown>;
  rules?: RuleDef[];
  /** A JavaScript gate module exporting `defineGate(...)`, relative to the file that declares the gate. */
  module?: string;
  /** With `module`: the collections the module reads (what impact analysis and loading go by; never learnt by running the module). */
  reads?: string[];
  /** With `module`: how long the module may run before it is stopped and the gate fails (default 5000). */
  timeout_ms?: number;
}

export interface LaneDef {
  id: string;
  description: string;
}

export interface Registry {
  files: Record<string, string>;
  collections: Record<string, CollectionDef>;
  lanes: LaneDef[];
  gates: GateDef[];
  audit?: { vms?: AuditDef };
}

/**
 * One column of `audit vms`: a touchpoint, and the gate checks that decide it (`D69:touchpoint/ssh-target`
 * is the `touchpoint` rule's `ssh-target` requirement of D69). The audit runs those gates and shows
 * what they concluded for each row; it does not judge by itself.
 */
export interface AuditColumn {
  id: string;
  title?: string;
  /** Checks requiring the touchpoint while the row's phase is live: ✓ passes, ✗ fails, exempt. */
  checks?: string[];
  /** Checks that a retired row left nothing here (D141): – clear, `left` a live leftover. */
  ripple?: string[];
}

export interface AuditDef {
  source: string;
  /** Where each row's phase comes from: a collection joined on the status (the lifecycle contract). */
  phase: { collection: string; match: MatchDef; field: string; live?: string };
  /** A check that the row's status is known (its failure shows the phase as `unknown`). */
  status_check?: string;
  columns: AuditColumn[];
}
