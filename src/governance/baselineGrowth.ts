import type { GovernanceSide, Weakening } from './findWeakenings';
import type { BaselineEntry } from '../policy/model';
import { GOV } from './messages';

/**
 * Entries a change adds to the baseline: each lets a finding through as known drift from then on, so
 * each weakens the gate it names, like switching that gate off for one entity. The baseline matches by
 * fingerprint (and gate, see policy/applyPolicy.ts) only, so a new fingerprint is the only way it can
 * cover more; entries removed (fixed) or only re-worded (message, ref, owner) weaken nothing. An entry
 * for a gate that is not running covers nothing and is not reported.
 */
export async function baselineGrowth(before: GovernanceSide, after: GovernanceSide, changed: ReadonlySet<string>): Promise<Weakening[]> {
  const file = after.loaded.policy.baselineFile;
  if (!changed.has(file)) return [];
  const bFile = before.loaded.policy.baselineFile;
  const [b, a] = await Promise.all([before.snapshot.load([bFile]), after.snapshot.load([file])]);
  const buf = a.get(file);
  // An unreadable new baseline is exit 2 when it is loaded; an unreadable old one counted nothing.
  const now = entries(buf);
  if (!buf || !now) return [];
  const known = new Set((entries(b.get(bFile)) ?? []).map((e) => `${e.gate}\0${e.fingerprint}`));
  const gates = new Map(after.loaded.registry.gates.filter((g) => g.severity !== 'off').map((g) => [g.id, g]));
  const out: Weakening[] = [];
  now.forEach((e, i) => {
    const gate = gates.get(e?.gate);
    if (!gate || typeof e.fingerprint !== 'string' || known.has(`${e.gate}\0${e.fingerprint}`)) return;
    known.add(`${e.gate}\0${e.fingerprint}`);
    out.push({ gate: gate.id, kind: 'baseline', key: `baseline:${e.fingerprint}`, message: GOV.weakened(gate, GOV.baseline(file, e)), ...position(buf, file, i) });
  });
  return out;
}

function entries(buf: Buffer | undefined): BaselineEntry[] | undefined {
  if (!buf) return undefined;
  try {
    const data = JSON.parse(buf.toString('utf8').replace(/^\uFEFF/, '')) as { entries?: unknown };
    return Array.isArray(data?.entries) ? (data.entries as BaselineEntry[]).filter((e) => e !== null && typeof e === 'object') : undefined;
  } catch {
    return undefined;
  }
}

/** The line of entry i (JSON is YAML: the YAML parser gives positions). */
function position(buf: Buffer, file: string, i: number): { file: string; line: number; column: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseYaml } = require('../workspace/parseYaml') as typeof import('../workspace/parseYaml');
  const pos = parseYaml(buf.toString('utf8').replace(/^\uFEFF/, '')).pointerPosition(`/entries/${i}`);
  return { file, line: pos?.line ?? 1, column: pos?.column ?? 1 };
}
