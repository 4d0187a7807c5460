#!/usr/bin/env node
// Benchmark of whole CLI runs on generated estates (scripts/estate.js: the bundled example plus N
// active VMs, every gate passing). Each case runs as its own process under /usr/bin/time: CPU
// seconds (user + system), wall seconds, peak RSS; the ratios are to a bare `node -e 0` and to a
// `git commit --no-verify` measured in the same run. Never run as a test.
//
//   npm run bench                       N = 10, 100, 1000, 10000
//   npm run bench -- --sizes 10,1000 --runs 5 --bin /path/to/other/dist/bin/spine-hooks.js
//
// Cold: no cache at all (no parsed file, no gate verdict: a fresh clone); warm: what the run before
// left. Cases: --all cold, warm, and warm after one VM was edited (the realistic repeat); the
// pre-commit hook for a one-VM change, cold and warm; a commit that stages only a README (the
// installed hook script, as git runs it); ci over 20 one-VM commits, cold (a fresh clone) and
// warm (the hooks judged each commit on this machine).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { writeEstate, vmOf } = require('./estate');

const root = path.join(__dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const bin = path.resolve(arg('bin', path.join(root, 'dist', 'bin', 'spine-hooks.js')));
const sizes = arg('sizes', '10,100,1000,10000').split(',').map(Number);
const runs = Number(arg('runs', '3'));
if (!fs.existsSync(bin)) {
  console.error(`${bin} is missing: run \`npm run build\` first`);
  process.exit(2);
}
if (!fs.existsSync('/usr/bin/time')) {
  console.error('bench needs GNU time (/usr/bin/time) for CPU and peak memory');
  process.exit(2);
}

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'b@b',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'b@b',
  GIT_CONFIG_NOSYSTEM: '1',
};
for (const k of Object.keys(gitEnv)) if (/^npm_/i.test(k) || k === 'CI') delete gitEnv[k];

/** One process under GNU time: { cpu, wall, rss (MiB), status }. */
function measure(cmd, args, cwd, input) {
  const out = path.join(os.tmpdir(), `spine-bench-${process.pid}.time`);
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S %e %M', cmd, ...args], {
    cwd,
    env: gitEnv,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const [u, s, e, m] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { cpu: u + s, wall: e, rss: m / 1024, status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The median of `runs` measurements of one case (by CPU), after `prepare` before each. */
function median(fn, prepare = () => undefined) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    all.push(fn());
  }
  all.sort((a, b) => a.cpu - b.cpu);
  return all[Math.floor(all.length / 2)];
}

