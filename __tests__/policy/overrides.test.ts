import * as fs from 'node:fs';
import * as path from 'node:path';
import { addRemote, hookedRepo, makeRepo, runBuilt, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { runCli } from '../helpers/runCli';
import { H, LOG, SEQ, CONFIG } from '../helpers/paths';
import { editFile, stageEdit } from '../helpers/edits';

const base = exampleFiles();
const noHealth = (t: string, host = 'monitoring') => t.replace(new RegExp(`host: ${host}$`, 'gm'), `host: ${host}-old`);
const REASON = 'monitoring moves to the new VM this week';

function stageDrift(repo: Repo, host = 'monitoring') {
  repo.write({ [H]: noHealth(repo.read(H), host) });
  repo.git(['add', H]);
}

function commit(repo: Repo, env: NodeJS.ProcessEnv, msg = 'drop probes') {
  const r = repo.tryGit(['commit', '-q', '-m', msg], { env });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('overrides at commit time', () => {
  test.each([
    ['no reason', { SPINE_OVERRIDE: 'D69' }, 'an override needs a reason'],
    [
      'a too-short reason',
      { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: 'because' },
      'the override reason is too short (7 visible characters, at least 15)',
    ],
    [
      'an unknown gate',
      { SPINE_OVERRIDE: 'D999', SPINE_OVERRIDE_REASON: REASON },
      'SPINE_OVERRIDE names unknown gate "D999"; valid ids: D54, D69',
    ],
    ['everything without a reason', { SPINE_OVERRIDE: '*' }, 'and overriding every gate needs one above all'],
    [
      'a reason without the configured reference',
      { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON },
      'needs a reference matching /GAP-OP-\\d+/',
    ],
  ])('refused: %s', (name, env, message) => {
    const files = name.includes('reference') ? { ...base, [CONFIG]: 'policy:\n  reference_pattern: GAP-OP-\\d+\n' } : base;
    const repo = hookedRepo(files);
    stageDrift(repo);
    const before = repo.state();
    const r = commit(repo, env);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(message);
    expect(repo.state()).toBe(before);
    expect(fs.existsSync(path.join(repo.dir, LOG))).toBe(false);
  });

  test('accepted with a reason: in the log, in the trailer, in `spine-hooks overrides`', async () => {
    const repo = hookedRepo(base);
    stageDrift(repo);
    const r = commit(repo, {
      SPINE_OVERRIDE: 'D69:monitoring',
      SPINE_OVERRIDE_REASON: REASON,
      SPINE_OVERRIDE_REF: 'GAP-OP-77',
      SPINE_OVERRIDE_EXPIRES: '2099-01-31',
    });
    expect(r.status).toBe(0);
    const record = JSON.parse(repo.read(LOG).trim());
    expect(record).toMatchObject({
      scope: ['D69:monitoring'],
      reason: REASON,
      reference: 'GAP-OP-77',
      expires: '2099-01-31',
      author: { name: 'Test Operator', email: 'ops@example.test' },
      branch: 'main',
      fingerprints: [expect.stringMatching(/^[0-9a-f]{16}$/)],
    });
    expect(repo.git(['log', '-1', '--format=%B'])).toBe(`drop probes\n\nSpine-Override: D69:monitoring — ${REASON} [id ${record.id}]\n\n`);
    expect(repo.git(['show', `HEAD:${LOG}`])).toBe(repo.read(LOG));
    expect(repo.git(['status', '--porcelain'])).toBe('');
    const list = await runCli(['overrides', '--cwd', repo.dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(
      `${record.id}  D69:monitoring  Test Operator <ops@example.test> on main  [expires 2099-01-31, GAP-OP-77]`,
    );
    expect(list.stdout).toContain(`    ${REASON}`);
  });

  test('an override narrowed to another entity does not cover the finding', () => {
    const repo = hookedRepo(base);
    stageDrift(repo);
    const r = commit(repo, { SPINE_OVERRIDE: 'D69:forge', SPINE_OVERRIDE_REASON: REASON });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("override D69:forge covers none of this commit's open findings");
    expect(r.out).toContain('Commit blocked by D69');
  });

  test('an override of a passing gate is reported as unused and not recorded', () => {
    const repo = hookedRepo(base);
    repo.write({ [SEQ]: base[SEQ] + '\n' });
    repo.git(['add', '-A']);
    const r = commit(repo, { SPINE_OVERRIDE: 'D138', SPINE_OVERRIDE_REASON: REASON });
    expect(r.status).toBe(0);
    expect(r.out).toContain("override D138 covers none of this commit's open findings");
    expect(fs.existsSync(path.join(repo.dir, LOG))).toBe(false);
  });

  test('two overridden commits are both logged, keep their own trailers, and pass CI', async () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageDrift(repo, 'monitoring');
    expect(commit(repo, { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON }, 'first').status).toBe(0);
    stageDrift(repo, 'forge');
    // An override covers one commit: the monitoring drift is still there and must be named again.
    expect(
      commit(repo, { SPINE_OVERRIDE: 'D69:forge', SPINE_OVERRIDE_REASON: 'forge probes are being rebuilt, GAP-OP-78' }, 'second').status,
    ).not.toBe(0);
    expect(
      commit(
        repo,
        { SPINE_OVERRIDE: 'D69:forge,D69:monitoring', SPINE_OVERRIDE_REASON: 'forge probes are being rebuilt, GAP-OP-78' },
        'second',
      ).status,
    ).toBe(0);
    const lines = repo
      .read(LOG)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.scope)).toEqual([['D69'], ['D69:forge', 'D69:monitoring']]);
    expect(repo.git(['log', '-1', '--format=%B'])).toContain(`[id ${lines[1].id}]`);
    expect(repo.git(['log', '-1', '--skip=1', '--format=%B'])).toContain(`[id ${lines[0].id}]`);
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(ci.code).toBe(0);
    expect(ci.stdout).toContain(`override ${lines[0].id} by Test Operator <ops@example.test> covers 1 finding of D69: "${REASON}"`);
    expect(ci.stdout).toContain(
      `override ${lines[1].id} by Test Operator <ops@example.test> covers 2 findings of D69:forge, D69:monitoring`,
    );
    expect((await runCli(['overrides', '--cwd', repo.dir, '--gate', 'D69', '--since', '2000-01-01'])).stdout).toContain(
      '2 overrides shown',
    );
  });
});

describe('fixups and autosquash of an overridden commit', () => {
  const OVERRIDE = { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON };
  /** An overridden commit, then a fixup of it that touches the same file (the drift still there: overridden again). */
  function fixedUp(fixup: (target: string) => string[]) {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageDrift(repo);
    expect(commit(repo, OVERRIDE).status).toBe(0);
    const target = repo.git(['rev-parse', 'HEAD']).trim();
    editFile(repo, H, (t) => `${t}# probes move with the VM\n`);
    repo.git(['add', H]);
    const made = repo.tryGit(['commit', '-q', ...fixup(target)], { env: { ...OVERRIDE, GIT_EDITOR: ':' } });
    expect({ status: made.status, out: made.status === 0 ? '' : made.stdout + made.stderr }).toEqual({ status: 0, out: '' });
    const squash = repo.tryGit(['rebase', '-q', '-i', '--autosquash', start], { env: { GIT_SEQUENCE_EDITOR: ':', GIT_EDITOR: ':' } });
    expect(squash.status).toBe(0);
    expect(repo.git(['rev-list', '--count', `${start}..HEAD`]).trim()).toBe('1');
    return { repo, start, note: made.stderr };
  }

  test('--fixup=amend: keeps both trailers through rebase --autosquash: ci and pre-push accept the squashed commit', async () => {
    const { repo, start, note } = fixedUp((target) => [`--fixup=amend:${target}`]);
    expect(note).not.toContain('note:');
    const ids = repo
      .read(LOG)
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(2);
    const message = repo.git(['log', '-1', '--format=%B']);
    expect(message.startsWith('drop probes\n')).toBe(true);
    for (const id of ids) expect(message).toContain(`[id ${id}]`);
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect({ code: Number(ci.code), out: Number(ci.code) === 0 ? '' : ci.stdout + ci.stderr }).toEqual({ code: 0, out: '' });
    addRemote(repo);
    const push = repo.tryGit(['push', 'origin', 'HEAD:refs/heads/main']);
    expect({ status: push.status, out: push.status === 0 ? '' : push.stdout + push.stderr }).toEqual({ status: 0, out: '' });
  });

  test.each([
    ['fixup', (target: string) => [`--fixup=${target}`]],
    ['squash', (target: string) => [`--squash=${target}`, '-m', 'probes note']],
  ])(
    'a plain --%s is told at once; squashed, ci refuses the lost trailer; git commit --amend --no-edit repairs it',
    async (kind, fixup) => {
      const { repo, start, note } = fixedUp(fixup);
      expect(note).toContain(`spine-hooks: note: this ${kind}! commit adds override record`);
      expect(note).toContain('git commit --fixup=amend:<commit>');
      const refused = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/override [0-9a-f]{12} has no Spine-Override trailer in its commit/);
      const amend = repo.tryGit(['commit', '-q', '--amend', '--no-edit']);
      expect(amend.status).toBe(0);
      const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
      expect({ code: Number(ci.code), out: Number(ci.code) === 0 ? '' : ci.stdout + ci.stderr }).toEqual({ code: 0, out: '' });
    },
  );
});

