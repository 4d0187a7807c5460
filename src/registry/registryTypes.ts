import type { SeverityOrOff } from '../types';
import type { MatchDef } from '../rules/ruleParts';
import type { RuleDef } from '../rules/RuleDef';

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
  file: string | string[];
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
  /** For `text`: the pattern matches regardless of case. */
  ignore_case?: boolean;
  /** Read the YAML front matter of a Markdown file (between `---` lines at its top) instead of the whole file as YAML. */
  front_matter?: boolean;
  /** The name of a field that holds the path of the record's file (`path`): one record per file of a glob knows its file. */
  file_as?: string;
  /** A file of the spine-hooks package read instead when the repository's file, or its selected key, is absent. */
  default_file?: string;
  /** How a change of these records loosens gates (governance/findWeakenings.ts). */
  strictness?: StrictnessDef[];
  description?: string;
}

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
  /** The gate applies only where its first collection exists (its file, and the key it selects). */
  if_present?: boolean;
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
  /** Where the documentation pages are served (`docs_url` of the configuration), for links in reports; none: no links. */
  docs_url?: string;
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
