import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, RecordRef } from '../types';
import type { Clock } from '../records/time';
import type { Repair } from '../fix';
import { ConfigError } from '../registry/ConfigError';
import { VM_MSG } from '../messages';
import { meant } from '../didYouMean';
import { loadEstate, recordAt, vmById, VMS, type Estate } from './estate';
import { VmRefused } from './VmRefused';
import { completeVm, writeAll, type Completed } from './completeVm';
import { setRecordField } from './vmRecordText';
import type { VmOutcome } from './VmOutcome';

export const RETIRED_STATUSES = ['decommissioned', 'abandoned'] as const;

export interface RetireVmInput {
  cwd: string;
  config?: string;
  vmid: string;
  /** decommissioned (default) or abandoned. */
  status?: string;
  clock: Clock;
  dryRun: boolean;
}

/**
 * `spine-hooks vm retire`: the VM's status set in place (only its value's characters change), and the
 * decommission ripple: every live reference it leaves (what D141 reports) disabled or removed by the fix
 * engine's leftover repairs, and a record that only the VM justified (its operating profile) removed.
 */
export async function retireVm(input: RetireVmInput): Promise<VmOutcome> {
  const status = input.status ?? RETIRED_STATUSES[0];
  if (!(RETIRED_STATUSES as readonly string[]).includes(status)) throw new ConfigError(VM_MSG.badStatus(status, RETIRED_STATUSES));
  if (!/^\d+$/.test(input.vmid)) throw new ConfigError(VM_MSG.badVmid(input.vmid));
  const estate = await loadEstate(input.cwd, input.config);
  const vm = vmById(estate, input.vmid);
  if (!vm) {
    const ids = estate.vms.records.map((r) => r.value('vmid')).filter((v): v is string => v !== undefined);
    throw new ConfigError(VM_MSG.unknownVm(input.vmid, estate.vms.file, meant(input.vmid, ids)));
  }
  const now = vm.value('status') ?? '';
  if ((RETIRED_STATUSES as readonly string[]).includes(now)) throw new VmRefused(VM_MSG.alreadyRetired(vm.label, now), vm.loc('status'));
  const file = vm.file;
  const disk = fs.readFileSync(path.join(estate.prepared.cwd, file));
  const text = setRecordField(disk, file, vm, 'status', status);
  const hostname = vm.value('hostname');
  const about = (f: Finding) =>
    f.entity === input.vmid || (hostname !== undefined && f.entity === hostname) || f.repair?.record.entity === hostname;
  const edited = await loadEstate(input.cwd, input.config, new Map([[file, text]]), estate.memo);
  // A finding about the VM that no rule repairs and that points at a record of its own (an operating profile
  // with no live VM): that record existed for the VM alone and goes with it.
  // A leftover to remove that has its own switch (`enabled: true`, a backup job) is switched off instead: its
  // history stays (the final archive), and the gates' run on the result says whether that is enough.
  const own = (f: Finding, r: Repair): Repair => {
    if (r.kind === 'remove' && r.record.collection !== VMS && switchedOn(edited, r.record)) {
      return { kind: 'set', record: r.record, field: 'enabled', value: false };
    }
    if (r.kind !== 'none' || !about(f)) return r;
    const rec = recordAt(edited, f.file, f.line);
    return rec && rec.collection !== VMS ? { kind: 'remove', record: rec.ref } : r;
  };
  const base = {
    cwd: estate.prepared.cwd,
    config: input.config,
    clock: input.clock,
    recordFile: file,
    recordText: text,
    about,
    label: vm.label,
    memo: estate.memo,
  };
  // Disabling a leftover can leave it naming what another repair removes (a disabled compose target still
  // names the SSH target removed): then the leftovers of one file, else of every file, are removed instead.
  const disabling = new Set<string>();
  const removing =
    (files: ReadonlySet<string>) =>
    (f: Finding, r: Repair): Repair => {
      const mine = own(f, r);
      if (mine.kind !== 'set' || mine.record.collection === VMS) return mine;
      disabling.add(mine.record.file);
      return files.has(mine.record.file) ? { kind: 'remove', record: mine.record } : mine;
    };
  let done: Completed | undefined;
  // The refusal said is the last try's: with the most removed, what still blocks is the estate's own
  // (another record naming the SSH target the VM leaves), not a disabling that removal would have settled.
  let refusal: unknown;
  try {
    done = await completeVm({ ...base, repairFor: removing(new Set()) });
  } catch (err) {
    if (!(err instanceof VmRefused)) throw err;
    refusal = err;
  }
  const tries = [...[...disabling].map((f) => new Set([f])), ...(disabling.size > 1 ? [new Set(disabling)] : [])];
  for (const files of tries) {
    if (done) break;
    done = await completeVm({ ...base, repairFor: removing(files) }).catch((err: unknown) => {
      if (!(err instanceof VmRefused)) throw err;
      refusal = err;
      return undefined;
    });
  }
  if (!done) throw refusal;
  const outcome: VmOutcome = { label: vm.label, files: done.files, warnings: done.warnings, written: [], refused: [], recordFile: file };
  if (!input.dryRun) Object.assign(outcome, writeAll(done.prepared.cwd, done.files));
  return outcome;
}

/** Whether the record a repair names has `enabled: true` written on it. */
function switchedOn(estate: Estate, ref: RecordRef): boolean {
  const place = JSON.stringify(ref.place);
  const rec = estate.store.get(ref.collection).records.find((r) => r.file === ref.file && JSON.stringify(r.place) === place);
  return rec?.raw('enabled') === true;
}
