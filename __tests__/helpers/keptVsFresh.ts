import type { RunResult } from '../../src/types';

/** A run's report as two runs must agree on it: everything but the time each gate took. */
export const verdictOf = (r: RunResult) => JSON.stringify({ ...r, gates: r.gates.map((g) => ({ ...g, durationMs: 0 })) });

/** Counts the hits of a memo's map (a `get` that finds something): proof that what was kept was used. */
export function countHits<V>(map: Map<string, V>): { readonly hits: number } {
  const counter = { hits: 0 };
  const get = map.get.bind(map);
  map.get = (k: string) => {
    const v = get(k);
    if (v) counter.hits++;
    return v;
  };
  return counter;
}
