#!/usr/bin/env node
// Wall-clock benchmark of whole CLI runs (node start-up included), beside a bare `node -e 0`.
// Usage: npm run bench [-- --runs N]. Needs `npm run build` first. Never run as a test.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'dist', 'bin', 'spine-hooks.js');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
if (!fs.existsSync(bin)) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

function time(args, cwd = root) {
  const samples = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) samples.push(ms); // two warm-up runs fill the OS file cache
  }
  samples.sort((a, b) => a - b);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { min: samples[0], median: q(0.5), p90: q(0.9) };
}

const targets = [['node -e 0 (bare start-up)', ['-e', '0']], ['--all examples/', [bin, '--all', '--cwd', path.join(root, 'examples')]]];
const corpus = path.join(root, '..', 'shared', 'corpus');
for (const snap of ['spine-2026-02-11', 'spine-2026-02-17']) {
  if (fs.existsSync(path.join(corpus, snap))) targets.push([`--all corpus ${snap}`, [bin, '--all', '--cwd', path.join(corpus, snap)]]);
}

/** A throwaway repository of `src` with the hooks installed (core.hooksPath) and known gaps baselined. */
function hookRepo(src) {
  const os = require('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spine-hooks-bench-'));
  fs.cpSync(src, dir, { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@b' };
  const git = (...a) => spawnSync('git', a, { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q');
  git('config', 'commit.gpgsign', 'false');
  spawnSync(process.execPath, [bin, 'baseline', 'update', '--accept-new', '--ref', 'BENCH'], { cwd: dir });
  git('add', '-A');
  git('commit', '-q', '-m', 'estate');
  spawnSync(process.execPath, [bin, 'init', '--no-husky'], { cwd: dir });
  return { dir, git, env };
}

/** pre-commit hook time: `git commit` minus the same commit with --no-verify (a lifecycle edit each time). */
function hookTime(src) {
  const { dir, git } = hookRepo(src);
  const lifecycle = path.join(dir, 'ops/bindings/vm.lifecycle.yaml');
  const one = (verify) => {
    fs.appendFileSync(lifecycle, `# bench ${Math.random()}\n`);
    git('add', 'ops/bindings/vm.lifecycle.yaml');
    const t = process.hrtime.bigint();
    const r = git('commit', '-q', ...(verify ? [] : ['--no-verify']), '-m', 'bench');
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`bench commit failed in ${dir}: ${r.stdout}${r.stderr}`);
    return ms;
  };
  one(true);
  one(false);
  const deltas = [];
  for (let i = 0; i < runs; i++) deltas.push(one(true) - one(false));
  deltas.sort((a, b) => a - b);
  fs.rmSync(dir, { recursive: true, force: true });
  return { min: deltas[0], median: deltas[Math.floor(deltas.length / 2)], p90: deltas[Math.min(deltas.length - 1, Math.floor(0.9 * deltas.length))] };
}

console.log(`spine-hooks bench: ${runs} runs each, ${require('node:os').cpus().length} cores, node ${process.version}`);
const fmt = (n) => `${n.toFixed(0).padStart(5)} ms`;
const base = time(targets[0][1]);
console.log(`${'case'.padEnd(34)}   min     median     p90    median/bare`);
for (const [name, args] of targets) {
  const r = name.startsWith('node -e') ? base : time(args);
  console.log(`${name.padEnd(34)}${fmt(r.min)}${fmt(r.median)}${fmt(r.p90)}    ${(r.median / base.median).toFixed(2)}×`);
}
const hookTargets = [['pre-commit hook, examples/', path.join(root, 'examples')]];
if (fs.existsSync(path.join(corpus, 'spine-2026-02-17'))) hookTargets.push(['pre-commit hook, corpus 2026-02-17', path.join(corpus, 'spine-2026-02-17')]);
for (const [name, src] of hookTargets) {
  const r = hookTime(src);
  console.log(`${name.padEnd(34)}${fmt(r.min)}${fmt(r.median)}${fmt(r.p90)}    ${(r.median / base.median).toFixed(2)}×`);
}
