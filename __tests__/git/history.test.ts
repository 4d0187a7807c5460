import * as fs from 'node:fs';
import * as path from 'node:path';
import { addRemote, hookedRepo, makeRepo, runBuilt, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { stageEdit, type Edit } from '../helpers/edits';
import { CONFIG, L } from '../helpers/paths';
import { Git } from '../../src/git/Git';
import { checkCommits } from '../../src/hooks/checkCommits';

/**
 * What a history rule compares with is the same in the hooks and in `ci` (invariant 1): the first parent of
 * the commit being made or checked — HEAD for a plain commit and during a merge, the amended commit's first
 * parent under --amend, nothing for a first commit — and HEAD for `--all`. Each workflow runs through the
 * installed hooks and then `ci` over the same commits, as __tests__/git/agreement.test.ts does for the
 * other gates; the flows are built so that a wrong base gives a different answer.
 */
jest.setTimeout(120_000);

const GATE = [
  'add_gates:',
  '  - id: D9100',
  '    name: vm-ids-kept',
  '    description: A VM id is never removed from the lifecycle, nor given to another VM.',
  '    severity: error',
  '    lanes: [core]',
  '    fix_hint: Keep the VM with status decommissioned; give a new VM a new id.',
  '    rules:',
  '      - kind: history',
  '        id: vm-ids',
  '        source: vms',
  '        never_removed: true',
  '        never_reused: { identity: [hostname] }',
  '',
].join('\n');

/** A decommissioned VM like 312 (which every gate accepts), with its own id and hostname, before the templates. */
function vmBlock(text: string, id: number, host: string): string {
  const start = text.indexOf('  - vmid: 312\n');
  const end = text.indexOf('# ─', start);
  return text
    .slice(start, end)
    .replace('vmid: 312', `vmid: ${id}`)
    .replace(/fileserver-old/g, host)
    .replace('vzdump-qemu-312', `vzdump-qemu-${id}`);
}
const TEMPLATES = /\n# ─+\n# Templates/;
const addVm =
  (id: number, host: string): Edit =>
  (t) =>
    t.replace(TEMPLATES, (m) => `\n${vmBlock(t, id, host)}${m.slice(1)}`);
const dropVm =
  (id: number): Edit =>
  (t) =>
    t.replace(new RegExp(`  - vmid: ${id}\\n(?: {4}.*\\n| {6}.*\\n)*`), '');
const comment =
  (note: string): Edit =>
  (t) =>
    `${t}# ${note}\n`;

const example = exampleFiles();
/** The example estate with the gate, without VM 399 (`bare`) and with it (`kept`). */
const bare: Record<string, string> = { ...example, [CONFIG]: GATE };
const kept: Record<string, string> = { ...bare, [L]: addVm(399, 'scratch-old')(example[L]) };

interface World {
  repo: Repo;
  start: string;
  last?: string;
}

function world(files: Record<string, string>): World {
  const repo = hookedRepo(files);
  addRemote(repo);
  repo.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']);
  return { repo, start: repo.git(['rev-parse', 'HEAD']).trim() };
}

function git(w: World, args: string[]): number {
  const r = w.repo.tryGit(args);
  w.last = r.stdout + r.stderr;
  return r.status;
}
const stage = (w: World, edit: Edit) => stageEdit(w.repo, L, edit);
function mustCommit(w: World, msg: string) {
  if (git(w, ['commit', '-q', '-m', msg]) !== 0) throw new Error(`set-up commit "${msg}" refused: ${w.last}`);
}

interface Flow {
  name: string;
  from: Record<string, string>;
  hooks: 'accept' | 'refuse';
  run: (w: World, nv: string[]) => number;
}

const flows: Flow[] = [
  {
    name: 'a commit that removes a VM its parent has',
    from: kept,
    hooks: 'refuse',
    run: (w, nv) => (stage(w, dropVm(399)), git(w, ['commit', '-q', ...nv, '-m', 'drop'])),
  },
  {
    name: 'a clean commit',
    from: kept,
    hooks: 'accept',
    run: (w, nv) => (stage(w, comment('reviewed')), git(w, ['commit', '-q', ...nv, '-m', 'note'])),
  },
  {
    name: 'a commit that gives a VM id to another hostname',
    from: kept,
    hooks: 'refuse',
    run: (w, nv) => (
      stage(w, (t) => t.replace('hostname: scratch-old', 'hostname: scratch-new')),
      git(w, ['commit', '-q', ...nv, '-m', 'reuse'])
    ),
  },
  {
    // The base is the amended commit's parent, which never had VM 399: HEAD as the base would refuse.
    name: 'amend that takes out a VM the amended commit added',
    from: bare,
    hooks: 'accept',
    run: (w, nv) => {
      stage(w, addVm(399, 'scratch-old'));
      mustCommit(w, 'add 399');
      stage(w, (t) => comment('399 not yet')(dropVm(399)(t)));
      return git(w, ['commit', '-q', ...nv, '--amend', '--no-edit']);
    },
  },
  {
    // HEAD (the --no-verify commit) has no VM 399 either: only its parent shows the removal.
    name: 'amend of a --no-verify commit that removed a VM, changing only a README',
    from: kept,
    hooks: 'refuse',
    run: (w, nv) => {
      stage(w, dropVm(399));
      w.repo.git(['commit', '-q', '--no-verify', '-m', 'drop, hooks bypassed']);
      w.repo.write({ 'NOTES.md': 'notes\n' });
      w.repo.git(['add', 'NOTES.md']);
      return git(w, ['commit', '-q', ...nv, '--amend', '--no-edit']);
    },
  },
  {
    // During a merge the base is the first parent (main, without VM 399); the second parent's 399 may stay out.
    name: 'a merge that leaves out a VM only the merged branch added',
    from: bare,
    hooks: 'accept',
    run: (w, nv) => {
      w.repo.git(['checkout', '-q', '-b', 'feature']);
      stage(w, addVm(399, 'scratch-old'));
      mustCommit(w, 'add 399');
      w.repo.git(['checkout', '-q', 'main']);
      w.repo.write({ 'NOTES.md': 'main\n' });
      w.repo.git(['add', 'NOTES.md']);
      mustCommit(w, 'main note');
      w.repo.git(['merge', '-q', '--no-ff', '--no-commit', 'feature']);
      stage(w, dropVm(399));
      return git(w, ['commit', '-q', ...nv, '--no-edit']);
    },
  },
  {
    name: 'a merge of a branch that removed a VM with --no-verify',
    from: kept,
    hooks: 'refuse',
    run: (w, nv) => {
      w.repo.git(['checkout', '-q', '-b', 'side']);
      stage(w, dropVm(399));
      w.repo.git(['commit', '-q', '--no-verify', '-m', 'drop, hooks bypassed']);
      w.repo.git(['checkout', '-q', 'main']);
      return git(w, ['merge', '-q', '--no-ff', '--no-edit', ...nv, 'side']);
    },
  },
];

function pushAndCi(w: World) {
  const push = w.repo.tryGit(['push', 'origin', 'HEAD:refs/heads/check']);
  return { push, ci: runBuilt(['ci', '--from', w.start, '--to', 'HEAD'], w.repo.dir) };
}

describe('hooks and ci compare with the same base', () => {
  test.each(flows.map((f) => [f.name, f] as const))('%s', (_name, flow) => {
    const w = world(flow.from);
    const status = flow.run(w, []);
    const { push, ci } =
      status === 0 ? pushAndCi(w) : { push: undefined, ci: runBuilt(['ci', '--from', w.start, '--to', 'HEAD'], w.repo.dir) };
    const hooks = status === 0 && push!.status === 0 ? 'accept' : 'refuse';
    expect({ hooks, out: hooks === flow.hooks ? '' : `${w.last ?? ''}${push?.stdout ?? ''}${push?.stderr ?? ''}` }).toEqual({
      hooks: flow.hooks,
      out: '',
    });
    if (flow.hooks === 'refuse') {
      expect(status).not.toBe(0);
      expect(w.last).toMatch(/Commit blocked by D9100\b/);
      expect(w.last).toMatch(/in parent [0-9a-f]{12}\b/);
    }
    if (status === 0) {
      expect({ ci: ci.status, out: ci.status === 0 ? '' : ci.stdout + ci.stderr }).toEqual({ ci: 0, out: '' });
      return;
    }
    // Refused at commit: made anyway with --no-verify, the push and ci both refuse it, naming the same base.
    const again = world(flow.from);
    expect(flow.run(again, ['--no-verify'])).toBe(0);
    const after = pushAndCi(again);
    expect(after.push.status).not.toBe(0);
    expect({ ci: after.ci.status, out: after.ci.status === 1 ? '' : after.ci.stdout + after.ci.stderr }).toEqual({ ci: 1, out: '' });
    expect(after.ci.stdout).toMatch(/D9100 .*in parent [0-9a-f]{12}\b/);
  });

  test('a first commit has no parent: every VM is new, in the hook and in ci', () => {
    const repo = makeRepo(kept, { commit: false });
    expect(runBuilt(['init', '--no-husky'], repo.dir).status).toBe(0);
    repo.git(['add', '-A']);
    const r = repo.tryGit(['commit', '-q', '-m', 'the estate']);
    expect({ status: r.status, out: r.status === 0 ? '' : r.stdout + r.stderr }).toEqual({ status: 0, out: '' });
    const ci = runBuilt(['ci', '--from', '0'.repeat(40), '--to', 'HEAD'], repo.dir);
    expect({ status: ci.status, out: ci.status === 0 ? '' : ci.stdout + ci.stderr }).toEqual({ status: 0, out: '' });
  });
});

test('a shallow clone: the commit it was cut at has a parent that is not there, and ci says so', () => {
  const repo = makeRepo(kept);
  repo.write({ [L]: dropVm(399)(kept[L]) });
  repo.git(['commit', '-q', '--no-verify', '-am', 'drop 399']);
  const clone = path.join(tempDir(), 'clone');
  repo.git(['clone', '-q', '--depth', '1', `file://${repo.dir}`, clone]);
  const ci = runBuilt(['ci', '--from', '0'.repeat(40), '--to', 'HEAD', '--format', 'json'], clone);
  // Not "no parent, every VM is new": the removal it cannot see is not passed in silence.
  expect(ci.stdout).toMatch(/vm-ids: not compared with a base: commit [0-9a-f]{12} is where this shallow clone was cut/);
});

describe('--all compares the working tree with HEAD, or says why it cannot', () => {
  test('in a repository: the finding and the heading name HEAD', () => {
    const repo = makeRepo(kept);
    const head = repo.git(['rev-parse', 'HEAD']).trim().slice(0, 12);
    repo.write({ [L]: dropVm(399)(kept[L]) });
    const r = runBuilt(['--all', '--gate', 'D9100'], repo.dir, { NO_COLOR: '1' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`· history compared with HEAD ${head}`);
    expect(r.stdout).toContain(`${L} error VM 399 (scratch-old) is removed: it was in HEAD ${head} (${L} line`);
  });

  test.each([
    ['outside git', () => tempDir(kept), /not in a git repository, so the working tree has no HEAD to compare with/],
    ['in a repository with no commit', () => makeRepo(kept, { commit: false }).dir, /the repository has no commit yet/],
  ])('%s: the gate warns that it compared nothing, it does not pass in silence', (_name, dir, why) => {
    const r = runBuilt(['--all', '--gate', 'D9100', '--format', 'json'], dir());
    expect(r.status).toBe(0);
    const gate = (JSON.parse(r.stdout) as { gates: Array<{ id: string; status: string; note?: string }> }).gates[0];
    expect(gate).toMatchObject({ id: 'D9100', status: 'warn' });
    expect(gate.note).toMatch(/^vm-ids: not compared with a base: /);
    expect(gate.note).toMatch(why);
  });
});

describe('a verdict that depends on the base is cached by the base too', () => {
  test('--all: the same working tree against a new HEAD is judged again (disk cache)', () => {
    const repo = makeRepo(kept);
    repo.write({ [L]: dropVm(399)(kept[L]) });
    expect(runBuilt(['--all', '--gate', 'D9100'], repo.dir).status).toBe(1);
    expect(fs.readdirSync(path.join(repo.dir, '.git', 'spine-hooks', 'results')).length).toBeGreaterThan(0);
    // The removal committed: HEAD has no VM 399 either, so nothing is removed any more.
    repo.git(['commit', '-q', '--no-verify', '-am', 'drop 399']);
    const again = runBuilt(['--all', '--gate', 'D9100'], repo.dir);
    expect({ status: again.status, out: again.status === 0 ? '' : again.stdout }).toEqual({ status: 0, out: '' });
  });

  test('ci: two commits with the same file and different parents get their own verdicts (run memo)', async () => {
    const repo = makeRepo(kept);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    const commit = (text: string, msg: string) => (repo.write({ [L]: text }), repo.git(['commit', '-q', '--no-verify', '-am', msg]));
    commit(bare[L], 'drop 399');
    commit(addVm(398, 'scratch-398')(bare[L]), 'add 398');
    // The same lifecycle blob as two commits ago, now removing 398 instead of 399.
    commit(bare[L], 'drop 398');
    const git = await Git.open(repo.dir);
    try {
      const out = await checkCommits(git!, [[`${start}..HEAD`]], { cwd: repo.dir });
      const removed = out.checked.map((c) => c.result.gates.find((g) => g.id === 'D9100')?.findings.map((f) => f.entity) ?? []);
      expect(removed).toEqual([['scratch-old'], [], ['scratch-398']]);
    } finally {
      git!.close();
    }
  });

  test('ci: a version the run memo holds is not read from git again, and verdicts are those of a range read whole', async () => {
    const repo = makeRepo(kept);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    const commit = (text: string, msg: string) => (repo.write({ [L]: text }), repo.git(['commit', '-q', '--no-verify', '-am', msg]));
    commit(comment('one')(kept[L]), 'one');
    commit(bare[L], 'drop 399');
    commit(comment('three')(bare[L]), 'three');
    const verdicts = async (watch: boolean) => {
      const git = await Git.open(repo.dir);
      const asked: string[] = [];
      if (watch) {
        const read = git!.blobs.read.bind(git!.blobs);
        git!.blobs.read = (names) => (asked.push(...names), read(names));
      }
      try {
        const out = await checkCommits(git!, [[`${start}..HEAD`]], { cwd: repo.dir });
        return { asked, found: out.checked.map((c) => c.result.gates.map((g) => [g.id, g.status, g.findings.map((f) => f.entity)])) };
      } finally {
        git!.close();
      }
    };
    const { asked, found } = await verdicts(true);
    // Every version of the lifecycle is read once (the parent of each commit is the commit before).
    const versions = ['HEAD~2', 'HEAD~1', 'HEAD'].map((r) => repo.git(['rev-parse', `${r}:${L}`]).trim());
    expect(versions.map((v) => asked.filter((a) => a === v).length)).toEqual([1, 1, 1]);
    // A file no commit changed is read once too.
    const other = repo.git(['rev-parse', `HEAD:ops/bindings/ssh.targets.yaml`]).trim();
    expect(asked.filter((a) => a === other).length).toBe(1);
    expect(found.flat().some(([id, status]) => id === 'D9100' && status === 'fail')).toBe(true);
    expect((await verdicts(false)).found).toEqual(found);
  });
});
