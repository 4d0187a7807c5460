import { ExitCode, type Finding } from '../types';
import { CLI_MSG } from '../messages';

/** More open warnings than `--max-warnings` allows. */
export interface WarningLimit {
  warnings: number;
  max: number;
}

/**
 * `--max-warnings N` (ESLint's option): more open warnings than N fail a run that would otherwise
 * pass. Decided before any report is written, so that every report says the same: the text verdict
 * is a failure that names the limit, and the machine formats carry exit code 1.
 */
export function warningLimit(findings: readonly Finding[], max: number | undefined): WarningLimit | undefined {
  if (max === undefined) return undefined;
  const seen = new Set<string>();
  const warnings = findings.filter((f) => f.severity === 'warn' && !f.suppressed && !seen.has(key(f)) && seen.add(key(f))).length;
  return warnings > max ? { warnings, max } : undefined;
}

/** The run's exit code with the limit applied: a run over it fails (one that failed already stays as it is). */
export function limitedExit(exitCode: ExitCode, over: WarningLimit | undefined): ExitCode {
  return over && exitCode === ExitCode.Pass ? ExitCode.GateFailure : exitCode;
}

/** Said on stderr too, after the reports, so that a machine format on stdout stays what it is. */
export function sayWarningLimit(over: WarningLimit | undefined, io: { err: (text: string) => void }): void {
  if (over) io.err(CLI_MSG.tooManyWarnings(over.warnings, over.max));
}

const key = (f: Finding) => f.fingerprint ?? `${f.gate}\0${f.check}\0${f.file}\0${f.line}\0${f.message}`;
