import type { RunResult } from '../types';

/** The documented machine report (schemas/report.schema.json). */
export function formatJson(result: RunResult, meta: { version: string; snapshot: string }): string {
  return JSON.stringify(
    {
      tool: 'spine-hooks',
      version: meta.version,
      snapshot: meta.snapshot,
      exitCode: result.exitCode,
      gates: result.gates.map((g) => ({
        id: g.id,
        name: g.name,
        status: g.status,
        severity: g.severity,
        lanes: g.lanes,
        durationMs: g.durationMs,
        ...(g.cached ? { cached: true } : {}),
        ...(g.note ? { note: g.note } : {}),
        findings: g.findings,
      })),
      lanes: result.lanes,
      ...(result.policy ? { policy: result.policy } : {}),
    },
    null,
    2,
  );
}
