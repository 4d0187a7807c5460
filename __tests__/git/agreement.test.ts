import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initHooked, makeRepo, repoAt, runBuilt, installBins, type Repo } from '../helpers/gitRepo';
import { fromTemplate } from '../helpers/templates';
import { exampleFiles } from '../helpers/example';
import { tempDir } from '../helpers/tempDir';
import { L, P, H, LOG, CONFIG, atRoot } from '../helpers/paths';
import { editFile, stageEdit, type Edit } from '../helpers/edits';

/**
 * The invariant the product stands on: for every commit, what the local hooks accept `spine-hooks ci`
 * accepts, and what they refuse it refuses. Each workflow below is carried out with real git
 * commands through the installed hooks (commit hooks, then pre-push); `ci` then judges the pushed
 * range. Where the hooks refuse a commit, the same steps are repeated with --no-verify in a fresh
 * repository, and both the push and `ci` must refuse the result.
 */
jest.setTimeout(120_000);

const base = exampleFiles();
/** VM 311 ai-lab goes active with none of its touchpoints: D69, D86, D100 and D142 (its placeholder backup_target) fail. */
const activate = (t: string) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )planning/, '$1active');
const deactivate = (t: string) => t.replace(/(hostname: ai-lab\n(?: {4}.*\n)*? {4}status: )active/, '$1planning');
const noProbes = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
const comment = (t: string, note: string) => `${t}# ${note}\n`;
const OVERRIDE = { SPINE_OVERRIDE: 'D69,D86,D100,D142', SPINE_OVERRIDE_REASON: 'ai-lab goes live before its probes, GAP-OP-9' };
const OVERRIDE_PROBES = { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: 'monitoring probes move with the VM, GAP-OP-10' };

interface World {
  /** Where git commands run (the work tree: main checkout, linked worktree, submodule). */
  repo: Repo;
  /** The SSOT root (a package subfolder, or the top level). */
  root: string;
  /** Path of SSOT files relative to the work tree's top level. */
  at: (file: string) => string;
  /** The commit already on the remote when the workflow starts. */
  start: string;
  /** Output of the last git command a flow ran (what the hooks said). */
  last?: string;
}

/** The estate's remote, a bare repository beside it in the world's folder, holding the first commit. */
function pushed(repo: Repo, remote: string): void {
  repo.git(['init', '-q', '--bare', remote]);
  repo.git(['remote', 'add', 'origin', remote]);
  repo.git(['push', '-q', '--no-verify', 'origin', 'HEAD:refs/heads/main']);
  repo.git(['fetch', '-q', 'origin']);
}

/**
 * A world is made once per run in a template folder (helpers/templates.ts) and copied for each flow:
 * `<folder>/repo` (where git runs), `<folder>/remote`, and what the kind adds (a linked worktree, a
 * superproject). `root` and `sub` say where the SSOT root is inside the work tree.
 */
function world(kind: string, build: (dir: string) => void, where: { work: string; root?: string; sub?: string }): World {
  const dir = fromTemplate(JSON.stringify(['agreement', kind, base]), build);
  const repo = repoAt(path.join(dir, where.work));
  const sub = where.sub ?? '';
  return {
    repo,
    root: path.join(dir, where.root ?? where.work),
    at: (f) => (sub ? `${sub}/${f}` : f),
    start: repo.git(['rev-parse', 'HEAD']).trim(),
  };
}

/** The example estate at the top level, hooks through core.hooksPath (`init --no-husky`). */
function plainWorld(): World {
  return world('plain', (dir) => pushed(initHooked(path.join(dir, 'repo'), base), path.join(dir, 'remote')), { work: 'repo' });
}

/** Builds the subfolder world in `dir`: the estate and package.json in `repo/infra/`, husky hooks that `cd infra`. */
function buildSub(dir: string): void {
  const files = Object.fromEntries(Object.entries(base).map(([k, v]) => [`infra/${k}`, v]));
  const repo = makeRepo(
    {
      ...files,
      'infra/package.json': '{\n  "name": "estate",\n  "private": true\n}\n',
      '.gitignore': 'node_modules/\n',
      'README.md': 'monorepo\n',
    },
    { commit: false, dir: path.join(dir, 'repo') },
  );
  shim(repo.dir);
  const r = runBuilt(['init'], path.join(repo.dir, 'infra'));
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '--no-verify', '-m', 'initial estate']);
  pushed(repo, path.join(dir, 'remote'));
}

