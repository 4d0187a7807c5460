import type { Finding } from '../types';
import type { Need, Repair } from '../rules/kinds';

/** Where in a file's text (as it is on disk) an edit starts and ends: 1-based lines and columns, the end exclusive. */
export interface TextRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** One finding's edit on its own, against the file as it is: what JSON and SARIF reports carry. */
export interface FindingEdit {
  file: string;
  range: TextRange;
  replacement: string;
}

/** A finding with its repair: the edit that fixes it, or what it needs, or why there is none. */
export interface FixItem {
  finding: Finding;
  repair: Repair;
  /** Its edit on its own (for reports); undefined when it has none or the file was refused. */
  edit?: FindingEdit;
  /** Why its edit is not made although derivable (the file does not parse, verification found a new finding…). */
  refused?: string;
}

/** Every edit of one file, made together or not at all. */
export interface FilePlan {
  file: string;
  before: Buffer;
  after: Buffer;
  /** The findings its edits fix. */
  items: FixItem[];
}

export interface Plan {
  files: FilePlan[];
  /** Findings without an edit: needs, none, refused. */
  unfixed: FixItem[];
  /** Findings without an edit of their own that the verified edits close all the same (a reference to an entry added). */
  closed?: FixItem[];
}

export type { Need, Repair };
