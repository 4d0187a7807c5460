import type { GateResult, RunResult } from '../types';
import type { RangeOutcome } from './checkCommits';

export interface RangeSummary {
  /** One result per gate over the whole range: its first failure, else its first verdict. */
  result: RunResult;
  /** The commit each gate's result in `result` comes from. */
  gateCommits: Record<string, string>;
  /** Every finding of every checked commit. */
  findings: GateResult['findings'];
}

/** A range's verdicts as one result (what `ci --receipt` records). */
export function summarizeRange(outcome: RangeOutcome): RangeSummary {
  const gates = outcome.checked.flatMap((c) => c.result.gates.map((g) => ({ ...g, commit: c.sha })));
  const first = new Map<string, (typeof gates)[number]>();
  for (const g of gates) if (!first.has(g.id) || (g.status === 'fail' && first.get(g.id)!.status !== 'fail')) first.set(g.id, g);
  const result: RunResult = {
    exitCode: outcome.exitCode,
    gates: [...first.values()],
    lanes: [],
    policy: {
      baselineFixed: [],
      unusedOverrides: [],
      appliedOverrides: outcome.checked.flatMap((c) => c.result.policy?.appliedOverrides ?? []),
      baselined: 0,
    },
  };
  return {
    result,
    gateCommits: Object.fromEntries([...first.values()].map((g) => [g.id, g.commit])),
    findings: gates.flatMap((g) => g.findings),
  };
}
