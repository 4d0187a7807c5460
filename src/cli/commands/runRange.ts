import { ExitCode } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import { monotonicMs, type Io } from '../io';
import { checkCommits, type RangeOutcome } from '../../hooks/checkCommits';
import { summarizeRange } from '../../hooks/summarizeRange';
import { HOOK_MODULE_TIMEOUT_CAP_MS } from '../../sandbox/moduleJob';
import { openRepo } from '../../hooks/openRepo';
import { parsePushLines, pushRanges, pushRemote } from '../../hooks/pushRanges';
import { ZERO_SHA, type Git } from '../../git/Git';
import { ConfigError } from '../../registry/ConfigError';
import { formatText } from '../../report/formatText';
import { CLI_MSG, HOOK_MSG, USAGE_MSG } from '../../messages';
import { version } from '../../version';
import { writeReceipt } from '../../report/writeReceipt';
import { safeText } from '../../report/safeText';
import { verifiedBasesAt } from '../../hooks/verifiedBasesAt';
import { emitReports } from '../../report/emitReports';
import { sayWarningLimit, warningLimit } from '../../report/maxWarnings';
import type { ReportInput } from '../../report/formats/reportInput';

/** `hook pre-push <remote> <url>`: checks the commits being pushed (git's stdin lines). */
export async function runPrePush(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  if (io.env.SKIP?.trim()) io.err(HOOK_MSG.skipIgnored(io.env.SKIP.trim()) + '\n');
  const git = await openRepo(cwd);
  try {
    const input = io.stdin ? await io.stdin() : undefined;
    // git always gives pre-push a pipe (empty when every ref is up to date); a terminal or /dev/null
    // means something between git and us dropped the ref lines, and passing would check nothing.
    if (input === undefined) throw new ConfigError(HOOK_MSG.noPushInput);
    const lines = parsePushLines(input);
    const bases = basesReader(git, cwd, args.config, io);
    const ranges = await pushRanges(git, lines, await pushRemote(git, args.positionals[1], args.positionals[2]), bases);
    if (ranges.length === 0) {
      if (!args.quiet) io.out(HOOK_MSG.nothingPushed + '\n');
      return ExitCode.Pass;
    }
    const outcome = await checkCommits(git, ranges, {
      cwd,
      config: args.config,
      failOn: args.failOn,
      now: monotonicMs,
      clock: args.now === 'commit' ? 'commit' : clockOf(args),
      baseline: args.baseline,
      progress: progress(io),
      moduleCapMs: HOOK_MODULE_TIMEOUT_CAP_MS,
    });
    return report(outcome, args, io, true, { root: cwd, prefix: git.prefix });
  } finally {
    git.close();
  }
}

/** `ci --from REF [--to REF]`: the same check over a ref range, for CI. */
export async function runCi(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const git = await openRepo(cwd);
  try {
    const to = await resolve(git, args.to, '--to');
    // CI systems pass an all-zero "before" sha for a new branch: check everything reachable, but for
    // the history of the verified bases the tip declares (a repository moved to a new host).
    const range = ZERO_SHA.test(args.from!)
      ? [to, '--not', ...(await basesReader(git, cwd, args.config, io)(to))]
      : [`${await resolve(git, args.from!, '--from')}..${to}`];
    const outcome = await checkCommits(git, [range], {
      cwd,
      config: args.config,
      failOn: args.failOn,
      now: monotonicMs,
      clock: args.now === 'commit' ? 'commit' : clockOf(args),
      baseline: args.baseline,
      progress: progress(io),
    });
    if (args.receipt) {
      const { result, gateCommits, findings } = summarizeRange(outcome);
      const key = await writeReceipt(args.receipt, {
        cwd,
        mode: 'ci',
        version: version(),
        result,
        range: range.join(' '),
        gateCommits,
        findings,
      });
      io.err(CLI_MSG.receipt(key));
    }
    return report(outcome, args, io, false, { root: cwd, prefix: git.prefix });
  } finally {
    git.close();
  }
}

/** The verified bases a tip declares, each said once: their history is not checked again. */
function basesReader(git: Git, cwd: string, config: string | undefined, io: Io): (sha: string) => Promise<string[]> {
  const said = new Set<string>();
  return async (sha) => {
    const bases = await verifiedBasesAt(git, cwd, config, sha);
    for (const b of bases) {
      if (said.has(b.id)) continue;
      said.add(b.id);
      io.err(HOOK_MSG.verifiedBase(b) + '\n');
    }
    return bases.map((b) => b.commit);
  };
}

async function resolve(git: Git, ref: string, flag: string): Promise<string> {
  if (!(await git.hasCommit(ref))) {
    throw new ConfigError(USAGE_MSG.notACommit(flag, ref));
  }
  return git.resolve(ref);
}

