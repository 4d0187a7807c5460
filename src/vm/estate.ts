import { prepare, runPrepared, selectedInputs, type Prepared } from '../run';
import type { Finding } from '../types';
import type { Snapshot } from '../workspace/Snapshot';
import { FsSnapshot } from '../workspace/FsSnapshot';
import { Workspace } from '../workspace/Workspace';
import { CollectionStore, type Collection } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import { loadBaseline } from '../policy/loadPolicy';
import type { Clock } from '../records/time';
import { EditedSnapshot } from '../fix';
import { RunMemo } from '../engine/RunMemo';
import { ConfigError } from '../registry/ConfigError';
import { VM_MSG } from '../messages';

/** The collection of VM lifecycle records (bindings/gate.registry.yaml: vm_lifecycle, `select: vms`). */
export const VMS = 'vms';

/** The repository as vm add and vm retire read it: the registry, a snapshot (with edits in memory) and its records. */
export interface Estate {
  prepared: Prepared;
  snapshot: Snapshot;
  store: CollectionStore;
  vms: Collection;
  /** What the command's runs share: each file is parsed once, a gate whose files did not change is evaluated once. */
  memo: RunMemo;
}

/** Loads the registry and the records every gate reads, from the working tree with `overlay` in place of some files. */
export async function loadEstate(
  cwd: string,
  config: string | undefined,
  overlay?: ReadonlyMap<string, Buffer>,
  memo = new RunMemo(),
): Promise<Estate> {
  const prepared = prepare({ cwd, config });
  if (!prepared.loaded.registry.collections[VMS]) throw new ConfigError(VM_MSG.noVmsCollection());
  const snapshot = treeSnapshot(prepared, overlay);
  const { files, dirs, listAll } = selectedInputs(prepared);
  const ws = await Workspace.load(snapshot, files, dirs, listAll, memo);
  const store = new CollectionStore(ws, prepared.loaded.registry, memo);
  const vms = store.get(VMS);
  const problem = vms.problems[0] ?? vms.recoverable.find((p) => p.check === 'file/parse');
  if (problem) throw new ConfigError(VM_MSG.unreadable(problem.file, problem.message), problem.file, problem.line, problem.column);
  return { prepared, snapshot, store, vms, memo };
}

/** The working tree (no cache on disk), with `overlay` in place of some files, every file named by its content. */
export function treeSnapshot(prepared: Prepared, overlay: ReadonlyMap<string, Buffer> = new Map()): EditedSnapshot {
  return new EditedSnapshot(new FsSnapshot(prepared.cwd, { parseCache: false }), overlay);
}

/** The open findings (not covered by the baseline) of every gate on a snapshot: what `--all` would fail on. */
export async function openFindings(prepared: Prepared, snapshot: Snapshot, clock: Clock, memo?: RunMemo): Promise<Finding[]> {
  const baseline = await loadBaseline(snapshot, prepared.loaded.policy, prepared.schemas);
  const result = await runPrepared(prepared, { snapshot, clock, memo, policy: { baseline: baseline.entries, fullRun: true } });
  return result.gates.flatMap((g) => g.findings).filter((f) => !f.suppressed);
}

/** The VM whose id (vmid, or an alias such as id) is `vmid`. */
export function vmById(estate: Estate, vmid: string): SsotRecord | undefined {
  return estate.vms.records.find((r) => r.value('vmid') === vmid);
}

/** The record of another collection than the VMs' that holds file:line (where a finding about it points): the last to start at or before it. */
export function recordAt(estate: Estate, file: string, line: number): SsotRecord | undefined {
  let best: SsotRecord | undefined;
  for (const name of Object.keys(estate.prepared.loaded.registry.collections)) {
    if (name === VMS) continue;
    for (const r of estate.store.get(name).records) {
      const start = r.file === file ? r.loc().line : 0;
      if (start > 0 && start <= line && (!best || start > best.loc().line)) best = r;
    }
  }
  return best;
}

/** `file:line: message` of a record's field, for a refusal. */
export function at(record: SsotRecord, field?: string): { file: string; line: number; column: number } {
  return record.loc(field);
}
