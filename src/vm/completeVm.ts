import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../types';
import type { Clock } from '../records/time';
import { applyFilePlans, notWritable, fixRepository, EditedSnapshot, type FilePlan, type FixItem, type Repair } from '../fix';
import { FIX_MSG, FIX_REPORT_MSG, VM_MSG } from '../messages';
import { openFindings, treeSnapshot } from './estate';
import { RunMemo } from '../engine/RunMemo';
import { VmRefused } from './VmRefused';
import { prepare, type Prepared } from '../run';
import type { Snapshot } from '../workspace/Snapshot';
import type { FixTemplates } from '../rules/kinds';

export interface CompleteInput {
  cwd: string;
  config?: string;
  clock: Clock;
  /** The VM's record file with its edit (the new record, the new status), in memory. */
  recordFile: string;
  recordText: Buffer;
  /** Which findings are about this VM (the ones the fix engine is to repair). */
  about: (f: Finding) => boolean;
  label: string;
  /** The fields vm add wrote on the record: a finding on one of them that nothing repairs says which --set changes it. */
  recordFields?: readonly string[];
  /** Variables and fields for the fix templates (`--set`). */
  sets?: Readonly<Record<string, string>>;
  /** Templates instead of the configuration's fix_templates (vm add: with its `--set collection.field`s). */
  templates?: FixTemplates;
  repairFor?: (finding: Finding, derived: Repair) => Repair;
  /** What the command's earlier runs loaded (Estate.memo). */
  memo?: RunMemo;
}

/** Every file vm add or vm retire changes, and the warnings about the VM it leaves (not derivable, not failing). */
export interface Completed {
  prepared: Prepared;
  files: FilePlan[];
  warnings: FixItem[];
}

/**
 * The record's edit and the touchpoints it calls for, in one plan: the fix engine repairs the findings about
 * the VM on the snapshot with the record's file edited in memory; an error it cannot repair refuses the
 * whole change. Then every gate runs on the result: a finding the working tree does not have refuses it too.
 */
export async function completeVm(input: CompleteInput): Promise<Completed> {
  const prepared = prepare({ cwd: input.cwd, config: input.config });
  const memo = input.memo ?? new RunMemo();
  const disk = treeSnapshot(prepared);
  const open = await openFindings(prepared, disk, input.clock, memo);
  // A file a gate cannot read (it does not parse, it is missing) hides what the VM needs there: not guessed past.
  const blind = open.find((f) => f.blinding);
  if (blind) throw new VmRefused(VM_MSG.blind(blind.message), { file: blind.file, line: blind.line, column: blind.column || 1 }, [], 2);
  const out = await fixRepository({
    cwd: input.cwd,
    config: input.config,
    clock: input.clock,
    overlay: new Map([[input.recordFile, input.recordText]]),
    only: input.about,
    sets: input.sets,
    templates: input.templates,
    repairFor: input.repairFor,
    memo,
  });
  const left = out.plan.unfixed;
  const errors = left.filter((i) => i.finding.severity === 'error');
  if (errors.length) {
    // Only values a --set can give are missing: bad input (2); else the estate refuses (1).
    const code = errors.every((i) => i.repair.kind === 'needs' && !i.refused) ? 2 : 1;
    throw new VmRefused(
      VM_MSG.cannotComplete(input.label, errors.length),
      undefined,
      errors.flatMap((i) => describe(i, input.recordFields)),
      code,
    );
  }
  const recordBefore = fs.readFileSync(path.join(prepared.cwd, input.recordFile));
  const files = out.plan.files.map((f) => (f.file === input.recordFile ? { ...f, before: recordBefore } : f));
  if (!files.some((f) => f.file === input.recordFile))
    files.push({ file: input.recordFile, before: recordBefore, after: input.recordText, items: [] });
  files.sort((a, b) => (a.file < b.file ? -1 : 1));
  await checkNothingNew(prepared, disk, open, files, input.clock, memo);
  return { prepared, files, warnings: left };
}

/** Every gate on the working tree with the files edited: the edits may bring no open error the tree does not have. */
async function checkNothingNew(
  prepared: Prepared,
  disk: Snapshot,
  open: readonly Finding[],
  files: readonly FilePlan[],
  clock: Clock,
  memo: RunMemo,
): Promise<void> {
  const before = new Set(open.map((f) => f.fingerprint));
  const edited = new EditedSnapshot(disk, new Map(files.map((f) => [f.file, f.after])));
  // A new warning (a stack not derivable) is listed by the caller; it does not fail --all.
  const fresh = (await openFindings(prepared, edited, clock, memo)).filter((f) => f.severity === 'error' && !before.has(f.fingerprint));
  if (fresh.length)
    throw new VmRefused(
      VM_MSG.wouldBreak(fresh.length),
      undefined,
      fresh.map((f) => `  ${FIX_REPORT_MSG.item(f.gate, f.check, f.entity)} ${f.file}:${f.line}: ${f.message}`),
    );
}

/** A finding left unrepaired, and what it needs (the exact --set where the engine can say). */
export function describe(i: FixItem, recordFields: readonly string[] = []): string[] {
  const f = i.finding;
  const head = `  ${FIX_REPORT_MSG.item(f.gate, f.check, f.entity)} ${f.file}:${f.line}: ${f.message}`;
  if (i.refused) return [head, `    ${i.refused}`];
  if (i.repair.kind === 'needs') return [head, ...i.repair.needs.map((n) => `    ${FIX_MSG.needsLine(n.field, n.how)}`)];
  // A check names the field it is about last (`backup-target/backup_target`).
  const field = f.check.split('/').pop() ?? '';
  const hint = recordFields.includes(field) ? [`    ${VM_MSG.setOther(field)}`] : [];
  if (i.repair.kind === 'none') return [head, `    ${i.repair.reason}`, ...hint];
  return [head];
}

/**
 * Writes every file (atomically each, to the working tree only), after checking that none changed since it
 * was read: one that did refuses them all, so the VM is never half written.
 */
export function writeAll(root: string, files: readonly FilePlan[]): ReturnType<typeof applyFilePlans> {
  const same = (f: FilePlan) => {
    try {
      return fs.readFileSync(path.join(root, f.file)).equals(f.before);
    } catch {
      return false;
    }
  };
  const moved = files.find((f) => !same(f));
  if (moved) throw new VmRefused(VM_MSG.changedMeanwhile(moved.file));
  // A link or a file outside the repository would be refused by applyFilePlans alone, after the others were
  // written: refuse the whole VM before any write instead.
  for (const f of files) {
    const why = notWritable(root, f.file);
    if (why) throw new VmRefused(why);
  }
  return applyFilePlans(root, files);
}
