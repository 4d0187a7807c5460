import type { ReportInput } from './reportInput';
import { hostPath, reported } from './reportInput';
import { createHash } from 'node:crypto';

/**
 * GitLab Code Quality (a CodeClimate subset): one issue per open finding, with a fingerprint unique
 * in the report (GitLab compares reports between branches by it), the severity (error → major,
 * warning → minor, as ESLint's formatter maps them), and the path from the repository's top level.
 */
export function formatGitlab(input: ReportInput): string {
  const seen = new Map<string, number>();
  const issues = reported(input)
    .filter(({ finding }) => !finding.suppressed)
    .map(({ gate, finding: f }) => {
      const base =
        f.fingerprint ??
        createHash('sha256').update(`${gate.id}\0${f.check}\0${f.file}\0${f.line}\0${f.message}`).digest('hex').slice(0, 16);
      // The same finding reported for two commits keeps one fingerprint per occurrence.
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return {
        type: 'issue',
        check_name: `${gate.id}/${f.check}`,
        description: `${gate.id} ${f.message}`,
        categories: ['Bug Risk'],
        severity: f.severity === 'error' ? 'major' : 'minor',
        fingerprint: n ? `${base}-${n}` : base,
        location: { path: hostPath(input, f.file), lines: { begin: Math.max(1, f.line) } },
      };
    });
  for (const x of input.integrity ?? []) {
    issues.push({
      type: 'issue',
      check_name: 'spine-hooks/integrity',
      description: x.message,
      categories: ['Security'],
      severity: 'critical',
      fingerprint: createHash('sha256')
        .update(`integrity\0${x.sha ?? ''}\0${x.file}\0${x.line}\0${x.message}`)
        .digest('hex')
        .slice(0, 16),
      location: { path: hostPath(input, x.file), lines: { begin: Math.max(1, x.line) } },
    });
  }
  return JSON.stringify(issues, null, 2);
}
