import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitSnapshot } from '../git/GitSnapshot';
import { prepare } from '../run';
import { formatTrailer, BYPASS_TRAILER } from '../policy/trailers';
import { detectAmend } from '../git/detectAmend';
import { commitInProgress } from '../git/commitInProgress';
import { addTrailers, isEmptyMessage } from '../git/commitMessage';
import { openRepo, configFromSnapshot } from './openRepo';
import { readLogChange } from './readLogChange';
import { gitIdentity } from './gitIdentity';
import { clearPending } from './recordOverride';

/**
 * commit-msg: the override records this commit adds to the log (in none of its parents' logs: see
 * policy/logChanges.ts) become trailers of its message (`Spine-Override: D69 — reason [id …]`), and a
 * SPINE_HOOKS=0 bypass becomes a `Spine-Hooks-Bypass:` trailer. Stateless: it compares the log in the
 * index with the logs of the commit's parents, as `ci` does afterwards. Returns the ids of the records
 * whose trailers an empty message could not take (the commit is then refused).
 */
export async function addCommitTrailers(opts: {
  cwd: string;
  config?: string;
  /** The message file, as git passes it (relative to the top level). */
  messageFile: string;
  env: NodeJS.ProcessEnv;
}): Promise<{ untrailered: string[]; squashed?: { kind: 'fixup' | 'squash'; ids: string[] } }> {
  const git = await openRepo(opts.cwd);
  try {
    // git runs hooks from the top level and passes a path relative to it.
    const msgFile = path.resolve(git.toplevel, opts.messageFile);
    const trailers: string[] = [];
    const index = new GitSnapshot(git, { kind: 'index' });
    const config = await configFromSnapshot(index, opts.config);
    const { loaded, schemas } = prepare({ cwd: opts.cwd, config: opts.config, configText: config.text });
    const log = loaded.policy.overrideLog;
    const { parents } = await commitInProgress(git, { amend: detectAmend(opts.env) });
    const change = await readLogChange(git, index, parents, log, schemas);
    for (const r of change.added) trailers.push(formatTrailer(r));
    if (opts.env.SPINE_HOOKS === '0') {
      const who = await gitIdentity(git);
      trailers.push(
        `${BYPASS_TRAILER}: SPINE_HOOKS=0 by ${who.name} <${who.email}> at ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
      );
    }
    // An empty message (comments and a `commit -v` diff aside) is how someone aborts a commit: nothing
    // is added to it. A commit that adds override records needs their trailers, so it is refused here
    // (`--allow-empty-message` would otherwise commit it without them, and ci would refuse it); git
    // aborts, the records stay staged for the retry.
    const text = fs.readFileSync(msgFile, 'utf8');
    const empty = trailers.length > 0 && (await isEmptyMessage(git, text));
    if (trailers.length && !empty) await addTrailers(git, msgFile, trailers);
    await clearPending(git);
    // `rebase --autosquash` drops a fixup!'s message, and puts a squash!'s below the target's: either
    // way the records' trailers do not end in the squashed commit's trailer block (amend! keeps them).
    const kind = /^(fixup|squash)! /.exec(text.split('\n').find((l) => l.trim() !== '') ?? '')?.[1] as 'fixup' | 'squash' | undefined;
    const squashed = kind && change.added.length && !empty ? { kind, ids: change.added.map((r) => r.id) } : undefined;
    return { untrailered: empty ? change.added.map((r) => r.id) : [], ...(squashed ? { squashed } : {}) };
  } finally {
    git.close();
  }
}
