import type { GovernanceSide, Weakening } from './Weakening';
import type { BaselineEntry } from '../policy/policyRecords';
import { GOV_MSG } from '../messages';

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
  // Read as the loader reads it (policy/readPolicyFiles.ts parseBaseline: YAML, of which JSON is a
  // part), so a baseline written in YAML syntax is compared too. An unreadable new baseline is exit 2
  // when it is loaded; an unreadable old one counted nothing.
  const now = readEntries(a.get(file));
  if (!now) return [];
  const known = new Set((readEntries(b.get(bFile))?.entries ?? []).map((e) => `${e.gate}\0${e.fingerprint}`));
  const gates = new Map(after.loaded.registry.gates.filter((g) => g.severity !== 'off').map((g) => [g.id, g]));
  const out: Weakening[] = [];
  now.entries.forEach((e, i) => {
    const gate = gates.get(e?.gate);
    if (!gate || typeof e.fingerprint !== 'string' || known.has(`${e.gate}\0${e.fingerprint}`)) return;
    known.add(`${e.gate}\0${e.fingerprint}`);
    const pos = now.position(i);
    out.push({
      gate: gate.id,
      kind: 'baseline',
      key: `baseline:${e.fingerprint}`,
      message: GOV_MSG.weakened(gate, GOV_MSG.baseline(file, e)),
      file,
      line: pos.line,
      column: pos.column,
    });
  });
  return out;
}

/** The baseline's entries, with the position of each; undefined when the text is not a readable baseline. */
function readEntries(
  buf: Buffer | undefined,
): { entries: BaselineEntry[]; position: (i: number) => { line: number; column: number } } | undefined {
  if (!buf) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the YAML parser loads only when the baseline changed
  const { parseYaml } = require('../workspace/parseYaml') as typeof import('../workspace/parseYaml');
  const y = parseYaml(buf.toString('utf8').replace(/^\uFEFF/, ''));
  if (y.problems.length) return undefined;
  const data = y.data as { entries?: unknown } | null;
  if (!Array.isArray(data?.entries)) return undefined;
  return {
    entries: (data.entries as BaselineEntry[]).filter((e) => e !== null && typeof e === 'object'),
    position: (i) => {
      const pos = y.pointerPosition(`/entries/${i}`);
      return { line: pos?.line ?? 1, column: pos?.column ?? 1 };
    },
  };
}
