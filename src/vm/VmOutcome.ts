import type { FilePlan, FixItem } from '../fix';

/** What vm add or vm retire did (or, in a dry run, would do), file by file. */
export interface VmOutcome {
  /** `VM 314 (cnc-stack)`. */
  label: string;
  /** The record's file (its edit is the record itself or its status). */
  recordFile: string;
  /** Every file's edit: before and after, with the findings it repairs. */
  files: FilePlan[];
  /** Findings about the VM left as warnings (not derivable; they do not fail --all). */
  warnings: FixItem[];
  /** Files written (not in a dry run). */
  written: string[];
  /** Files not written though planned (changed meanwhile), each with why. */
  refused: Array<{ file: string; why: string }>;
}
