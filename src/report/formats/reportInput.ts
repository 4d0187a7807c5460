import type { Finding, GateResult, RunResult } from '../../types';
import type { Registry } from '../../registry/registryTypes';

/**
 * What every machine format reports: the run's results (one for `--all` and `--staged`; for `ci`
 * and pre-push, one per checked commit, holding the findings that commit is reported for), and
 * enough context to describe the gates and place the files.
 */
export interface ReportInput {
  mode: 'all' | 'staged' | 'ci' | 'fix';
  runs: Array<{ commit?: { sha: string; subject: string }; result: RunResult }>;
  registry: Registry;
  version: string;
  /** Absolute path of the SSOT root. */
  root: string;
  /**
   * The SSOT root relative to the repository's top level (`infra/`), prefixed to every path a code
   * host reads (SARIF, annotations, Code Quality): they resolve paths from the top level. '' when
   * the root is the top level or not in git.
   */
  prefix: string;
  exitCode: number;
  /** Problems that are not a gate's (the override log's integrity), with their commit. */
  integrity?: Array<{ sha?: string; file: string; line: number; message: string }>;
}

export interface Reported {
  gate: GateResult;
  finding: Finding;
  commit?: { sha: string; subject: string };
}

/** Every finding of the input, with its gate and commit, in report order. */
export function reported(input: ReportInput): Reported[] {
  return input.runs.flatMap((r) =>
    r.result.gates.flatMap((gate) => gate.findings.map((finding) => ({ gate, finding, ...(r.commit ? { commit: r.commit } : {}) }))),
  );
}

/** The path a code host resolves: the SSOT root's prefix, then the finding's path. */
export function hostPath(input: ReportInput, file: string): string {
  return `${input.prefix}${file}`.replace(/^\.\//, '');
}
