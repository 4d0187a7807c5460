import { hookedRepo, runBuilt, addRemote, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { makeRecord } from '../../src/policy/overrideRequest';
import { formatTrailer } from '../../src/policy/trailers';
import type { OverrideRecord } from '../../src/policy/policyRecords';
import { H, LOG, BASELINE, CONFIG } from '../helpers/paths';

/**
 * Accepting drift is always an override (issue 16, section 3): every file that can silence a finding
 * (the baseline, the override log, the policy in the configuration) changes only with a logged reason
 * of the commit that makes the change. Each case goes through the installed hooks with a real
 * `git commit`, then the same change is committed with --no-verify: pre-push and `ci` must give the
 * hooks' verdict.
 */
jest.setTimeout(60_000);

const base = exampleFiles();
const noProbes = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
const REASON = 'monitoring probes move with the VM this week, GAP-OP-10';
const OVERRIDE = { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON };

/** The example with hooks installed, pushed to a bare origin; `start` is what the remote has. */
function estate(): { repo: Repo; start: string } {
  const repo = hookedRepo(base);
  addRemote(repo);
  repo.git(['push', '-q', '--no-verify', 'origin', 'main']);
  return { repo, start: repo.git(['rev-parse', 'HEAD']).trim() };
}

function commit(repo: Repo, msg: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const r = repo.tryGit(['commit', '-q', ...extra, '-m', msg], { env });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** What pre-push and `ci` say about the commits since `start`. */
function verdicts(repo: Repo, start: string) {
  const ci = runBuilt(['ci', '--from', start], repo.dir);
  const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/check']);
  return { ci: ci.status, push: push.status === 0 ? 0 : 1, out: ci.stdout + ci.stderr + push.stdout + push.stderr };
}

function stageProbesDrift(repo: Repo) {
  repo.write({ [H]: noProbes(repo.read(H)) });
  repo.git(['add', H]);
}

/** The monitoring drift and the baseline entry that accepts it, as `baseline update --accept-new` writes it, staged. */
function stageBaselinedDrift(repo: Repo) {
  repo.write({ [H]: noProbes(repo.read(H)) });
  const u = runBuilt(['baseline', 'update', '--accept-new', '--ref', 'GAP-OP-10'], repo.dir);
  expect(u).toMatchObject({ status: 0, stdout: expect.stringContaining('1 added') });
  repo.git(['add', H, BASELINE]);
}

/** An override record written by hand (not by the hook), with its trailer in the message: what --no-verify allows. */
function handRecord(repo: Repo, over: Partial<OverrideRecord> & { reason?: string }): { record: OverrideRecord; message: string } {
  const record = makeRecord(
    { scope: ['D69'], reason: over.reason ?? REASON, ...(over.expires ? { expires: over.expires } : {}) },
    {
      timestamp: over.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      author: over.author ?? { name: 'Test Operator', email: 'ops@example.test' },
      branch: 'main',
      fingerprints: [],
      tool: 'spine-hooks@0.1.0',
    },
  );
  const current = repo.tryGit(['show', `:${LOG}`]).stdout;
  repo.write({ [LOG]: current + JSON.stringify(record) + '\n' });
  repo.git(['add', LOG]);
  return { record, message: `drop probes\n\n${formatTrailer(record)}` };
}

describe('growing the baseline is a weakening: it needs a logged override', () => {
  test('a commit that brings drift and the baseline entry accepting it is refused by the hook, and by pre-push and ci with --no-verify', () => {
    const { repo, start } = estate();
    stageBaselinedDrift(repo);
    const before = repo.state();
    const r = commit(repo, 'drop probes, baselined');
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(
      /D69 \.spine-hooks\/baseline\.json:\d+:\d+ error D69 vm-creation-governance-lock is weakened: \.spine-hooks\/baseline\.json accepts a new finding as known drift: \S+ monitoring \(fingerprint [0-9a-f]{16}\)/,
    );
    expect(r.out).toContain('Commit blocked by D69');
    expect(repo.state()).toBe(before);
    expect(commit(repo, 'drop probes, baselined', {}, ['--no-verify']).status).toBe(0);
    const v = verdicts(repo, start);
    expect({ ci: v.ci, push: v.push }).toEqual({ ci: 1, push: 1 });
    expect(v.out).toContain('accepts a new finding as known drift');
  });

  test('the same growth with SPINE_OVERRIDE and a reason: committed and logged, pre-push and ci accept it', () => {
    const { repo, start } = estate();
    stageBaselinedDrift(repo);
    const r = commit(repo, 'drop probes, baselined', OVERRIDE);
    expect(r).toMatchObject({ status: 0 });
    const record = JSON.parse(repo.read(LOG).trim());
    expect(record).toMatchObject({ scope: ['D69'], reason: REASON, fingerprints: [expect.stringMatching(/^[0-9a-f]{16}$/)] });
    expect(verdicts(repo, start)).toMatchObject({ ci: 0, push: 0 });
  });

  test('a baseline entry for drift already committed (adoption) needs the override too; shrinking it needs nothing', () => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    expect(commit(repo, 'drift, hooks bypassed', {}, ['--no-verify']).status).toBe(0);
    const u = runBuilt(['baseline', 'update', '--accept-new', '--ref', 'GAP-OP-10'], repo.dir);
    expect(u.status).toBe(0);
    repo.git(['add', BASELINE]);
    const refused = commit(repo, 'accept the known gap');
    expect(refused.status).not.toBe(0);
    expect(refused.out).toContain('accepts a new finding as known drift');
    expect(commit(repo, 'accept the known gap', OVERRIDE).status).toBe(0);
    // The gap is fixed: `baseline update` drops the entry, and the commit needs no override.
    repo.write({ [H]: base[H] });
    expect(runBuilt(['baseline', 'update'], repo.dir).stdout).toContain('1 fixed and removed');
    repo.git(['add', H, BASELINE]);
    expect(commit(repo, 'probes back')).toMatchObject({ status: 0 });
    // The --no-verify drift commit stays refused; from the overridden commit on, everything is accepted.
    expect(verdicts(repo, start).ci).toBe(1);
    expect(runBuilt(['ci', '--from', 'HEAD~2'], repo.dir)).toMatchObject({ status: 0 });
  });
});

describe('an override record binds to the commit that adds it', () => {
  test('a record naming someone other than the commit author or committer: refused by the hook, by pre-push and by ci', () => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    const { record, message } = handRecord(repo, { author: { name: 'Ines Ops', email: 'ines@example.org' } });
    const r = commit(repo, message);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(
      `override ${record.id} names Ines Ops <ines@example.org> as its author, but the commit is by Test Operator <ops@example.test>`,
    );
    expect(commit(repo, message, {}, ['--no-verify']).status).toBe(0);
    const v = verdicts(repo, start);
    expect({ ci: v.ci, push: v.push }).toEqual({ ci: 1, push: 1 });
    expect(v.out).toContain(`override ${record.id} names Ines Ops <ines@example.org> as its author`);
  });

  test('control: the same hand-written record naming the commit author is accepted by all three', () => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    const { message } = handRecord(repo, {});
    expect(commit(repo, message)).toMatchObject({ status: 0 });
    expect(verdicts(repo, start)).toMatchObject({ ci: 0, push: 0 });
  });

  test('amended and cherry-picked by another committer, the record still names the author: accepted', () => {
    const { repo, start } = estate();
    repo.git(['checkout', '-q', '-b', 'feature']);
    stageProbesDrift(repo);
    expect(commit(repo, 'probes move', OVERRIDE).status).toBe(0);
    const other = { GIT_COMMITTER_NAME: 'Ines Ops', GIT_COMMITTER_EMAIL: 'ines@example.org' };
    expect(commit(repo, 'probes move (amended by Ines)', other, ['--amend']).status).toBe(0);
    repo.git(['checkout', '-q', 'main']);
    expect(repo.tryGit(['cherry-pick', 'feature'], { env: other }).status).toBe(0);
    expect(repo.git(['log', '-1', '--format=%an|%cn']).trim()).toBe('Test Operator|Ines Ops');
    expect(verdicts(repo, start)).toMatchObject({ ci: 0, push: 0 });
  });

  test('a commit with another --author: the hook records that author, and ci accepts it', () => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    expect(commit(repo, 'probes move', OVERRIDE, ['--author', 'Ines Ops <ines@example.org>']).status).toBe(0);
    expect(JSON.parse(repo.read(LOG).trim()).author).toEqual({ name: 'Ines Ops', email: 'ines@example.org' });
    expect(verdicts(repo, start)).toMatchObject({ ci: 0, push: 0 });
  });
});

