import { ExitCode, type Finding, type FindingFix, type RunResult } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { fixRepository, unifiedDiff, type FixItem, type FixOutcome } from '../../fix';
import { formatJson } from '../../report/formatJson';
import { emitReports } from '../../report/emitReports';
import { summarizeLanes } from '../../report/summarizeLanes';
import { version } from '../../version';
import { ConfigError } from '../../registry/ConfigError';
import { FIX_MSG, FIX_REPORT_MSG } from '../../messages';

/**
 * `spine-hooks fix`: the repairs the rule kinds derive, verified by running the gates on the edited files in
 * memory. Without --write, the unified diff on stdout (exit 1 when there is anything to fix); with --write,
 * the files written to the working tree (never the index). What cannot be derived is listed on stderr with
 * the field needed and how to supply it.
 */
export async function runFix(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const outcome = await fixRepository({
    cwd,
    config: args.config,
    gates: args.gates,
    staged: args.staged,
    write: args.write,
    sets: parseSets(args.sets),
    clock: clockOf(args),
    baseline: args.baseline,
  });
  const { plan } = outcome;
  const exitCode = args.write
    ? outcome.refused.length
      ? ExitCode.GateFailure
      : ExitCode.Pass
    : plan.files.length
      ? ExitCode.GateFailure
      : ExitCode.Pass;
  emitReports(
    args.outputs,
    {
      text: () =>
        args.write
          ? outcome.written.map((f) => FIX_MSG.wrote(f)).join('\n')
          : plan.files.map((f) => unifiedDiff(f.file, f.before.toString('utf8'), f.after.toString('utf8'))).join(''),
      json: () => formatJson(withFixes(outcome, exitCode), { version: version(), snapshot: 'working tree' }),
    },
    () => ({
      mode: 'fix',
      runs: [{ result: withFixes(outcome, exitCode) }],
      registry: outcome.prepared.loaded.registry,
      version: version(),
      root: outcome.prepared.cwd,
      prefix: '',
      exitCode,
    }),
    io,
  );
  if (!args.quiet) io.err(summary(outcome, args.write));
  return exitCode;
}

/** `--set field=value`, each once (a field given twice is exit 2). */
export function parseSets(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of list) {
    const m = /^([A-Za-z0-9_$.-]+)=(.*)$/s.exec(s);
    if (!m) throw new ConfigError(FIX_MSG.badSet(s));
    // A later value silently winning would hide a typo in a long command line.
    if (Object.prototype.hasOwnProperty.call(out, m[1])) throw new ConfigError(FIX_MSG.setTwice(m[1]));
    out[m[1]] = m[2];
  }
  return out;
}

/** What was fixed and what was not, with the field each needs (stderr: stdout holds the diff alone). */
function summary(outcome: FixOutcome, write: boolean): string {
  const fixed = outcome.plan.files.reduce((n, f) => n + f.items.length, 0);
  const lines = [fixed ? FIX_MSG.header(fixed, outcome.plan.files.length) : FIX_MSG.nothing()];
  for (const r of outcome.refused) lines.push(FIX_MSG.cannotEdit(r.file, r.why));
  const closed = outcome.plan.closed ?? [];
  if (closed.length) {
    lines.push('', FIX_MSG.closedTitle(closed.length));
    for (const i of closed)
      lines.push(`  ${FIX_REPORT_MSG.item(i.finding.gate, i.finding.check, i.finding.entity)} ${i.finding.file}:${i.finding.line}`);
  }
  if (outcome.plan.unfixed.length) {
    lines.push('', FIX_MSG.unfixedTitle(outcome.plan.unfixed.length));
    for (const i of outcome.plan.unfixed) lines.push(...describeUnfixed(i));
  }
  if (fixed && !write) lines.push('', FIX_MSG.dryRunHint());
  return `${lines.join('\n')}\n`;
}

function describeUnfixed(i: FixItem): string[] {
  const f = i.finding;
  const head = `  ${FIX_REPORT_MSG.item(f.gate, f.check, f.entity)} ${f.file}:${f.line}`;
  if (i.refused) return [head, `    ${i.refused}`];
  if (i.repair.kind === 'needs') return [head, ...i.repair.needs.map((n) => `    ${FIX_MSG.needsLine(n.field, n.how)}`)];
  if (i.repair.kind === 'none') return [head, `    ${i.repair.reason}`];
  return [head];
}

/** The run's result with each considered finding carrying its `fix` (an edit, or what it needs). */
function withFixes(outcome: FixOutcome, exitCode: number): RunResult {
  const byFinding = new Map<Finding, FindingFix>();
  for (const file of outcome.plan.files) for (const i of file.items) if (i.edit) byFinding.set(i.finding, i.edit);
  for (const i of outcome.plan.unfixed) if (i.repair.kind === 'needs') byFinding.set(i.finding, { needs: i.repair.needs });
  const considered = new Set(outcome.findings);
  const gates = outcome.result.gates.map((g) => ({
    ...g,
    findings: g.findings
      .filter((f) => considered.has(f) || f.suppressed)
      .map((f) => {
        const rest: Finding = { ...f };
        delete rest.repair;
        const fix = byFinding.get(f);
        return fix ? { ...rest, fix } : rest;
      }),
  }));
  return { ...outcome.result, exitCode, gates, lanes: summarizeLanes(outcome.prepared.loaded.registry.lanes, gates) };
}
