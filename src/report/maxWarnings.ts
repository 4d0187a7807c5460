import { ExitCode, type Finding } from '../types';
import { CLI_MSG } from '../messages';

/**
 * `--max-warnings N` (ESLint's option): more open warnings than N fail a run that would otherwise
 * pass. Said on stderr, so that every report format stays what it is.
 */
export function maxWarningsExit(
  exitCode: ExitCode,
  findings: readonly Finding[],
  max: number | undefined,
  io: { err: (text: string) => void },
): ExitCode {
  if (max === undefined) return exitCode;
  const seen = new Set<string>();
  const warnings = findings.filter((f) => f.severity === 'warn' && !f.suppressed && !seen.has(key(f)) && seen.add(key(f))).length;
  if (warnings <= max) return exitCode;
  io.err(CLI_MSG.tooManyWarnings(warnings, max));
  return exitCode === ExitCode.Pass ? ExitCode.GateFailure : exitCode;
}

const key = (f: Finding) => f.fingerprint ?? `${f.gate}\0${f.check}\0${f.file}\0${f.line}\0${f.message}`;
