import { ExitCode } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { addVm, retireVm, VmRefused, DEFAULT_STATUS, RETIRED_STATUSES, type VmOutcome } from '../../vm';
import { unifiedDiff } from '../../fix';
import { parseSets } from './runFix';
import { EditRefused } from '../../fix/yamlEdits';
import { ConfigError } from '../../registry/ConfigError';
import { FIX_REPORT_MSG, USAGE_MSG, VM_MSG } from '../../messages';

/**
 * `spine-hooks vm add` and `vm retire` (the work is in src/vm/): with --dry-run the unified diff on stdout
 * and nothing written; else the files written, each with what changed in it. A refusal is said at the
 * holder's file:line (exit 1); bad input exits 2.
 */
export async function runVm(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const [sub, vmid] = args.positionals;
  let outcome: VmOutcome;
  try {
    outcome = sub === 'add' ? await add(args, cwd) : await retire(args, cwd, vmid);
  } catch (err) {
    if (err instanceof EditRefused) throw new ConfigError(err.message);
    if (!(err instanceof VmRefused)) throw err;
    const where = err.where ? `${err.where.file}:${err.where.line}:${err.where.column}: ` : '';
    io.err(`spine-hooks: ${where}${err.message}\n${err.details.map((d) => `${d}\n`).join('')}`);
    return err.exitCode === 2 ? ExitCode.UsageOrConfig : ExitCode.GateFailure;
  }
  if (args.dryRun) io.out(outcome.files.map((f) => unifiedDiff(f.file, f.before.toString('utf8'), f.after.toString('utf8'))).join(''));
  const status = args.statuses[0] ?? (sub === 'add' ? DEFAULT_STATUS : RETIRED_STATUSES[0]);
  const head = args.dryRun
    ? VM_MSG.dryRun(sub === 'add' ? VM_MSG.addWhat(outcome.label) : VM_MSG.retireWhat(outcome.label, status), outcome.files.length)
    : sub === 'add'
      ? VM_MSG.added(outcome.label)
      : VM_MSG.retired(outcome.label, status);
  if (!args.quiet) io.err(report(outcome, head));
  return outcome.refused.length ? ExitCode.GateFailure : ExitCode.Pass;
}

function add(args: CliArgs, cwd: string): Promise<VmOutcome> {
  for (const [flag, v] of [
    ['hostname', args.hostname],
    ['vmid', args.vmid],
    ['lan-ip', args.lanIp],
  ] as const)
    if (v === undefined) throw new ConfigError(VM_MSG.addNeeds(flag));
  if (args.statuses.length > 1) throw new ConfigError(USAGE_MSG.vmUsage());
  return addVm({
    cwd,
    config: args.config,
    hostname: args.hostname!,
    vmid: args.vmid!,
    lanIp: args.lanIp!,
    status: args.statuses[0],
    site: args.site,
    sets: parseSets(args.sets),
    clock: clockOf(args),
    dryRun: args.dryRun,
  });
}

function retire(args: CliArgs, cwd: string, vmid: string | undefined): Promise<VmOutcome> {
  if (vmid === undefined) throw new ConfigError(VM_MSG.retireNeedsVmid());
  if (args.hostname !== undefined || args.vmid !== undefined || args.lanIp !== undefined || args.site !== undefined || args.sets.length)
    throw new ConfigError(USAGE_MSG.vmUsage());
  if (args.statuses.length > 1) throw new ConfigError(USAGE_MSG.vmUsage());
  return retireVm({ cwd, config: args.config, vmid, status: args.statuses[0], clock: clockOf(args), dryRun: args.dryRun });
}

/** What changed, file by file (stderr; stdout holds the diff alone in a dry run). */
function report(outcome: VmOutcome, head: string): string {
  const lines = [head];
  for (const f of outcome.files) {
    const what = f.file === outcome.recordFile ? [VM_MSG.recordWritten()] : [];
    for (const i of f.items) what.push(FIX_REPORT_MSG.item(i.finding.gate, i.finding.check, i.finding.entity));
    lines.push(VM_MSG.fileLine(f.file, what.join(', ')));
  }
  for (const r of outcome.refused) lines.push(VM_MSG.notWritten(r.file, r.why));
  if (outcome.warnings.length) {
    lines.push(VM_MSG.leftWarnings(outcome.warnings.length));
    for (const w of outcome.warnings)
      lines.push(`  ${FIX_REPORT_MSG.item(w.finding.gate, w.finding.check, w.finding.entity)} ${w.finding.file}:${w.finding.line}`);
  }
  return `${lines.join('\n')}\n`;
}