function git(dir, ...a) {
  const r = spawnSync('git', a, { cwd: dir, env: gitEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function estateRepo(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `spine-bench-${n}-`));
  writeEstate(n, dir);
  fs.writeFileSync(path.join(dir, 'README.md'), '# estate\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const init = spawnSync(process.execPath, [bin, 'init', '--no-husky'], { cwd: dir, env: gitEnv, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`init: ${init.stderr}`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'estate');
  return dir;
}

const L = 'ops/bindings/vm.lifecycle.yaml';
/** Stages a change of one VM's description (VM k of the generated ones, or of the example when n is tiny). */
function oneVmChange(dir, k) {
  const file = path.join(dir, L);
  const text = fs.readFileSync(file, 'utf8');
  const target = `description: "Generated workload ${k % Math.max(1, genCount(text))}."`;
  const next = text.includes(target)
    ? text.replace(target, `description: "Generated workload ${k % Math.max(1, genCount(text))}, edited ${Date.now()}."`)
    : text.replace('vms:\n', `vms:\n# edit ${Date.now()}\n`);
  fs.writeFileSync(file, next);
  git(dir, 'add', L);
}
const genCount = (text) => (text.match(/description: "Generated workload \d+/g) || []).length;

// Cold: no cache at all (parses and gate verdicts, as on a fresh clone); warm: what the previous run left.
const emptyCache = (dir) => {
  for (const c of ['cache', 'results']) fs.rmSync(path.join(dir, '.git', 'spine-hooks', c), { recursive: true, force: true });
};

function bench(n) {
  const dir = estateRepo(n);
  const res = {};
  res.node = median(() => measure(process.execPath, ['-e', '0'], dir));
  // A commit without hooks, the floor a hook is felt against: 20 in one shell (one is below the
  // clock's resolution), divided by 20.
  const twenty = median(() =>
    measure(
      'sh',
      ['-c', 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do git commit -q --no-verify --allow-empty -m x; done'],
      dir,
    ),
  );
  res.commit = { ...twenty, cpu: twenty.cpu / 20, wall: twenty.wall / 20 };
  // --all: cold, warm (nothing changed: every verdict cached), and after a one-VM edit.
  res.allCold = median(
    () => measure(process.execPath, [bin, '--all', '-q'], dir),
    () => emptyCache(dir),
  );
  measure(process.execPath, [bin, '--all', '-q'], dir);
  res.all = median(() => measure(process.execPath, [bin, '--all', '-q'], dir));
  let e = 0;
  res.allEdit = median(
    () => measure(process.execPath, [bin, '--all', '-q'], dir),
    () => oneVmChange(dir, 500 + e++),
  );
  git(dir, 'reset', '-q', '--hard', 'HEAD');
  // Pre-commit for a one-VM change: cold (nothing cached), warm (the other files' parses and the
  // verdicts of gates that do not read the changed file cached).
  let k = 0;
  res.hookCold = median(
    () => measure(process.execPath, [bin, 'hook', 'pre-commit'], dir),
    () => {
      emptyCache(dir);
      oneVmChange(dir, k++);
    },
  );
  measure(process.execPath, [bin, 'hook', 'pre-commit'], dir);
  res.hookWarm = median(
    () => measure(process.execPath, [bin, 'hook', 'pre-commit'], dir),
    () => oneVmChange(dir, k++),
  );
  git(dir, 'reset', '-q', '--hard', 'HEAD');
  // A README-only commit: the hook script git would run (core.hooksPath). HEAD is one of the empty
  // commits made above (its own change is gate-free), and the hook runs above left the gated-path
  // list, so this is the path that decides without node (hooks/gate-free.sh).
  const hooksPath = git(dir, 'config', 'core.hooksPath').trim();
  const hook = path.isAbsolute(hooksPath) ? path.join(hooksPath, 'pre-commit') : path.join(dir, hooksPath, 'pre-commit');
  let r = 0;
  res.readme = median(
    () => measure('sh', [hook], dir),
    () => {
      fs.appendFileSync(path.join(dir, 'README.md'), `line ${r++}\n`);
      git(dir, 'add', 'README.md');
    },
  );
  git(dir, 'reset', '-q', '--hard', 'HEAD');
  // ci over 20 commits, each changing one VM, each made through the pre-commit hook (as a developer
  // would): warm is ci (or pre-push) on that machine, reading the verdicts the hooks left; cold is
  // ci on a fresh clone. (ci itself only reads the caches, so a second ci run is no warmer.)
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  emptyCache(dir);
  for (let i = 0; i < 20; i++) {
    oneVmChange(dir, 1000 + i);
    const hook = measure(process.execPath, [bin, 'hook', 'pre-commit'], dir);
    if (hook.status !== 0) throw new Error(`the hook refused a generated commit at N=${n}: ${hook.out.slice(0, 400)}`);
    git(dir, 'commit', '-q', '--no-verify', '-m', `vm change ${i}`);
  }
  res.ciWarm = median(() => measure(process.execPath, [bin, 'ci', '--from', base, '-q'], dir));
  res.ciCold = median(
    () => measure(process.execPath, [bin, 'ci', '--from', base, '-q'], dir),
    () => emptyCache(dir),
  );
  for (const [name, m] of Object.entries(res))
    if (m.status !== 0) throw new Error(`${name} exited ${m.status} at N=${n}: ${m.out.slice(0, 400)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return res;
}

const CASES = [
  ['allCold', '--all, cold'],
  ['all', '--all, warm'],
  ['allEdit', '--all, warm, one VM edited'],
  ['hookCold', 'pre-commit, one VM changed, cold'],
  ['hookWarm', 'pre-commit, one VM changed, warm'],
  ['readme', 'commit of a README only (hook script)'],
  ['ciCold', 'ci over 20 one-VM commits, cold'],
  ['ciWarm', 'ci over 20 one-VM commits, warm (after their hooks)'],
];

console.log(
  `spine-hooks bench: ${bin}\n${runs} runs per case (median by CPU), ${os.cpus().length} cores, node ${process.version}, N = generated VMs on top of the example's 18\n`,
);
const results = sizes.map((n) => [n, bench(n)]);
const head = `| case | ${results.map(([n]) => `N=${n}`).join(' | ')} | growth |`;
console.log(head);
console.log(`|${'---|'.repeat(results.length + 2)}`);
console.log(`| node -e 0 (CPU s) | ${results.map(([, r]) => r.node.cpu.toFixed(2)).join(' | ')} | |`);
console.log(`| git commit --no-verify (CPU s) | ${results.map(([, r]) => r.commit.cpu.toFixed(2)).join(' | ')} | |`);
for (const [key, title] of CASES) {
  const cells = results.map(
    ([, r]) =>
      `${r[key].cpu.toFixed(r[key].cpu < 0.1 ? 3 : 2)} s, ${(r[key].cpu / r.node.cpu).toFixed(1)}× node, ${(r[key].cpu / r.commit.cpu).toFixed(1)}× commit, ${r[key].wall.toFixed(2)} s wall, ${r[key].rss.toFixed(0)} MiB`,
  );
  // How CPU grows with N between the two largest sizes: the exponent of N (1 = linear).
  let growth = '';
  if (results.length >= 2) {
    const [[n1, a], [n2, b]] = results.slice(-2);
    growth =
      a[key].cpu > 0 && b[key].cpu > 0
        ? `N^${(Math.log(b[key].cpu / a[key].cpu) / Math.log((n2 + 18) / (n1 + 18))).toFixed(2)}`
        : 'below the clock';
  }
  console.log(`| ${title} | ${cells.join(' | ')} | ${growth} |`);
}
