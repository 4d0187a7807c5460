import type { Finding } from '../types';
import type { Baseline, BaselineEntry } from './policyRecords';

export interface BaselineUpdate {
  baseline: Baseline;
  kept: BaselineEntry[];
  fixed: BaselineEntry[];
  /** Findings not in the baseline: added only with acceptNew (the ratchet). */
  added: BaselineEntry[];
  refused: BaselineEntry[];
}

/**
 * The baseline ratchet: entries still found are kept, entries no longer found are dropped (fixed),
 * and new findings are added only when explicitly accepted. Pure; the caller writes the file.
 */
export function updateBaseline(
  current: Baseline,
  findings: readonly Finding[],
  opts: { acceptNew: boolean; ref?: string; owner?: string; today: string },
): BaselineUpdate {
  const found = new Map<string, Finding>();
  // A finding that means the gate could not read a file is never baselined (see applyPolicy).
  for (const f of findings) if (f.fingerprint && !f.blinding && !found.has(f.fingerprint)) found.set(f.fingerprint, f);
  const known = new Set(current.entries.map((e) => e.fingerprint));
  const kept = current.entries.filter((e) => found.has(e.fingerprint));
  const fixed = current.entries.filter((e) => !found.has(e.fingerprint));
  const fresh = [...found.values()]
    .filter((f) => !known.has(f.fingerprint!))
    .map((f): BaselineEntry => ({
      fingerprint: f.fingerprint!,
      gate: f.gate,
      check: f.check,
      ...(f.entity ? { entity: f.entity } : {}),
      message: f.message,
      ...(opts.ref ? { ref: opts.ref } : {}),
      ...(opts.owner ? { owner: opts.owner } : {}),
      added: opts.today,
    }));
  const added = opts.acceptNew ? fresh : [];
  const entries = [...kept, ...added].sort(
    (a, b) =>
      a.gate.localeCompare(b.gate, 'en', { numeric: true }) ||
      a.check.localeCompare(b.check) ||
      (a.entity ?? '').localeCompare(b.entity ?? ''),
  );
  return { baseline: { version: 1, entries }, kept, fixed, added, refused: opts.acceptNew ? [] : fresh };
}