describe('what CI catches', () => {
  test('a real `git commit --no-verify` of drift is caught by spine-hooks ci', async () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageDrift(repo);
    expect(repo.tryGit(['commit', '-q', '--no-verify', '-m', 'sneaky']).status).toBe(0);
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain('VM 302 (monitoring): missing from ops/bindings/services.health.yaml');
  });

  test('SPINE_HOOKS=0 is honoured locally, recorded in a trailer, and caught by CI', async () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageDrift(repo);
    const r = commit(repo, { SPINE_HOOKS: '0' });
    expect(r.status).toBe(0);
    expect(r.out).toContain('skipped (SPINE_HOOKS=0)');
    expect(repo.git(['log', '-1', '--format=%B'])).toMatch(
      /^Spine-Hooks-Bypass: SPINE_HOOKS=0 by Test Operator <ops@example\.test> at \d{4}-/m,
    );
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toMatch(/Spine-Hooks-Bypass: SPINE_HOOKS=0 by Test Operator .*\(checked like any other commit\)/);
    expect(ci.stdout).toContain('VM 302 (monitoring): missing');
  });

  test('a record removed later, or edited, is detected', async () => {
    const repo = hookedRepo(base);
    stageDrift(repo);
    expect(commit(repo, { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON }).status).toBe(0);
    const after = repo.git(['rev-parse', 'HEAD']).trim();
    // Editing the reason of the recorded line:
    editFile(repo, LOG, (t) => t.replace(REASON, 'approved by everyone, really'));
    repo.git(['commit', '-q', '--no-verify', '-am', 'tidy the log']);
    let ci = await runCli(['ci', '--from', after, '--cwd', repo.dir]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain('.spine-hooks/overrides.jsonl:1 error the override log is append-only: line 1 was edited');
    // Removing it altogether:
    repo.write({ [LOG]: '' });
    repo.git(['commit', '-q', '--no-verify', '-am', 'drop the log']);
    ci = await runCli(['ci', '--from', 'HEAD~1', '--cwd', repo.dir]);
    expect(ci.stdout).toContain('line 1 was removed');
    const list = await runCli(['overrides', '--cwd', repo.dir]);
    expect(list.code).toBe(1);
    expect(list.stdout).toMatch(/commit [0-9a-f]{12} names override [0-9a-f]{12}, which the log no longer holds/);
  });

  test('a record appended by hand without its trailer, or with a forged id, is detected', async () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageDrift(repo);
    const forged = {
      id: 'abcdefabcdef',
      timestamp: '2026-01-01T00:00:00Z',
      author: { name: 'x', email: 'x@x' },
      branch: 'main',
      scope: ['D69'],
      fingerprints: [],
      reason: 'I say so, and that is enough',
      tool: 'spine-hooks@0.1.0',
    };
    repo.write({ [LOG]: JSON.stringify(forged) + '\n' });
    repo.git(['add', LOG]);
    repo.git(['commit', '-q', '--no-verify', '-m', 'self-approved']);
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain('override record abcdefabcdef does not match its id');
    expect(ci.stdout).toContain('override abcdefabcdef has no Spine-Override trailer in its commit');
    expect(ci.stdout).toContain('VM 302 (monitoring): missing'); // the forged record covers nothing
  });

  test('pre-commit refuses a staged edit of the override log', () => {
    const repo = hookedRepo(base);
    stageDrift(repo);
    expect(commit(repo, { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON }).status).toBe(0);
    stageEdit(repo, LOG, (t) => t.replace(REASON, 'approved by everyone, really'));
    const r = commit(repo, {}, 'tidy');
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('.spine-hooks/overrides.jsonl:1 error the override log is append-only: line 1 was edited');
  });

  test('a corrupted log line is reported with its line number', async () => {
    const repo = hookedRepo(base);
    stageDrift(repo);
    expect(commit(repo, { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON }).status).toBe(0);
    fs.appendFileSync(path.join(repo.dir, LOG), '{"id": "broken\n');
    const r = await runCli(['overrides', '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\.spine-hooks\/overrides\.jsonl:2: error not a JSON record: /m);
  });

  test('a record copied to a second line is reported there, by `overrides` and by ci even with a trailer naming it', async () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageDrift(repo);
    expect(commit(repo, { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON }).status).toBe(0);
    const line = repo.read(LOG).trim();
    const id = (JSON.parse(line) as { id: string }).id;
    fs.appendFileSync(path.join(repo.dir, LOG), `${line}\n`);
    const shown = await runCli(['overrides', '--cwd', repo.dir]);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain(
      `.spine-hooks/overrides.jsonl:2: error override ${id} is already recorded at line 1: an id names one record`,
    );
    repo.git(['add', LOG]);
    repo.git(['commit', '-q', '--no-verify', '-m', `copy\n\nSpine-Override: D69 — ${REASON} [id ${id}]`]);
    const ci = await runCli(['ci', '--from', start, '--cwd', repo.dir]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain(`overrides.jsonl:2 error override ${id} is already recorded at line 1`);
  });

  test('expired overrides are flagged (an expiry already past is refused when overriding: __tests__/git/silencing.test.ts)', async () => {
    const repo = hookedRepo(base);
    stageDrift(repo);
    expect(commit(repo, { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON, SPINE_OVERRIDE_EXPIRES: '2099-02-03' }).status).toBe(0);
    expect((await runCli(['overrides', '--cwd', repo.dir])).stdout).toContain('[expires 2099-02-03]');
    const r = await runCli(['overrides', '--cwd', repo.dir, '--format', 'json', '--now', '2099-02-04']);
    expect(JSON.parse(r.stdout).overrides).toEqual([expect.objectContaining({ expires: '2099-02-03', expired: true })]);
    expect((await runCli(['overrides', '--cwd', repo.dir, '--now', '2099-02-04'])).stdout).toContain('[EXPIRED 2099-02-03]');
  });

  test('git commit <path> cannot record an override: refused with a clear message', () => {
    const repo = hookedRepo(base);
    repo.write({ [H]: noHealth(base[H]) });
    const r = repo.tryGit(['commit', '-q', '-m', 'x', '--', H], { env: { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON } });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('an override cannot be recorded by `git commit <path>`');
    expect(runBuilt(['--version'], repo.dir).status).toBe(0);
  });
});

