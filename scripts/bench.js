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

console.log(`spine-hooks bench: ${runs} runs each, ${require('node:os').cpus().length} cores, node ${process.version}`);
const fmt = (n) => `${n.toFixed(0).padStart(5)} ms`;
const base = time(targets[0][1]);
console.log(`${'case'.padEnd(34)}   min     median     p90    median/bare`);
for (const [name, args] of targets) {
  const r = name.startsWith('node -e') ? base : time(args);
  console.log(`${name.padEnd(34)}${fmt(r.min)}${fmt(r.median)}${fmt(r.p90)}    ${(r.median / base.median).toFixed(2)}×`);
}