/** The estate and package.json in `infra/`, husky hooks that `cd infra` (what `init` writes there). */
function subWorld(): World {
  return world('sub', buildSub, { work: 'repo', root: 'repo/infra', sub: 'infra' });
}

/** What `npm install spine-hooks` puts on the PATH husky gives hooks (infra/node_modules/.bin). */
function shim(top: string) {
  installBins(path.join(top, 'infra'));
}

/** A linked worktree of the subfolder world, set up as a user would: install (the shim) and prepare (husky). */
function worktreeWorld(): World {
  const build = (dir: string) => {
    buildSub(dir);
    const wt = path.join(dir, 'wt');
    repoAt(path.join(dir, 'repo')).git(['worktree', 'add', '-q', '-b', 'wt', wt]);
    shim(wt);
    const husky = atRoot('node_modules', 'husky', 'bin.js');
    const prep = spawnSync(process.execPath, [husky, 'infra/.husky'], { cwd: wt, encoding: 'utf8' });
    if (prep.status !== 0) throw new Error(`husky in the worktree failed: ${prep.stderr}`);
  };
  return world('worktree', build, { work: 'wt', root: 'wt/infra', sub: 'infra' });
}

/** The estate as a submodule of a superproject, hooks installed inside the submodule. */
function submoduleWorld(): World {
  const build = (dir: string) => {
    const estate = initHooked(path.join(dir, 'estate'), base);
    pushed(estate, path.join(dir, 'remote'));
    const superproject = makeRepo({ 'README.md': 'platform\n' }, { dir: path.join(dir, 'repo') });
    superproject.git(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', estate.dir, 'estate']);
    superproject.git(['commit', '-q', '-m', 'add the estate']);
    const sub = repoAt(path.join(superproject.dir, 'estate'));
    sub.git(['config', 'user.name', 'Test Operator']);
    sub.git(['config', 'user.email', 'ops@example.test']);
    sub.git(['checkout', '-q', '-B', 'main', 'origin/main']);
    const r = runBuilt(['init', '--no-husky'], sub.dir);
    if (r.status !== 0) throw new Error(`init in the submodule failed: ${r.stderr}`);
    sub.git(['remote', 'set-url', 'origin', path.join(dir, 'remote')]);
    sub.git(['fetch', '-q', 'origin']);
  };
  return world('submodule', build, { work: 'repo/estate' });
}

/** An edit of an estate file, wherever the world keeps the estate. */
const edit = (w: World, file: string, fn: Edit) => editFile(w.repo, w.at(file), fn);
const stage = (w: World, file: string, fn: Edit) => stageEdit(w.repo, w.at(file), fn);

function git(w: World, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const r = w.repo.tryGit(args, { env });
  w.last = r.stdout + r.stderr;
  return r.status;
}
const commit = (w: World, nv: string[], msg: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) =>
  git(w, ['commit', '-q', ...nv, ...extra, '-m', msg], env);

/** Deleting the file D86 applies by weakens D86 (governance/scopeDeletions.ts): done with a logged reason. */
const MOVE_PROFILES = { SPINE_OVERRIDE: 'D86', SPINE_OVERRIDE_REASON: 'operating profiles move to another repository' };

function mustCommit(w: World, msg: string, env: NodeJS.ProcessEnv = {}) {
  const r = w.repo.tryGit(['commit', '-q', '-m', msg], { env });
  if (r.status !== 0) throw new Error(`set-up commit "${msg}" refused: ${r.stdout}${r.stderr}`);
}

interface Flow {
  name: string;
  /** What the hooks (commit hooks, then pre-push) say. */
  hooks: 'accept' | 'refuse';
  /** Where a refusal happens (default: at the commit, with a message matching `says`); `push` where no commit hook runs. */
  at?: 'commit' | 'push';
  /** What a refusing commit hook says (default: the gates that block). */
  says?: RegExp;
  world?: () => World;
  /** Carries out the workflow; returns the exit status of its last git command. nv: ['--no-verify'] or []. */
  run: (w: World, nv: string[]) => number;
}

/** A side branch holding a commit that activates ai-lab under a logged override (made through the hooks). */
function overriddenBranch(w: World, name = 'feature') {
  w.repo.git(['checkout', '-q', '-b', name]);
  stage(w, L, activate);
  mustCommit(w, 'ai-lab live early', OVERRIDE);
}

/** A side branch holding a drift commit made with --no-verify. */
function bypassBranch(w: World, name = 'side') {
  w.repo.git(['checkout', '-q', '-b', name]);
  stage(w, L, activate);
  w.repo.git(['commit', '-q', '--no-verify', '-m', 'drift, hooks bypassed']);
}

const EDITOR = (() => {
  let file: string | undefined;
  return () => {
    if (!file) {
      file = path.join(tempDir(), 'editor.sh');
      // Writes a message above what git put in the buffer (comments, scissors line, diff).
      fs.writeFileSync(file, '#!/bin/sh\n{ echo "ai-lab live, written in the editor"; cat "$1"; } > "$1.new" && mv "$1.new" "$1"\n', {
        mode: 0o755,
      });
    }
    return file;
  };
})();

const flows: Flow[] = [
  { name: 'a clean commit', hooks: 'accept', run: (w, nv) => (stage(w, L, (t) => comment(t, 'reviewed')), commit(w, nv, 'note')) },
  { name: 'a drift commit', hooks: 'refuse', run: (w, nv) => (stage(w, L, activate), commit(w, nv, 'ai-lab live')) },
  {
    name: 'commit -a (temporary index)',
    hooks: 'refuse',
    run: (w, nv) => (edit(w, L, activate), commit(w, nv, 'ai-lab live', {}, ['-a'])),
  },
  {
    name: 'commit --only <path> with other drift staged',
    hooks: 'refuse',
    run: (w, nv) => {
      stage(w, H, (t) => comment(t, 'fine'));
      edit(w, L, activate);
      return git(w, ['commit', '-q', ...nv, '-m', 'only the lifecycle', '--only', w.at(L)]);
    },
  },
  {
    name: 'commit --only <path> leaves staged drift out',
    hooks: 'accept',
    run: (w, nv) => {
      stage(w, L, activate);
      edit(w, H, (t) => comment(t, 'fine'));
      return git(w, ['commit', '-q', ...nv, '-m', 'only the probes', '--only', w.at(H)]);
    },
  },
  {
    name: 'amend that adds drift',
    hooks: 'refuse',
    run: (w, nv) => (
      stage(w, H, (t) => comment(t, 'x')),
      mustCommit(w, 'note'),
      stage(w, L, activate),
      commit(w, nv, 'note', {}, ['--amend'])
    ),
  },
  ...['--amend', '--amen', '--am'].map((flag): Flow => ({
    name: `${flag} of a --no-verify drift commit, changing only a README`,
    hooks: 'refuse',
    run: (w, nv) => {
      stage(w, L, activate);
      w.repo.git(['commit', '-q', '--no-verify', '-m', 'drift, hooks bypassed']);
      w.repo.write({ 'NOTES.md': 'notes\n' });
      w.repo.git(['add', 'NOTES.md']);
      return git(w, ['commit', '-q', ...nv, flag, '--no-edit']);
    },
  })),
  {
    name: 'an alias of commit --amend',
    hooks: 'refuse',
    run: (w, nv) => {
      w.repo.git(['config', 'alias.fixup-last', 'commit --amend --no-edit']);
      stage(w, L, activate);
      w.repo.git(['commit', '-q', '--no-verify', '-m', 'drift, hooks bypassed']);
      w.repo.write({ 'NOTES.md': 'notes\n' });
      w.repo.git(['add', 'NOTES.md']);
      return git(w, ['fixup-last', '-q', ...nv]);
    },
  },
  {
    name: 'intent-to-add of a deleted touchpoint file',
    hooks: 'accept',
    run: (w, nv) => {
      const profiles = w.repo.read(w.at(P));
      w.repo.git(['rm', '-q', w.at(P)]);
      mustCommit(w, 'profiles move elsewhere', MOVE_PROFILES);
      w.repo.write({ [w.at(P)]: profiles });
      w.repo.git(['add', '-N', w.at(P)]);
      stage(w, L, (t) => comment(t, 'reviewed'));
      return commit(w, nv, 'note');
    },
  },
  {
    name: 'intent-to-add with drift staged',
    hooks: 'refuse',
    run: (w, nv) => {
      const profiles = w.repo.read(w.at(P));
      w.repo.git(['rm', '-q', w.at(P)]);
      mustCommit(w, 'profiles move elsewhere', MOVE_PROFILES);
      w.repo.write({ [w.at(P)]: profiles });
      w.repo.git(['add', '-N', w.at(P)]);
      stage(w, L, activate);
      return commit(w, nv, 'ai-lab live');
    },
  },
  {
    name: 'merge (pre-merge-commit) of a branch with a --no-verify drift commit',
    hooks: 'refuse',
    run: (w, nv) => (
      bypassBranch(w),
      w.repo.git(['checkout', '-q', 'main']),
      git(w, ['merge', '-q', '--no-ff', '--no-edit', ...nv, 'side'])
    ),
  },
  {
    name: 'merge of a clean branch',
    hooks: 'accept',
    run: (w, nv) => {
      w.repo.git(['checkout', '-q', '-b', 'feature']);
      stage(w, H, (t) => comment(t, 'feature'));
      mustCommit(w, 'feature note');
      w.repo.git(['checkout', '-q', 'main']);
      return git(w, ['merge', '-q', '--no-ff', '--no-edit', ...nv, 'feature']);
    },
  },
  {
    name: 'a configuration that switches a gate off (governance)',
    hooks: 'refuse',
    says: /D69 vm-creation-governance-lock is weakened: the gate is switched off/,
    run: (w, nv) => (
      w.repo.write({ [w.at(CONFIG)]: 'gates:\n  D69: { severity: off }\n' }),
      w.repo.git(['add', w.at(CONFIG)]),
      commit(w, nv, 'quiet D69')
    ),
  },
  {
    name: 'package in a subfolder: a configuration that lowers a severity (governance)',
    hooks: 'refuse',
    world: subWorld,
    says: /D100 vm-ip-parity is weakened: its severity is lowered/,
    run: (w, nv) => (
      w.repo.write({ [w.at(CONFIG)]: 'gates:\n  D100: { severity: warn }\n' }),
      w.repo.git(['add', w.at(CONFIG)]),
      commit(w, nv, 'soften D100')
    ),
  },
  {
    name: 'a configuration that widens a scope (governance: strengthening)',
    hooks: 'accept',
    run: (w, nv) => (
      w.repo.write({ [w.at(CONFIG)]: 'gates:\n  D69:\n    params:\n      hypervisors: [pve, pve2]\n' }),
      w.repo.git(['add', w.at(CONFIG)]),
      commit(w, nv, 'a second hypervisor')
    ),
  },
  {
    name: 'merge of a branch that weakened a gate with --no-verify (governance)',
    hooks: 'refuse',
    says: /D100 vm-ip-parity is weakened/,
    run: (w, nv) => {
      w.repo.git(['checkout', '-q', '-b', 'soft']);
      w.repo.write({ [w.at(CONFIG)]: 'gates:\n  D100: { severity: warn }\n' });
      w.repo.git(['add', w.at(CONFIG)]);
      w.repo.git(['commit', '-q', '--no-verify', '-m', 'soften D100, hooks bypassed']);
      w.repo.git(['checkout', '-q', 'main']);
      return git(w, ['merge', '-q', '--no-ff', '--no-edit', ...nv, 'soft']);
    },
  },
  {
    name: 'a conflicted merge, resolved and committed',
    hooks: 'accept',
    run: (w, nv) => {
      w.repo.git(['checkout', '-q', '-b', 'feature']);
      stage(w, L, (t) => comment(t, 'feature side'));
      mustCommit(w, 'feature note');
      w.repo.git(['checkout', '-q', 'main']);
      stage(w, L, (t) => comment(t, 'main side'));
      mustCommit(w, 'main note');
      if (git(w, ['merge', '-q', 'feature']) === 0) throw new Error('expected a conflict');
      w.repo.write({ [w.at(L)]: comment(base[L], 'both sides') });
      w.repo.git(['add', w.at(L)]);
      return git(w, ['commit', '-q', ...nv, '--no-edit']);
    },
  },
  {
    name: 'a conflicted merge resolved into drift',
    hooks: 'refuse',
    run: (w, nv) => {
      w.repo.git(['checkout', '-q', '-b', 'feature']);
      stage(w, L, (t) => comment(t, 'feature side'));
      mustCommit(w, 'feature note');
      w.repo.git(['checkout', '-q', 'main']);
      stage(w, L, (t) => comment(t, 'main side'));
      mustCommit(w, 'main note');
      if (git(w, ['merge', '-q', 'feature']) === 0) throw new Error('expected a conflict');
      w.repo.write({ [w.at(L)]: activate(comment(base[L], 'both sides')) });
      w.repo.git(['add', w.at(L)]);
      return git(w, ['commit', '-q', ...nv, '--no-edit']);
    },
  },
  { name: 'an override commit', hooks: 'accept', run: (w, nv) => (stage(w, L, activate), commit(w, nv, 'ai-lab live early', OVERRIDE)) },
  {
    name: 'amend of an overridden commit with a new message',
    hooks: 'accept',
    run: (w, nv) => (stage(w, L, activate), mustCommit(w, 'ai-lab live early', OVERRIDE), commit(w, nv, 'better message', {}, ['--amend'])),
  },
  {
    name: 'amend of an overridden commit, the override given again',
    hooks: 'accept',
    run: (w, nv) => {
      stage(w, L, activate);
      mustCommit(w, 'ai-lab live early', OVERRIDE);
      const status = commit(w, nv, 'better message', OVERRIDE, ['--amend']);
      expect(w.repo.read(w.at(LOG)).trim().split('\n')).toHaveLength(1);
      return status;
    },
  },
  {
    name: 'retry after an aborted override commit',
    hooks: 'accept',
    run: (w, nv) => {
      stage(w, L, activate);
      expect(git(w, ['commit', '-q', '-m', ''], OVERRIDE)).not.toBe(0);
      return commit(w, nv, 'retry');
    },
  },
  {
    name: 'an override commit made with commit -v in an editor',
    hooks: 'accept',
    run: (w, nv) => (stage(w, L, activate), git(w, ['commit', '-q', '-v', ...nv], { ...OVERRIDE, GIT_EDITOR: EDITOR() })),
  },
  {
    name: 'merge of a branch holding an overridden commit',
    hooks: 'accept',
    run: (w, nv) => (
      overriddenBranch(w),
      w.repo.git(['checkout', '-q', 'main']),
      git(w, ['merge', '-q', '--no-ff', '--no-edit', ...nv, 'feature'])
    ),
  },
  {
    name: 'squash merge of a branch holding an overridden commit',
    hooks: 'accept',
    run: (w, nv) => (
      overriddenBranch(w),
      w.repo.git(['checkout', '-q', 'main']),
      w.repo.git(['merge', '-q', '--squash', 'feature']),
      commit(w, nv, 'squashed')
    ),
  },
  {
    name: 'squash merge of two overrides of one gate',
    hooks: 'accept',
    run: (w, nv) => {
      overriddenBranch(w);
      stage(w, H, noProbes);
      mustCommit(w, 'monitoring probes move', OVERRIDE_PROBES);
      w.repo.git(['checkout', '-q', 'main']);
      w.repo.git(['merge', '-q', '--squash', 'feature']);
      return commit(w, nv, 'squashed');
    },
  },
  {
    name: 'squash merge of an override whose drift was fixed on the branch (the record is stale)',
    hooks: 'refuse',
    says: /override records? \w+ staged in \.spine-hooks\/overrides\.jsonl .* covers? nothing in this commit/,
    run: (w, nv) => {
      overriddenBranch(w);
      stage(w, L, deactivate);
      mustCommit(w, 'ai-lab back to planning');
      w.repo.git(['checkout', '-q', 'main']);
      w.repo.git(['merge', '-q', '--squash', 'feature']);
      return commit(w, nv, 'squashed');
    },
  },
  {
    name: 'cherry-pick of a --no-verify drift commit (no commit hook runs)',
    hooks: 'refuse',
    at: 'push',
    run: (w) => (bypassBranch(w), w.repo.git(['checkout', '-q', 'main']), git(w, ['cherry-pick', 'side'])),
  },
  {
    name: 'revert of a clean commit',
    hooks: 'accept',
    run: (w, nv) => (stage(w, L, (t) => comment(t, 'to revert')), mustCommit(w, 'note'), git(w, ['revert', '--no-edit', ...nv, 'HEAD'])),
  },
  {
    name: 'rebase of a clean branch',
    hooks: 'accept',
    run: (w) => {
      w.repo.git(['checkout', '-q', '-b', 'feature']);
      stage(w, H, (t) => comment(t, 'feature'));
      mustCommit(w, 'feature note');
      w.repo.git(['checkout', '-q', 'main']);
      stage(w, L, (t) => comment(t, 'main'));
      mustCommit(w, 'main note');
      w.repo.git(['checkout', '-q', 'feature']);
      return git(w, ['rebase', '-q', 'main']);
    },
  },
  {
    name: 'rebase of a branch carrying a --no-verify drift commit',
    hooks: 'refuse',
    at: 'push',
    run: (w) => {
      bypassBranch(w);
      w.repo.git(['checkout', '-q', 'main']);
      stage(w, H, (t) => comment(t, 'main'));
      mustCommit(w, 'main note');
      w.repo.git(['checkout', '-q', 'side']);
      return git(w, ['rebase', '-q', 'main']);
    },
  },
  {
    name: 'package in a subfolder (husky): drift',
    hooks: 'refuse',
    world: subWorld,
    run: (w, nv) => (stage(w, L, activate), commit(w, nv, 'ai-lab live')),
  },
  {
    name: 'package in a subfolder (husky): clean',
    hooks: 'accept',
    world: subWorld,
    run: (w, nv) => (stage(w, L, (t) => comment(t, 'ok')), commit(w, nv, 'note')),
  },
  {
    name: 'package in a subfolder, git --git-dir=.git --work-tree=. commit',
    hooks: 'refuse',
    world: subWorld,
    run: (w, nv) => (stage(w, L, activate), git(w, ['--git-dir=.git', '--work-tree=.', 'commit', '-q', ...nv, '-m', 'ai-lab live'])),
  },
  {
    name: 'linked worktree, package in a subfolder: drift',
    hooks: 'refuse',
    world: worktreeWorld,
    run: (w, nv) => (stage(w, L, activate), commit(w, nv, 'ai-lab live')),
  },
  {
    name: 'linked worktree, package in a subfolder: clean',
    hooks: 'accept',
    world: worktreeWorld,
    run: (w, nv) => (stage(w, L, (t) => comment(t, 'ok')), commit(w, nv, 'note')),
  },
  {
    name: 'a submodule: drift',
    hooks: 'refuse',
    world: submoduleWorld,
    run: (w, nv) => (stage(w, L, activate), commit(w, nv, 'ai-lab live')),
  },
  {
    name: 'a submodule: clean',
    hooks: 'accept',
    world: submoduleWorld,
    run: (w, nv) => (stage(w, L, (t) => comment(t, 'ok')), commit(w, nv, 'note')),
  },
];

function pushAndCi(w: World) {
  const branch = w.repo.git(['rev-parse', '--abbrev-ref', 'HEAD']).trim();
  const push = w.repo.tryGit(['push', 'origin', `HEAD:refs/heads/check-${branch === 'HEAD' ? 'detached' : branch}`]);
  const ci = runBuilt(['ci', '--from', w.start, '--to', 'HEAD'], w.root);
  return { push, ci };
}

describe('hooks and `spine-hooks ci` agree in every git workflow', () => {
  test.each(flows.map((f) => [f.name, f] as const))('%s', (_name, flow) => {
    const make = flow.world ?? plainWorld;
    const w = make();
    const status = flow.run(w, []);
    const { push, ci } = status === 0 ? pushAndCi(w) : { push: undefined, ci: runBuilt(['ci', '--from', w.start, '--to', 'HEAD'], w.root) };
    const hooks = status === 0 && push!.status === 0 ? 'accept' : 'refuse';
    expect({ hooks, out: hooks === flow.hooks ? '' : `${w.last ?? ''}${push?.stdout ?? ''}${push?.stderr ?? ''}` }).toEqual({
      hooks: flow.hooks,
      out: '',
    });
    if (flow.hooks === 'refuse') {
      // Refused where it should be, for the right reason (not, say, an error that also fails closed).
      expect(status === 0 ? 'push' : 'commit').toBe(flow.at ?? 'commit');
      if (status !== 0) expect(w.last).toMatch(flow.says ?? /Commit blocked by D69/);
    }
    if (status === 0) {
      // What the hooks let through (commit and push), ci accepts; what pre-push refused, ci refuses.
      expect({ ci: ci.status, out: ci.status === (hooks === 'accept' ? 0 : 1) ? '' : ci.stdout + ci.stderr }).toEqual({
        ci: hooks === 'accept' ? 0 : 1,
        out: '',
      });
      return;
    }
    // Refused at commit: made anyway with --no-verify, the push and ci both refuse it.
    const again = make();
    expect(flow.run(again, ['--no-verify'])).toBe(0);
    const after = pushAndCi(again);
    expect(after.push.status).not.toBe(0);
    expect({ ci: after.ci.status, out: after.ci.status === 1 ? '' : after.ci.stdout + after.ci.stderr }).toEqual({ ci: 1, out: '' });
  });
});
