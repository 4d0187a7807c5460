#!/usr/bin/env node
// Benchmark of whole CLI runs on generated estates (scripts/estate.js: the bundled example plus N
// active VMs, every gate passing). Each case runs as its own process under GNU time: CPU seconds
// (user + system, children included), wall seconds, peak RSS. One run prints every case against the
// floors measured in the same run: `node -e 0`, a bare parse of the estate's YAML (js-yaml, one
// process, nothing else), a husky hook that runs nothing, one cold `--all`; and, with --vs, against
// another build (each case alternates between the two builds, so the machine's drift hits both).
// Never run as a test.
//
//   npm run bench                                   N = 10 (about the corpus' size), 1000, 10000
//   npm run bench -- --sizes 10,1000 --runs 5 --vs /path/to/other/dist/bin/spine-hooks.js
//   npm run bench -- --corpus DIR [--corpus DIR…]   also --all and a pre-commit on real snapshots
//
// Cold: no cache at all (no parsed file, no gate verdict, no kept record: a fresh clone); warm: what the run before
// left. Cases: --all cold, warm, and warm after one VM was edited; the installed pre-commit hook
// script (as git runs it) for a one-VM change, cold and warm; the hook script for a commit that
// stages only a README; ci over 20 one-VM commits, cold (a fresh clone) and warm (the hooks judged
// each commit on this machine).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');
const { writeEstate } = require('./estate');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const args = (name) => argv.flatMap((a, i) => (a === `--${name}` ? [argv[i + 1]] : []));
const builds = [path.resolve(arg('bin', path.join(root, 'dist', 'bin', 'spine-hooks.js')))];
if (arg('vs')) builds.push(path.resolve(arg('vs')));
const sizes = arg('sizes', '10,1000,10000').split(',').map(Number);
const runs = Number(arg('runs', '3'));
const corpora = args('corpus').map((d) => path.resolve(d));
for (const b of builds) {
  if (!fs.existsSync(b)) {
    console.error(`${b} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}
if (!fs.existsSync('/usr/bin/time')) {
  console.error('bench needs GNU time (/usr/bin/time) for CPU and peak memory');
  process.exit(2);
}
/** A build's package folder (its hooks/ beside dist/). */
const packageOf = (bin) => path.resolve(path.dirname(bin), '..', '..');

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'b@b',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'b@b',
  GIT_CONFIG_NOSYSTEM: '1',
};
for (const k of Object.keys(gitEnv)) if (/^npm_/i.test(k) || k === 'CI' || k === 'HUSKY') delete gitEnv[k];

/**
 * Each build runs with a cache home of its own (its cache key, its compiled code): two builds, or other
 * spine-hooks processes on the machine, then never evict or overwrite each other's code cache entries
 * (the folder keeps a bounded number) mid-benchmark.
 */
const homes = fs.mkdtempSync(path.join(os.tmpdir(), 'spine-bench-homes-'));
fs.chmodSync(homes, 0o700);
const envOf = new Map(builds.map((b, i) => [b, { ...gitEnv, XDG_CACHE_HOME: path.join(homes, String(i)) }]));

/** One process under GNU time: { cpu, wall, rss (MiB), status, out }. */
function measure(cmd, cmdArgs, cwd, env = gitEnv) {
  const out = path.join(os.tmpdir(), `spine-bench-${process.pid}.time`);
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S %e %M', cmd, ...cmdArgs], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const [u, s, e, m] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { cpu: u + s, wall: e, rss: m / 1024, status: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * `k` runs of one command in one shell, as one measurement divided by `k`: a case far below the
 * clock's resolution (10 ms) is measured over many runs (peak RSS stays that of the largest process).
 */
function measureEach(k, cmd, cmdArgs, cwd, env = gitEnv) {
  const loop = `i=0; while [ $i -lt ${k} ]; do "$@" >/dev/null 2>&1 || exit 1; i=$((i+1)); done`;
  const m = measure('sh', ['-c', loop, 'sh', cmd, ...cmdArgs], cwd, env);
  return { ...m, cpu: m.cpu / k, wall: m.wall / k };
}

/** The median of `runs` measurements (by CPU), `prepare` before each. */
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

/**
 * The top-level configuration keys a build accepts (its schemas/config.schema.json), or undefined when
 * it says nothing (any key).
 */
function configKeys(bin) {
  try {
    const schema = JSON.parse(fs.readFileSync(path.join(packageOf(bin), 'schemas', 'config.schema.json'), 'utf8'));
    return schema.additionalProperties === false && schema.properties ? new Set(Object.keys(schema.properties)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An older build (--vs) refuses configuration keys added since (`fix_templates`): its repository's
 * configuration goes without them, said once, so that both builds run the same gates. Keys that only
 * the newer build reads (the fixer's templates) do not change what a gate run does.
 */
function fitConfig(dir, bin) {
  const known = configKeys(bin);
  const file = path.join(dir, 'spine-hooks.config.yaml');
  if (!known || !fs.existsSync(file)) return;
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
  const dropped =
    doc.contents && YAML.isMap(doc.contents)
      ? doc.contents.items.map((p) => String(p.key?.value ?? p.key)).filter((k) => !known.has(k))
      : [];
  if (dropped.length === 0) return;
  for (const k of dropped) doc.delete(k);
  fs.writeFileSync(file, doc.toString());
  if (!fitConfig.said.has(bin)) {
    fitConfig.said.add(bin);
    console.log(`note: ${bin} does not know the configuration key(s) ${dropped.join(', ')}: its estates go without them`);
  }
}
fitConfig.said = new Set();

/** A repository holding `fill(dir)`'s files, spine-hooks installed by `bin` (core.hooksPath), committed. */
function repoWith(fill, bin, label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `spine-bench-${label}-`));
  fill(dir);
  fitConfig(dir, bin);
  fs.writeFileSync(path.join(dir, 'README.md'), '# estate\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const init = spawnSync(process.execPath, [bin, 'init', '--no-husky'], { cwd: dir, env: envOf.get(bin), encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`init: ${init.stderr}`);
  // A snapshot's pre-existing drift goes into the baseline (as a team adopting spine-hooks does), so
  // that only new drift would block the benchmark's commits.
  spawnSync(process.execPath, [bin, 'baseline', 'update', '--accept-new', '--ref', 'BENCH-1', '--owner', 'bench'], {
    cwd: dir,
    env: envOf.get(bin),
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'estate');
  return dir;
}

/** The pre-commit hook script git would run in `dir` (core.hooksPath). */
function hookScript(dir) {
  const hooksPath = git(dir, 'config', 'core.hooksPath').trim();
  return path.isAbsolute(hooksPath) ? path.join(hooksPath, 'pre-commit') : path.join(dir, hooksPath, 'pre-commit');
}

const L = 'ops/bindings/vm.lifecycle.yaml';
const genCount = (text) => (text.match(/description: "Generated workload \d+/g) || []).length;
/**
 * Stages a one-line change of data: VM k's description among the generated ones; in a snapshot without
 * them, the value of the file's top-level `updated:` (a real edit of data, not a comment, which a hook could
 * tell apart and skip); a comment line only when the file has neither.
 */
function oneVmChange(dir, k) {
  const file = path.join(dir, L);
  const text = fs.readFileSync(file, 'utf8');
  const target = `description: "Generated workload ${k % Math.max(1, genCount(text))}."`;
  const stamp = `${Date.now()}-${k}`;
  const next = text.includes(target)
    ? text.replace(target, `description: "Generated workload ${k % Math.max(1, genCount(text))}, edited ${stamp}."`)
    : /^updated: .*$/m.test(text)
      ? text.replace(/^updated: .*$/m, `updated: "edited ${stamp}"`)
      : text.replace(/\n/, `\n# edit ${stamp}\n`);
  fs.writeFileSync(file, next);
  git(dir, 'add', L);
}

// Cold: no cache at all (parses and gate verdicts, as on a fresh clone); warm: what the previous run left.
// Every cache folder under .git/spine-hooks (parses, verdicts, passing records, rule outcomes, whatever
// a build adds): the gated-path list and the stamp files are not caches of what a run concludes.
const emptyCache = (dir) => {
  const home = path.join(dir, '.git', 'spine-hooks');
  for (const c of fs.existsSync(home) ? fs.readdirSync(home, { withFileTypes: true }) : [])
    if (c.isDirectory()) fs.rmSync(path.join(home, c.name), { recursive: true, force: true });
};

/** The floors of one estate: node's start, a bare parse of its YAML, a husky hook that runs nothing. */
function floors(dir) {
  const yamlFiles = git(dir, 'ls-files', '*.yaml', '*.yml').split('\n').filter(Boolean);
  const parse = `const y=require(${JSON.stringify(require.resolve('js-yaml'))}),fs=require('fs');for(const f of ${JSON.stringify(yamlFiles)})y.load(fs.readFileSync(f,'utf8'))`;
  const husky = fs.mkdtempSync(path.join(os.tmpdir(), 'spine-bench-husky-'));
  git(husky, 'init', '-q', '-b', 'main');
  const inst = spawnSync(process.execPath, [path.join(root, 'node_modules', 'husky', 'bin.js')], {
    cwd: husky,
    env: gitEnv,
  });
  if (inst.status !== 0) throw new Error(`husky: ${inst.stderr}`);
  fs.writeFileSync(path.join(husky, '.husky', 'pre-commit'), '');
  const res = {
    node: median(() => measureEach(10, process.execPath, ['-e', '0'], dir)),
    parse: median(() => measure(process.execPath, ['-e', parse], dir)),
    husky: median(() => measureEach(50, 'sh', [path.join(husky, '.husky', '_', 'pre-commit')], husky)),
  };
  fs.rmSync(husky, { recursive: true, force: true });
  return res;
}

/**
 * Every case of one estate for one build, in the repository `dir` that build set up: a generator that
 * yields [case, median] one case at a time (the cases depend on the caches the ones before left).
 */
function* cases(bin, dir) {
  const env = envOf.get(bin);
  const cli =
    (...a) =>
    () =>
      measure(process.execPath, [bin, ...a], dir, env);
  const hook = hookScript(dir);
  const hookRun = () => measure('sh', [hook], dir, env);
  yield ['allCold', median(cli('--all', '-q'), () => emptyCache(dir))];
  measure(process.execPath, [bin, '--all', '-q'], dir, env);
  yield ['all', median(cli('--all', '-q'))];
  let e = 0;
  yield ['allEdit', median(cli('--all', '-q'), () => oneVmChange(dir, 500 + e++))];
  git(dir, 'reset', '-q', '--hard', 'HEAD');
  // The pre-commit hook script for a one-VM change: cold (nothing cached), warm (the other files'
  // parses and the verdicts of whatever the change leaves alone cached).
  let k = 0;
  yield [
    'hookCold',
    median(hookRun, () => {
      emptyCache(dir);
      oneVmChange(dir, k++);
    }),
  ];
  hookRun();
  yield ['hookWarm', median(hookRun, () => oneVmChange(dir, k++))];
  git(dir, 'reset', '-q', '--hard', 'HEAD');
  // A README-only commit: HEAD is gate-free and the hook runs above left the gated-path list, so this
  // is the path that decides without node (hooks/gate-free.sh).
  git(dir, 'commit', '-q', '--no-verify', '--allow-empty', '-m', 'gate-free head');
  // (Measured 20 times over in one shell: it stays far below the clock's resolution. The hook
  // writes nothing on this path, so each of the 20 sees the same staged README.)
  let r = 0;
  yield [
    'readme',
    median(
      () => measureEach(20, 'sh', [hook], dir, env),
      () => {
        fs.appendFileSync(path.join(dir, 'README.md'), `line ${r++}\n`);
        git(dir, 'add', 'README.md');
      },
    ),
  ];
  git(dir, 'reset', '-q', '--hard', 'HEAD');
  // ci over 20 commits, each changing one VM, each made through the pre-commit hook: warm is ci on
  // that machine (reading the verdicts the hooks left); cold is ci on a fresh clone.
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  emptyCache(dir);
  for (let i = 0; i < 20; i++) {
    oneVmChange(dir, 1000 + i);
    const h = hookRun();
    if (h.status !== 0) throw new Error(`the hook refused a generated commit: ${h.out.slice(0, 400)}`);
    git(dir, 'commit', '-q', '--no-verify', '-m', `vm change ${i}`);
  }
  yield ['ciWarm', median(cli('ci', '--from', base, '-q'))];
  yield ['ciCold', median(cli('ci', '--from', base, '-q'), () => emptyCache(dir))];
  git(dir, 'reset', '-q', '--hard', base);
}

/**
 * The cases of one estate for every build, interleaved case by case (A's median, then B's), so that
 * a machine that slows down mid-run slows both builds' figures of a case alike.
 */
function benchEstate(fill, label) {
  const dirs = builds.map((b) => repoWith(fill, b, label));
  const floor = floors(dirs[0]);
  const per = builds.map(() => ({}));
  const gens = builds.map((b, i) => cases(b, dirs[i]));
  for (let more = true; more;) {
    more = false;
    gens.forEach((g, i) => {
      const step = g.next();
      if (step.done) return;
      const [name, m] = step.value;
      if (m.status !== 0) throw new Error(`${name} exited ${m.status} (${builds[i]}): ${m.out.slice(0, 400)}`);
      per[i][name] = m;
      more = true;
    });
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  return { floor, per };
}

/** Each case, and the floors its CPU is set against (node -e 0 and the bare parse for every case). */
const CASES = [
  ['allCold', '--all, cold', []],
  ['all', '--all, warm', []],
  ['allEdit', '--all, warm, one VM edited', ['allCold']],
  ['hookCold', 'pre-commit hook, one VM changed, cold', ['allCold']],
  ['hookWarm', 'pre-commit hook, one VM changed, warm', ['allCold']],
  ['readme', 'pre-commit hook, README only', ['husky']],
  ['ciCold', 'ci over 20 one-VM commits, cold', ['allCold']],
  ['ciWarm', 'ci over 20 one-VM commits, warm', ['allCold']],
];

const cpu = (m) => `${m.cpu.toFixed(m.cpu < 0.01 ? 4 : m.cpu < 0.1 ? 3 : 2)} s`;
const times = (a, b) => `${(a / b).toFixed(2)}×`;

function printEstate(title, { floor, per }) {
  console.log(`\n### ${title}\n`);
  console.log(
    `floors: node -e 0 ${cpu(floor.node)}, ${floor.node.rss.toFixed(0)} MiB; bare parse of the YAML (js-yaml) ${cpu(floor.parse)}, ` +
      `${floor.parse.rss.toFixed(0)} MiB; husky hook running nothing ${cpu(floor.husky)}\n`,
  );
  const head =
    builds.length > 1
      ? ['this build CPU', 'against', 'peak RSS', 'other build CPU', 'against', 'peak RSS', 'this / other']
      : ['CPU', 'against', 'peak RSS'];
  console.log(`| case | ${head.join(' | ')} |`);
  console.log(`|${'---|'.repeat(head.length + 1)}`);
  for (const [key, label, against] of CASES) {
    if (!per[0][key]) continue;
    const cells = per.flatMap((r) => {
      const m = r[key];
      const ref = { ...floor, allCold: r.allCold };
      const name = { node: 'node', parse: 'parse', allCold: 'cold --all', husky: 'husky' };
      const vs = ['node', 'parse', ...against].map((a) => `${times(m.cpu, ref[a].cpu)} ${name[a]}`);
      const mem = `${m.rss.toFixed(0)} MiB (${times(m.rss, floor.parse.rss)} parse)`;
      return [cpu(m), vs.join(', '), mem];
    });
    if (per.length > 1) cells.push(`${times(per[0][key].cpu, per[1][key].cpu)} CPU, ${times(per[0][key].rss, per[1][key].rss)} RSS`);
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
}

console.log(
  `spine-hooks bench: ${builds.join(' vs ')}\n${runs} runs per case (median by CPU), ${os.cpus().length} cores, node ${process.version}; ` +
    'CPU is user + system seconds of the process and its children; N = generated VMs on top of the example',
);
for (const n of sizes)
  printEstate(
    `N = ${n}`,
    benchEstate((dir) => writeEstate(n, dir), `n${n}`),
  );
for (const c of corpora) {
  const copy = (dir) => fs.cpSync(c, dir, { recursive: true });
  printEstate(`snapshot ${path.basename(c)}`, benchEstate(copy, 'corpus'));
}
fs.rmSync(path.join(os.tmpdir(), `spine-bench-${process.pid}.time`), { force: true });
fs.rmSync(homes, { recursive: true, force: true });
// Which package each build is, for the record.
for (const b of builds) console.log(`\n${b}: package ${packageOf(b)}`);