describe('one verdict per staged commit (judgeStaged): the override is part of it', () => {
  const env = { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: REASON };

  // Until issue 17 the lanes of the JSON report were counted before the override applied: D69's lane said "failed".
  test('the lanes of the report are counted after the override it records', async () => {
    const repo = makeRepo(base);
    stageDrift(repo);
    const r = await runCli(['--staged', '--format', 'json'], { cwd: repo.dir, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('recorded in .spine-hooks/overrides.jsonl');
    const json = JSON.parse(r.stdout);
    expect(json.gates.find((g: { id: string }) => g.id === 'D69').status).toBe('pass');
    const lanes = json.lanes as Array<{ lane: string; gates: number; failed: number }>;
    expect(lanes.length).toBeGreaterThan(0);
    expect(lanes.filter((l) => l.failed > 0)).toEqual([]);
  });

  // Until issue 17 the override was judged without --fail-on: a warning it left open let the commit through, recorded.
  test('--fail-on warn: an override that leaves a warning open is not recorded, and the commit is refused', async () => {
    const repo = makeRepo({ ...base, 'spine-hooks.config.yaml': 'gates:\n  D69:\n    severity: warn\n' });
    repo.write({ [H]: noHealth(noHealth(repo.read(H), 'monitoring'), 'edge-gateway') });
    repo.git(['add', H]);
    const narrow = { ...env, SPINE_OVERRIDE: 'D69:monitoring' };
    const r = await runCli(['--staged', '--fail-on', 'warn'], { cwd: repo.dir, env: narrow });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('recorded');
    expect(fs.existsSync(path.join(repo.dir, LOG))).toBe(false);
    expect(repo.git(['diff', '--cached', '--name-only'])).toBe(`${H}\n`);
    // An override covering both warnings lets it through, recorded.
    const ok = await runCli(['--staged', '--fail-on', 'warn'], { cwd: repo.dir, env });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('recorded in .spine-hooks/overrides.jsonl');
    expect(JSON.parse(repo.read(LOG).trim()).fingerprints).toHaveLength(2);
  });
});
