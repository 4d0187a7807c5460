import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../types';
import { CLI_MSG } from '../../messages';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare, runPrepared } from '../../run';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { loadBaseline } from '../../policy/loadPolicy';
import { updateBaseline } from '../../policy/updateBaseline';
import { requireSomethingChecked } from '../requireSomethingChecked';
import { makeDirs } from '../../cache/makeDirs';

/**
 * `baseline update [--accept-new] [--ref REF] [--owner WHO]`: records today's findings (all gates,
 * working tree) in the baseline file. It only ever shrinks unless --accept-new is given.
 */
export async function runBaseline(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const prepared = prepare({ cwd, config: args.config, gates: args.gates, lanes: args.lanes });
  const settings = prepared.loaded.policy;
  const current = await loadBaseline(new FsSnapshot(cwd), settings, prepared.schemas);
  const result = await runPrepared(prepared, {});
  // No SSOT file where we looked: exit 2 as `--all` is, and no baseline file written from nothing.
  requireSomethingChecked(prepared, result);
  const findings = result.gates.flatMap((g) => g.findings);
  const today = new Date().toISOString().slice(0, 10);
  const u = updateBaseline(current, findings, { acceptNew: args.acceptNew, ref: args.ref, owner: args.owner, today });
  const file = path.join(cwd, settings.baselineFile);
  const text = JSON.stringify(u.baseline, null, 2) + '\n';
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (text !== before && (u.baseline.entries.length || before !== undefined)) {
    makeDirs(path.dirname(file));
    fs.writeFileSync(file, text);
  }
  for (const e of u.fixed) io.out(CLI_MSG.baselineFixed(e));
  for (const e of u.added) io.out(CLI_MSG.baselineAccepted(e));
  for (const e of u.refused) io.out(CLI_MSG.baselineRefused(e));
  const blind = findings.filter((f) => f.blinding);
  for (const f of blind) io.out(CLI_MSG.baselineUnseen(f));
  io.out(CLI_MSG.baselineSummary(settings.baselineFile, u.kept.length, u.fixed.length, u.added.length, u.refused.length));
  // New drift that was not accepted still fails: the ratchet never grows silently.
  return blind.length || u.refused.some((e) => findings.find((f) => f.fingerprint === e.fingerprint)?.severity === 'error')
    ? ExitCode.GateFailure
    : ExitCode.Pass;
}
