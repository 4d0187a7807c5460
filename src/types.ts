/** Severity a gate or a single check reports with. `off` only exists in configuration. */
export type Severity = 'error' | 'warn';
export type SeverityOrOff = Severity | 'off';

export type GateStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** Exit codes (STYLE.md): 0 pass, 1 gate failure, 2 usage/config/internal error. */
export enum ExitCode {
  Pass = 0,
  GateFailure = 1,
  UsageOrConfig = 2,
}

export interface SourceLocation {
  file: string;
  /** 1-based; 0 when the location is the whole file (e.g. a missing file). */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
}

export interface RelatedLocation extends Partial<SourceLocation> {
  file: string;
  message: string;
}

/**
 * Where a record sits in its file, for `spine-hooks fix` to edit it: the YAML path of its list item or map
 * entry (the document: []), or the 1-based line of its Markdown table row.
 */
export type RecordPlace = { path: ReadonlyArray<string | number> } | { row: number };

/** A record a finding names for its repair: its collection, file, place in the file and entity. */
export interface RecordRef {
  collection: string;
  file: string;
  place?: RecordPlace;
  entity: string;
}

/**
 * What `spine-hooks fix` needs to repair a finding (src/fix/, each kind's `fix`): the record it is about
 * and, by kind, where its counterpart belongs or which field disagrees. Never reported as such.
 */
export interface RepairRef {
  /** coverage: the source record; parity: the target record, whose field is set; leftover: the live reference. */
  record: RecordRef;
  /** coverage: the collection the missing entry belongs to. */
  target?: string;
  /** parity: the field of `record` to set; reference: the field naming a missing record. */
  field?: string;
  /** parity: the source side's value as written there; reference: the dangling value. */
  value?: string | number | boolean;
}

export interface Finding extends SourceLocation {
  gate: string;
  severity: Severity;
  /** Stable identifier of the check that produced the finding, e.g. `coverage/ssh-target`. */
  check: string;
  message: string;
  /** Stable id of the entity the finding is about (e.g. a VM hostname), used by fingerprints. */
  entity?: string;
  /** Where the missing or disagreeing counterpart lives (or belongs). */
  related?: RelatedLocation;
  /** Stable across line moves and rewording: gate + check + entity (see policy/fingerprint.ts). */
  fingerprint?: string;
  /** Set when a baseline entry or an override covers the finding: it is shown but does not fail. */
  suppressed?: Suppression;
  /**
   * The gate could not see a file it reads (missing, unreadable, not parseable): the baseline never
   * covers such a finding, since it covers findings, not a gate's sight. An override can (one commit).
   */
  blinding?: true;
  /**
   * The finding names one of two records where either could be named (a duplicate value). A run that
   * knows the state before the change (pre-commit, pre-push, ci) runs the gate again to name the one
   * the change brought in (run.ts). Never reported.
   */
  sided?: true;
  /** What a repair needs (see RepairRef): set by the kinds that can say; dropped from reports. */
  repair?: RepairRef;
  /** `spine-hooks fix` reports: the edit that repairs the finding, or the values it needs to derive one. */
  fix?: FindingFix;
}

/** A finding's repair as `fix -f json|sarif` reports it: an edit of a file (range end exclusive, 1-based), or what is needed. */
export type FindingFix =
  | {
      file: string;
      range: { start: { line: number; column: number }; end: { line: number; column: number } };
      replacement: string;
    }
  | { needs: Array<{ field: string; how: string }> };

export type Suppression =
  { by: 'baseline'; ref?: string; owner?: string } | { by: 'override'; id: string; reason: string; author: string; ref?: string };

export interface GateResult {
  id: string;
  name: string;
  status: GateStatus;
  severity: Severity;
  lanes: string[];
  durationMs: number;
  /** Why the gate did not run (`skip`) or what it checked nothing of. */
  note?: string;
  findings: Finding[];
  /** The verdict was read from the result cache (an earlier run on the same content), not evaluated again. */
  cached?: true;
}

export interface RunResult {
  exitCode: ExitCode;
  gates: GateResult[];
  lanes: LaneSummary[];
  /** Baseline entries no longer found (fixed), and overrides that covered nothing. */
  policy?: PolicyReport;
}

export interface PolicyReport {
  baselineFixed: Array<{ fingerprint: string; gate: string; check: string; entity?: string; ref?: string }>;
  unusedOverrides: string[];
  appliedOverrides: Array<{ id: string; gates: string[]; reason: string; author: string; covered: number }>;
  baselined: number;
}

export interface LaneSummary {
  lane: string;
  gates: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
}