describe('what an override may say', () => {
  test('a hand-written record without the reference policy.reference_pattern asks for: refused by the hook, pre-push and ci', () => {
    const repo = hookedRepo({ ...base, [CONFIG]: "policy:\n  reference_pattern: 'GAP-OP-\\d+'\n" });
    addRemote(repo);
    repo.git(['push', '-q', '--no-verify', 'origin', 'main']);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageProbesDrift(repo);
    const { record, message } = handRecord(repo, { reason: 'monitoring probes move with the VM this week' });
    const r = commit(repo, message);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`override ${record.id} has no reference matching /GAP-OP-\\d+/`);
    expect(commit(repo, message, {}, ['--no-verify']).status).toBe(0);
    const v = verdicts(repo, start);
    expect({ ci: v.ci, push: v.push }).toEqual({ ci: 1, push: 1 });
    expect(v.out).toContain(`override ${record.id} has no reference matching`);
  });

  test('an expiry already in the past is refused with exit 2 at the override; a hand-written one is refused by the hook, pre-push and ci', () => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    const env = { ...OVERRIDE, SPINE_OVERRIDE_EXPIRES: '2001-02-03' };
    const direct = runBuilt(['--staged'], repo.dir, env);
    expect(direct.status).toBe(2);
    expect(direct.stderr).toContain('SPINE_OVERRIDE_EXPIRES=2001-02-03 is already in the past');
    const r = commit(repo, 'drop probes', env);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('is already in the past');
    expect(runBuilt(['--staged'], repo.dir, { ...OVERRIDE, SPINE_OVERRIDE_EXPIRES: '2026-02-31' }).stderr).toContain(
      'must be a date (YYYY-MM-DD), not "2026-02-31"',
    );
    const { record, message } = handRecord(repo, { expires: '2001-02-03' });
    const hook = commit(repo, message);
    expect(hook.status).not.toBe(0);
    expect(hook.out).toContain(`override ${record.id} expired (2001-02-03) before it was recorded`);
    expect(commit(repo, message, {}, ['--no-verify']).status).toBe(0);
    expect(verdicts(repo, start)).toMatchObject({
      ci: 1,
      push: 1,
      out: expect.stringContaining('expired (2001-02-03) before it was recorded'),
    });
  });

  test.each([
    ['zero-width spaces', '\u200b'.repeat(20) + 'ok'],
    ['combining marks stacked on one letter', 'a' + '\u0301'.repeat(30)],
    ['Hangul fillers and a word joiner', '\u3164'.repeat(10) + '\u2060'.repeat(10) + 'x'],
    ['a run of no-break spaces between two letters', 'a' + '\u00a0'.repeat(20) + 'b'],
  ])('a reason padded with %s is too short, at the hook and in ci', (_name, reason) => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    const r = commit(repo, 'drop probes', { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: reason });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/the override reason is too short \([1-3] visible characters?, at least 15\)/);
    const { record, message } = handRecord(repo, { reason });
    expect(commit(repo, message).out).toContain(`override ${record.id} has a reason of`);
    expect(commit(repo, message, {}, ['--no-verify']).status).toBe(0);
    expect(verdicts(repo, start)).toMatchObject({ ci: 1, push: 1, out: expect.stringContaining('visible character') });
  });

  test('an override commit with an empty message (--allow-empty-message) is refused by commit-msg; the retry gets its trailer', () => {
    const { repo, start } = estate();
    stageProbesDrift(repo);
    const r = commit(repo, '', OVERRIDE, ['--allow-empty-message']);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(
      /commit refused: its message is empty, and the override record [0-9a-f]{12} it adds needs a Spine-Override trailer/,
    );
    expect(repo.git(['rev-parse', 'HEAD']).trim()).toBe(start);
    expect(commit(repo, 'retry')).toMatchObject({ status: 0 });
    const record = JSON.parse(repo.read(LOG).trim());
    expect(repo.git(['log', '-1', '--format=%B'])).toContain(`[id ${record.id}]`);
    expect(verdicts(repo, start)).toMatchObject({ ci: 0, push: 0 });
    // Without the hooks nothing is recorded: the drift is uncovered for pre-push and ci.
    const again = estate();
    stageProbesDrift(again.repo);
    expect(commit(again.repo, '', OVERRIDE, ['--allow-empty-message', '--no-verify']).status).toBe(0);
    expect(verdicts(again.repo, again.start)).toMatchObject({ ci: 1, push: 1 });
  });

  test('`spine-hooks overrides` prints reasons and names escaped: no raw ESC, CR or bidi control reaches the terminal', () => {
    const { repo } = estate();
    stageProbesDrift(repo);
    const reason = 'probes move \u001b[2J\u001b[32m✔ all fine\r\u202egnp.exe, GAP-OP-10';
    expect(
      commit(repo, 'drop probes', { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: reason, GIT_AUTHOR_NAME: 'Ines \u001b[1mOps' }).status,
    ).toBe(0);
    const r = runBuilt(['overrides'], repo.dir);
    expect(r.status).toBe(0);
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal: ESC, CR and a bidi override
    expect(r.stdout).not.toMatch(/[\u001b\r\u202e]/);
    expect(r.stdout).toContain('    probes move \\u001b[2J\\u001b[32m✔ all fine\\r\\u202egnp.exe, GAP-OP-10');
    expect(r.stdout).toContain('Ines \\u001b[1mOps <ops@example.test>');
  });
});
