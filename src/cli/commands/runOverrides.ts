import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare } from '../../run';
import { parseOverrideLog, type LogProblem } from '../../policy/readPolicyFiles';
import { recordId } from '../../policy/overrideRequest';
import { trailerIds, mentionsTrailers } from '../../policy/trailers';
import { messageTrailers } from '../../git/commitMessage';
import { ConfigError } from '../../registry/ConfigError';
import { CLI_MSG, LOG_MSG, USAGE_MSG } from '../../messages';
import { parseVerifiedBases } from '../../policy/verifiedBases';
import { safeText } from '../../report/safeText';

/**
 * `overrides [--gate ID] [--author TEXT] [--since DATE] [--format json]`: the override log, with
 * expired records flagged and the log cross-checked against the commit trailers of the history, and
 * the verified bases declared (see policy/verifiedBases.ts).
 */
export async function runOverrides(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  if (args.positionals.length) throw new ConfigError(USAGE_MSG.overridesNoArgument(args.positionals[0]));
  const { loaded, schemas } = prepare({ cwd, config: args.config });
  const logPath = loaded.policy.overrideLog;
  const file = path.join(cwd, logPath);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const { records, problems } = parseOverrideLog(text, logPath, schemas);
  if (args.since && !/^\d{4}-\d{2}-\d{2}/.test(args.since)) throw new ConfigError(USAGE_MSG.sinceInvalid(args.since));
  const today = new Date(clockOf(args).now()).toISOString().slice(0, 10);
  const basesFile = path.join(cwd, loaded.policy.verifiedBases);
  const bases = parseVerifiedBases(
    fs.existsSync(basesFile) ? fs.readFileSync(basesFile, 'utf8') : undefined,
    loaded.policy.verifiedBases,
    schemas,
  );
  const issues: LogProblem[] = [...problems, ...bases.problems];
  for (const r of records) {
    const { line: _l, ...rest } = r;
    void _l;
    if (recordId(rest) !== r.id)
      issues.push({
        file: logPath,
        line: r.line,
        message: LOG_MSG.recordEdited(r.id),
      });
  }
  // Cross-check with the trailers of the history, when there is one.
  const trailers = await historyTrailers(cwd);
  if (trailers) {
    const inLog = new Set(records.map((r) => r.id));
    for (const r of records)
      if (!trailers.has(r.id))
        issues.push({
          file: logPath,
          line: r.line,
          message: LOG_MSG.noTrailerInHistory(r.id),
        });
    for (const [id, sha] of trailers)
      if (!inLog.has(id))
        issues.push({
          file: logPath,
          line: 0,
          message: LOG_MSG.recordRemoved(sha, id),
        });
  }
  const shown = records.filter(
    (r) =>
      (!args.gates.length || r.scope.some((s) => s === '*' || args.gates.includes(s.split(':')[0]))) &&
      (!args.author || `${r.author.name} <${r.author.email}>`.toLowerCase().includes(args.author.toLowerCase())) &&
      (!args.since || r.timestamp.slice(0, 10) >= args.since),
  );
  const expired = (r: { expires?: string }) => Boolean(r.expires && r.expires < today);
  if (args.format === 'json') {
    io.out(
      JSON.stringify(
        { overrides: shown.map((r) => ({ ...r, expired: expired(r) })), verifiedBases: bases.bases, problems: issues },
        null,
        2,
      ) + '\n',
    );
  } else {
    // Everything in a record is the repository's text: printed escaped, like findings (report/safeText.ts).
    for (const r of shown) {
      const flags = [expired(r) ? `EXPIRED ${r.expires}` : r.expires ? `expires ${r.expires}` : '', r.reference ?? '']
        .filter(Boolean)
        .join(', ');
      io.out(`${safeText(CLI_MSG.overrideRecordLine(r, flags))}\n    ${safeText(r.reason)}\n`);
    }
    for (const b of bases.bases) io.out(`${safeText(CLI_MSG.verifiedBaseLine(b))}\n    ${safeText(b.reason)}\n`);
    for (const p of issues) io.out(safeText(CLI_MSG.recordProblemLine(p)) + '\n');
    io.out(CLI_MSG.overridesSummary(shown.length, records.length, logPath, shown.filter(expired).length, issues.length));
  }
  return issues.length ? ExitCode.GateFailure : ExitCode.Pass;
}

async function historyTrailers(cwd: string): Promise<Map<string, string> | undefined> {
  // Loaded on demand, as the hooks load it: a run that never reaches this line never loads git.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (see above)
  const { Git } = require('../../git/Git') as typeof import('../../git/Git');
  const git = await Git.open(cwd);
  if (!git?.head) return undefined;
  try {
    const map = new Map<string, string>();
    for (const { sha, message: body } of await git.messages('HEAD')) {
      if (!mentionsTrailers(body)) continue;
      for (const id of trailerIds(await messageTrailers(git, body))) map.set(id, sha);
    }
    return map;
  } finally {
    git.close();
  }
}
