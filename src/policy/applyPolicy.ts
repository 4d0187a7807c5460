import { ExitCode, type Finding, type GateResult, type PolicyReport, type RunResult, type Severity } from '../types';
import type { BaselineEntry, OverrideRecord } from './policyRecords';
import { scopeMatches } from './scopeMatches';

export interface PolicyInput {
  baseline?: readonly BaselineEntry[];
  overrides?: readonly OverrideRecord[];
  /** Records a merge carries in from its other parents: each covers the findings it was recorded for (its fingerprints). */
  carried?: readonly OverrideRecord[];
  /** Every gate ran over every file it reads (`--all`): baseline entries not seen are fixed. */
  fullRun?: boolean;
  failOn?: Severity;
}

/**
 * Whether a baseline entry may cover the finding: not when it means the gate cannot read a file (the
 * baseline covers findings, never a gate's sight), nor a weakening of a gate (a decision, recorded
 * by an override, never a known gap).
 */
export function baselineMayCover(f: Finding): f is Finding & { fingerprint: string } {
  return !!f.fingerprint && !f.blinding && !f.check.startsWith('governance/');
}

/**
 * Baseline and overrides, applied to a run's findings: a covered finding stays in the report, marked
 * as pre-existing or overridden, and no longer fails its gate. Pure: same input, same verdict.
 */
export function applyPolicy(result: RunResult, input: PolicyInput): RunResult {
  const byPrint = new Map((input.baseline ?? []).map((e) => [`${e.gate}\0${e.fingerprint}`, e]));
  const seen = new Set<string>();
  const used = new Map<string, number>();
  const gates: GateResult[] = result.gates.map((g) => {
    const findings = g.findings.map((f): Finding => {
      if (f.fingerprint) seen.add(f.fingerprint);
      // An entry covers a finding of the gate it names only (an entry filed under another gate would
      // make adding it weaken the wrong gate: governance/baselineGrowth.ts).
      const entry = baselineMayCover(f) ? byPrint.get(`${f.gate}\0${f.fingerprint}`) : undefined;
      if (entry) return { ...f, suppressed: { by: 'baseline', ref: entry.ref, owner: entry.owner } };
      // Every record that covers the finding is used (two overrides of one gate in a squashed commit are
      // both needed, neither stale); the report names the first.
      const covering = [
        ...(input.overrides ?? []).filter((r) => r.scope.some((s) => scopeMatches(s, f))),
        ...(input.carried ?? []).filter((r) => f.fingerprint !== undefined && r.fingerprints.includes(f.fingerprint)),
      ];
      for (const r of covering) used.set(r.id, (used.get(r.id) ?? 0) + 1);
      const o = covering[0];
      if (o)
        return {
          ...f,
          suppressed: { by: 'override', id: o.id, reason: o.reason, author: `${o.author.name} <${o.author.email}>`, ref: o.reference },
        };
      return f;
    });
    return { ...g, findings, status: statusOf(g, findings) };
  });
  const ran = new Set(gates.filter((g) => g.status !== 'skip').map((g) => g.id));
  const policy: PolicyReport = {
    baselineFixed: input.fullRun
      ? (input.baseline ?? [])
          .filter((e) => ran.has(e.gate) && !seen.has(e.fingerprint))
          .map(({ fingerprint, gate, check, entity, ref }) => ({ fingerprint, gate, check, entity, ref }))
      : [],
    unusedOverrides: (input.overrides ?? []).filter((o) => !used.has(o.id)).map((o) => o.id),
    appliedOverrides: [...(input.overrides ?? []), ...(input.carried ?? [])]
      .filter((o) => used.has(o.id))
      .map((o) => ({
        id: o.id,
        gates: o.scope,
        reason: o.reason,
        author: `${o.author.name} <${o.author.email}>`,
        covered: used.get(o.id)!,
      })),
    baselined: gates.reduce((n, g) => n + g.findings.filter((f) => f.suppressed?.by === 'baseline').length, 0),
  };
  const failing = (s: string) => s === 'fail' || (input.failOn === 'warn' && s === 'warn');
  return { ...result, gates, exitCode: gates.some((g) => failing(g.status)) ? ExitCode.GateFailure : ExitCode.Pass, policy };
}

function statusOf(g: GateResult, findings: Finding[]): GateResult['status'] {
  if (g.status === 'skip') return 'skip';
  const open = findings.filter((f) => !f.suppressed);
  if (open.some((f) => f.severity === 'error')) return 'fail';
  return open.length || g.note ? 'warn' : 'pass';
}
