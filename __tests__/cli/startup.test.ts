import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { builtCli, runBuilt } from '../helpers/gitRepo';
import { tempDir } from '../helpers/tempDir';
import { EXAMPLE_DIR } from '../helpers/paths';

/**
 * The built CLI starts from one bundled file whose compiled code is kept in the user's cache folder
 * (bin/compileCache.ts). The cache is a speed-up only: whatever is in that folder, the run says the
 * same, and a folder others may write is not used at all.
 */
const entries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => !n.endsWith('.tmp')) : []);

function cacheHome(): { env: NodeJS.ProcessEnv; code: string } {
  const home = tempDir();
  return { env: { XDG_CACHE_HOME: home }, code: path.join(home, 'spine-hooks', 'code') };
}

/** `--all` on the example as JSON, less the time each gate took. */
function all(env: NodeJS.ProcessEnv) {
  const r = runBuilt(['--all', '--format', 'json', '--cwd', EXAMPLE_DIR], EXAMPLE_DIR, env);
  return { ...r, stdout: r.stdout.replace(/"durationMs": *[\d.]+/g, '"durationMs":0').replace(/\s*"cached": true,/g, '') };
}

test("the first run keeps the compiled code in the user's cache folder; later runs use it and say the same", () => {
  const { env, code } = cacheHome();
  const first = all(env);
  expect(first.status).toBe(0);
  const made = entries(code);
  expect(made.length).toBeGreaterThan(0);
  expect(fs.statSync(code).mode & 0o077).toBe(0);
  const stamp = made.map((n) => `${n}:${fs.statSync(path.join(code, n)).mtimeMs}`);
  const second = all(env);
  expect(second).toEqual(first);
  // Used, not made again.
  expect(entries(code).map((n) => `${n}:${fs.statSync(path.join(code, n)).mtimeMs}`)).toEqual(stamp);
});

test('damaged or foreign entries are never trusted over the source: the run is the same, and the entry is made anew', () => {
  const { env, code } = cacheHome();
  const clean = all(env);
  for (const n of entries(code)) {
    const file = path.join(code, n);
    if (!fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    // Garbage after an intact header (V8 checks the header, not all it is given), then a file of noise.
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, 64), Buffer.alloc(Math.max(0, bytes.length - 64), 0x5a)]));
  }
  expect(all(env)).toEqual(clean);
  expect(entries(code).length).toBeGreaterThan(0);
  for (const n of entries(code)) if (fs.statSync(path.join(code, n)).isFile()) fs.writeFileSync(path.join(code, n), 'not compiled code');
  expect(all(env)).toEqual(clean);
});

test('a cache folder others may write, or a link, is not used; NODE_DISABLE_COMPILE_CACHE turns the cache off', () => {
  const open = cacheHome();
  fs.mkdirSync(open.code, { recursive: true });
  fs.chmodSync(open.code, 0o777);
  expect(all(open.env).status).toBe(0);
  expect(entries(open.code)).toEqual([]);

  const linked = cacheHome();
  const elsewhere = tempDir();
  fs.mkdirSync(path.dirname(linked.code), { recursive: true, mode: 0o700 });
  fs.symlinkSync(elsewhere, linked.code);
  expect(all(linked.env).status).toBe(0);
  expect(entries(elsewhere)).toEqual([]);

  const off = cacheHome();
  expect(all({ ...off.env, NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe(0);
  expect(entries(off.code)).toEqual([]);
});

test('validators kept out of the bundle (receipts, the registry: scripts/build-bundle.js COLD_VALIDATORS) load beside it', () => {
  const bundle = fs.readFileSync(path.join(path.dirname(path.dirname(builtCli())), 'cli.js'), 'latin1');
  expect(bundle).not.toContain('dist/validators/receipt.schema.json.js');
  expect(bundle).toContain('dist/validators/config.schema.json.js');
  const { env } = cacheHome();
  const out = tempDir();
  const r = runBuilt(['--all', '--cwd', EXAMPLE_DIR, '--receipt', out], EXAMPLE_DIR, env);
  expect(r.stderr).toMatch(/^spine-hooks: receipt \S+\n$/);
  expect(r.status).toBe(0);
  const receipts = fs.readdirSync(out).filter((n) => n.endsWith('.json'));
  expect(receipts).toHaveLength(1);
  expect(JSON.parse(fs.readFileSync(path.join(out, receipts[0]), 'utf8'))).toEqual(expect.objectContaining({ gates: expect.any(Array) }));
});

test('the built CLI skips re-checking only shipped gates the configuration leaves alone: a parameter or a collection it sets is checked', () => {
  // Only the built CLI loads the prevalidated registry (dist/registry.json), so only it can skip these checks.
  const withConfig = (extra: string) => {
    const dir = tempDir();
    fs.cpSync(EXAMPLE_DIR, dir, { recursive: true });
    fs.appendFileSync(path.join(dir, 'spine-hooks.config.yaml'), extra);
    return runBuilt(['--all', '--cwd', dir], dir, cacheHome().env);
  };
  const pattern = withConfig('gates:\n  D139:\n    params:\n      nas_path_pattern: "(?<=x)a"\n');
  expect(pattern.status).toBe(2);
  expect(pattern.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:\d+:7: pattern \/\(\?<=x\)a\/ uses a lookbehind/);
  const collection = withConfig(
    'collections:\n  ssh_targets:\n    description: x\n    file: nosuchkey\n    shape: list\n    select: targets\n    key: id\n',
  );
  expect(collection.status).toBe(2);
  expect(collection.stderr).toMatch(/gate\.registry\.yaml:\d+:\d+: unknown file "nosuchkey"/);
});

// Node 20 only: later versions use node's own compile cache (module.enableCompileCache), which keeps no entry per kind.
const perKindEntries = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache !== 'function';

(perKindEntries ? test : test.skip)(
  'an entry made by a run that evaluated no gate is made again, once, by the first run of its kind that does',
  () => {
    const { env, code } = cacheHome();
    const stamp = () => entries(code).map((n) => `${n}:${fs.statSync(path.join(code, n)).size}:${fs.statSync(path.join(code, n)).mtimeMs}`);
    // `--version` and `--all --cwd` with gates: the same kind of command (neither a hook, ci nor --all alone).
    expect(runBuilt(['--version'], EXAMPLE_DIR, env).status).toBe(0);
    const light = stamp();
    expect(light).toHaveLength(1);
    const lightSize = fs.statSync(path.join(code, entries(code)[0])).size;
    expect(runBuilt(['--gate', 'D69', '--cwd', EXAMPLE_DIR], EXAMPLE_DIR, env).status).toBe(0);
    const full = stamp();
    expect(full).not.toEqual(light);
    // It holds the engine's code too.
    expect(fs.statSync(path.join(code, entries(code)[0])).size).toBeGreaterThan(lightSize);
    // Made once: neither a light run nor another evaluating run writes it again.
    expect(runBuilt(['--version'], EXAMPLE_DIR, env).status).toBe(0);
    expect(runBuilt(['--gate', 'D69', '--cwd', EXAMPLE_DIR], EXAMPLE_DIR, env).status).toBe(0);
    expect(stamp()).toEqual(full);
  },
);