function report(outcome: RangeOutcome, args: CliArgs, io: Io, push: boolean, ctx: { root: string; prefix: string }): ExitCode {
  const over = warningLimit(
    outcome.checked.flatMap((c) => c.result.gates.flatMap((g) => g.findings)),
    args.maxWarnings,
  );
  // The range's verdict with the limit applied, in every report (the text's summary line included).
  const limited: RangeOutcome = { ...outcome, exitCode: over ? 1 : outcome.exitCode };
  emitReports(
    args.outputs,
    { text: () => rangeText(limited, args, push), json: () => rangeJson(limited) },
    () => rangeInput(limited, ctx),
    io,
  );
  sayWarningLimit(over, io);
  return limited.exitCode;
}

function rangeJson(outcome: RangeOutcome): string {
  return JSON.stringify(
    {
      tool: 'spine-hooks',
      version: version(),
      exitCode: outcome.exitCode,
      commits: outcome.commits,
      checked: outcome.checked.map((c) => ({ sha: c.sha, subject: c.subject, exitCode: c.result.exitCode, gates: c.result.gates })),
      firstFailures: outcome.firstFailures.map((f) => ({ gate: f.gate.id, sha: f.sha, subject: f.subject, findings: f.gate.findings })),
      overrides: outcome.checked.flatMap((c) => (c.result.policy?.appliedOverrides ?? []).map((o) => ({ ...o, commit: c.sha }))),
      integrity: outcome.integrity,
      bypasses: outcome.bypasses,
    },
    null,
    2,
  );
}

function rangeText(outcome: RangeOutcome, args: CliArgs, push: boolean): string {
  const out: string[] = [];
  for (const c of outcome.checked) {
    const failing = outcome.firstFailures.filter((f) => f.sha === c.sha);
    if (failing.length === 0) continue;
    out.push(`\ncommit ${c.sha.slice(0, 12)} ${safeText(c.subject)}`);
    const gates = failing.map((f) => f.gate);
    out.push(formatText({ exitCode: 1, gates, lanes: [] }, { color: args.color, quiet: true, hints: outcome.hints }));
  }
  for (const c of outcome.checked) {
    for (const o of c.result.policy?.appliedOverrides ?? []) {
      const findings = `${o.covered} finding${o.covered === 1 ? '' : 's'}`;
      out.push(
        `commit ${c.sha.slice(0, 12)}: ${safeText(`override ${o.id} by ${o.author} covers ${findings} of ${o.gates.join(', ')}: "${o.reason}"`)}`,
      );
    }
  }
  for (const b of outcome.bypasses) out.push(`commit ${b.sha.slice(0, 12)}: ${safeText(b.trailer)} (checked like any other commit)`);
  for (const x of outcome.integrity)
    out.push(`commit ${x.sha.slice(0, 12)}: ${safeText(`${x.file}${x.line ? `:${x.line}` : ''} error ${x.message}`)}`);
  if (!args.quiet || outcome.exitCode) out.push(HOOK_MSG.rangeSummary(outcome.checked.length, outcome.commits));
  const blocking = outcome.firstFailures.length + (outcome.integrity.length ? 1 : 0);
  if (outcome.exitCode && push && blocking) out.push(HOOK_MSG.pushBlocked(blocking));
  return out.join('\n');
}

/**
 * The range for the machine formats: each commit with the findings it is reported for, as the text
 * says it: the open findings of the gates whose first failure it is, and the baselined or overridden
 * findings first seen there (a finding carried by every later commit is reported once).
 */
function rangeInput(outcome: RangeOutcome, ctx: { root: string; prefix: string }): ReportInput {
  const seen = new Set<string>();
  const runs = outcome.checked.map((c) => {
    const first = new Set(outcome.firstFailures.filter((f) => f.sha === c.sha).map((f) => f.gate.id));
    const gates = c.result.gates.map((g) => ({
      ...g,
      findings: g.findings.filter((f) => {
        if (!f.suppressed) return first.has(g.id);
        const k = f.fingerprint ?? `${g.id}\0${f.check}\0${f.file}\0${f.message}`;
        return !seen.has(k) && Boolean(seen.add(k));
      }),
    }));
    return { commit: { sha: c.sha, subject: c.subject }, result: { ...c.result, gates } };
  });
  return {
    mode: 'ci',
    runs,
    registry: outcome.registry ?? { files: {}, collections: {}, lanes: [], gates: [] },
    version: version(),
    root: ctx.root,
    prefix: ctx.prefix,
    exitCode: outcome.exitCode,
    integrity: outcome.integrity.map((x) => ({ sha: x.sha, file: x.file, line: x.line, message: x.message })),
  };
}

/** `commit 3 of 12 abc123…` on stderr, overwritten in place: only on a terminal, never in a log. */
function progress(io: Io): ((n: number, total: number, sha: string) => void) | undefined {
  if (!io.errIsTTY || io.env.TERM === 'dumb' || io.env.CI !== undefined) return undefined;
  return (n, total, sha) => {
    if (total < 2) return;
    io.err(n > total ? '\r\x1b[2K' : `\r\x1b[2Kspine-hooks: commit ${n} of ${total} ${sha.slice(0, 12)}`);
  };
}
