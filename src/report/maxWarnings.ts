import { ExitCode, type Finding } from '../types';
import type { Io } from '../cli/io';

/**
 * `--max-warnings N` (ESLint's option): more open warnings than N fail a run that would otherwise
 * pass. Said on stderr, so that every report format stays what it is.
 */
export function maxWarningsExit(exitCode: number, findings: readonly Finding[], max: number | undefined, io: Io): number {
  if (max === undefined) return exitCode;
  const seen = new Set<string>();
  const warnings = findings.filter((f) => f.severity === 'warn' && !f.suppressed && !seen.has(key(f)) && seen.add(key(f))).length;
  if (warnings <= max) return exitCode;
  io.err(`spine-hooks: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${max} allows\n`);
  return exitCode === ExitCode.Pass ? ExitCode.GateFailure : exitCode;
}

const key = (f: Finding) => f.fingerprint ?? `${f.gate}\0${f.check}\0${f.file}\0${f.line}\0${f.message}`;
