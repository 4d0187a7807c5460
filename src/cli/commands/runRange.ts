import { performance } from 'node:perf_hooks';
import { ExitCode } from '../../types';
import type { CliArgs } from '../parseCliArgs';
import type { Io } from '../io';
import { checkCommits, type RangeOutcome } from '../../hooks/checkCommits';
import { openRepo } from '../../hooks/openRepo';
import { parsePushLines, pushRanges } from '../../hooks/pushRanges';
import { ZERO_SHA, type Git } from '../../git/Git';
import { ConfigError } from '../../registry/ConfigError';
import { formatText } from '../../report/formatText';
import { HOOK_MSG } from '../../hooks/hookMessages';
import { version } from '../../version';

/** `hook pre-push <remote> <url>`: checks the commits being pushed (git's stdin lines). */
export async function runPrePush(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const git = await openRepo(cwd);
  try {
    const lines = parsePushLines(io.stdin ? await io.stdin() : '');
    const ranges = await pushRanges(git, lines, args.positionals[1]);
    if (ranges.length === 0) {
      if (!args.quiet) io.out(HOOK_MSG.nothingPushed + '\n');
      return ExitCode.Pass;
    }
    return report(await checkCommits(git, ranges, { cwd, config: args.config, failOn: args.failOn, now: () => performance.now() }), args, io, true);
  } finally {
    git.close();
  }
}

/** `ci --from REF [--to REF]`: the same check over a ref range, for CI. */
export async function runCi(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const git = await openRepo(cwd);
  try {
    const to = await resolve(git, args.to, '--to');
    // CI systems pass an all-zero "before" sha for a new branch: check everything reachable.
    const range = ZERO_SHA.test(args.from!) ? [to] : [`${await resolve(git, args.from!, '--from')}..${to}`];
    return report(await checkCommits(git, [range], { cwd, config: args.config, failOn: args.failOn, now: () => performance.now() }), args, io, false);
  } finally {
    git.close();
  }
}

async function resolve(git: Git, ref: string, flag: string): Promise<string> {
  if (!(await git.hasCommit(ref))) {
    throw new ConfigError(`${flag} ${ref} is not a commit in this repository (in CI, fetch enough history: a shallow clone may lack it)`);
  }
  return git.resolve(ref);
}

function report(outcome: RangeOutcome, args: CliArgs, io: Io, push: boolean): ExitCode {
  if (args.format === 'json') {
    io.out(
      JSON.stringify(
        {
          tool: 'spine-hooks',
          version: version(),
          exitCode: outcome.exitCode,
          commits: outcome.commits,
          checked: outcome.checked.map((c) => ({ sha: c.sha, subject: c.subject, exitCode: c.result.exitCode, gates: c.result.gates })),
          firstFailures: outcome.firstFailures.map((f) => ({ gate: f.gate.id, sha: f.sha, subject: f.subject, findings: f.gate.findings })),
        },
        null,
        2,
      ) + '\n',
    );
    return outcome.exitCode;
  }
  for (const c of outcome.checked) {
    const failing = outcome.firstFailures.filter((f) => f.sha === c.sha);
    if (failing.length === 0) continue;
    io.out(`\ncommit ${c.sha.slice(0, 12)} ${c.subject}\n`);
    const gates = failing.map((f) => f.gate);
    io.out(formatText({ exitCode: 1, gates, lanes: [] }, { color: args.color, quiet: true, hints: outcome.hints }) + '\n');
  }
  if (!args.quiet || outcome.exitCode) io.out(HOOK_MSG.rangeSummary(outcome.checked.length, outcome.commits) + '\n');
  if (outcome.exitCode && push) io.out(HOOK_MSG.pushBlocked(outcome.firstFailures.length) + '\n');
  return outcome.exitCode as ExitCode;
}
