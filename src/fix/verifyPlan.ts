import type { Finding } from '../types';
import { runPrepared, type Prepared, type RunOptions } from '../run';
import type { Snapshot } from '../workspace/Snapshot';
import { EditedSnapshot } from './EditedSnapshot';
import type { FilePlan, FixItem, Plan } from './FixPlan';
import { FIX_MSG, FIX_REPORT_MSG } from '../messages';

/**
 * The gates run again on the snapshot with the plan's files edited, in memory: a file's edits are kept only
 * when the findings they fix are gone and no new finding appears. A file whose findings remain, or where a new
 * finding is (or about whose records), is refused whole and the rest verified again, until what is left passes.
 */
export async function verifyPlan(
  prepared: Prepared,
  plan: Plan,
  before: readonly Finding[],
  base: Snapshot,
  opts: Pick<RunOptions, 'clock' | 'policy' | 'memo'> = {},
): Promise<Plan> {
  let kept = plan.files;
  const unfixed = [...plan.unfixed];
  const known = new Set(before.map((f) => f.fingerprint));
  let now: Set<string | undefined> | undefined;
  while (kept.length) {
    const snapshot = new EditedSnapshot(base, new Map(kept.map((f) => [f.file, f.after])));
    const after = (await runPrepared(prepared, { ...opts, snapshot })).gates.flatMap((g) => g.findings);
    const bad = blame(kept, after, known);
    if (bad.size === 0) {
      now = new Set(after.map((f) => f.fingerprint));
      break;
    }
    for (const f of kept) if (bad.has(f.file)) unfixed.push(...f.items.map((i): FixItem => ({ ...i, refused: bad.get(f.file) })));
    kept = kept.filter((f) => !bad.has(f.file));
  }
  const closed = now ? unfixed.filter((i) => !now.has(i.finding.fingerprint)) : [];
  return { files: kept, unfixed: unfixed.filter((i) => !closed.includes(i)), closed };
}

/** The files to refuse, each with why: its fixed findings remain, or a new finding is in it or about what it fixes. */
function blame(files: readonly FilePlan[], after: readonly Finding[], known: ReadonlySet<string | undefined>): Map<string, string> {
  const bad = new Map<string, string>();
  const now = new Set(after.map((f) => f.fingerprint));
  for (const f of files) {
    const left = f.items.filter((i) => now.has(i.finding.fingerprint)).length;
    if (left) bad.set(f.file, FIX_MSG.verifyRemains(left));
  }
  for (const n of after.filter((x) => !known.has(x.fingerprint))) {
    const why = FIX_MSG.verifyNew(`${FIX_REPORT_MSG.item(n.gate, n.check, n.entity)} at ${n.file}:${n.line}: ${n.message}`);
    const at = files.filter((f) => f.file === n.file || f.items.some((i) => n.entity !== undefined && i.finding.entity === n.entity));
    for (const f of at.length ? at : files) if (!bad.has(f.file)) bad.set(f.file, why);
  }
  return bad;
}
