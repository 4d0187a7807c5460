import type { GateResult, LaneSummary } from '../types';
import type { LaneDef } from '../registry/registryTypes';

/** Per-lane counts, in the registry's lane order; a gate counts in every lane it belongs to. */
export function summarizeLanes(lanes: readonly LaneDef[], results: readonly GateResult[]): LaneSummary[] {
  return lanes
    .map((lane) => {
      const gates = results.filter((r) => r.lanes.includes(lane.id));
      const count = (s: GateResult['status']) => gates.filter((g) => g.status === s).length;
      return {
        lane: lane.id,
        gates: gates.length,
        passed: count('pass'),
        failed: count('fail'),
        warned: count('warn'),
        skipped: count('skip'),
      };
    })
    .filter((l) => l.gates > 0);
}
