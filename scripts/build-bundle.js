#!/usr/bin/env node
// Bundles the CLI into one file, dist/cli.js (esbuild), which dist/bin/spine-hooks.js starts with V8's
// compiled code kept between runs (bin/compileCache.ts): a hook pays for one file, not for resolving,
// reading and compiling some 170 modules. What a command does not run is still not run: modules the
// sources require on demand stay on demand (esbuild wraps each in a function called on first
// require). The shipped schemas' precompiled validators (dist/validators/, built before this) are in
// the bundle too, each required by its literal path, but for the few no usual run needs
// (COLD_VALIDATORS). Packages only cold commands load (Ajv's compiler, the `yaml` editor of `init`,
// jsonc-parser, the QuickJS sandbox) stay outside, loaded from node_modules when asked for. dist/src/ (tsc) remains the library (`main`) and its types.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const validatorsDir = path.join(root, 'dist', 'validators');
const outfile = path.join(root, 'dist', 'cli.js');

/**
 * Packages left out of the bundle, by the exact name the sources require: loaded on demand by what is
 * not on a hook's path (the small runtime parts of Ajv and ajv-formats that precompiled validators
 * require are bundled).
 */
const EXTERNAL = new Set([
  'ajv/dist/2020',
  'ajv-formats',
  'yaml',
  'jsonc-parser',
  '@jitl/quickjs-wasmfile-release-sync',
  '@jitl/quickjs-wasmfile-release-sync/emscripten-module',
  'quickjs-emscripten-core',
]);
const external = {
  name: 'cold-packages',
  setup(build) {
    build.onResolve({ filter: /^[@a-z]/ }, (args) => (EXTERNAL.has(args.path) ? { path: args.path, external: true } : undefined));
  },
};

/**
 * Validators no run of a hook, `--all` or `ci` uses, left out of the bundle (every start reads and
 * compiles the bundle's bytes: these are some 470 KiB of its 1.7 MiB) and required from dist/validators/
 * when asked for: the registry's schema (the shipped registry is validated at build time,
 * dist/registry.json), the machine report's (documentation and tests) and receipts' (`--receipt`).
 */
const COLD_VALIDATORS = new Set(['gate.registry.schema.json', 'report.schema.json', 'receipt.schema.json']);

/**
 * simple-git logs through the `debug` package, which reads DEBUG once, when it is loaded, and whose
 * loading (tty, supports-color, os, util) costs a hook some milliseconds for loggers that print
 * nothing. Without DEBUG the bundle hands simple-git loggers that do nothing, as debug's own would; with
 * DEBUG set the real package (bundled, loaded only then). The loggers have what simple-git uses of
 * debug: a call, `namespace`, `extend`, and the factory's `formatters`.
 */
const lazyDebug = {
  name: 'lazy-debug',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, (args) =>
      args.namespace === 'lazy-debug'
        ? undefined
        : { path: require.resolve('debug', { paths: [args.resolveDir] }), namespace: 'lazy-debug' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-debug' }, (args) => ({
      loader: 'js',
      resolveDir: path.dirname(args.path),
      contents: `"use strict";
if (process.env.DEBUG) module.exports = require(${JSON.stringify(args.path)});
else {
  const logger = (namespace) => {
    const log = () => undefined;
    log.namespace = namespace;
    log.enabled = false;
    log.extend = (name, delimiter) => logger(namespace + (delimiter === undefined ? ":" : delimiter) + name);
    log.destroy = () => false;
    return log;
  };
  logger.formatters = {};
  logger.enabled = () => false;
  module.exports = logger;
}
`,
    }));
  },
};

/** src/schema/precompiledValidator.ts, as the bundle has it: a literal require per validator, the cold ones by path. */
const validators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]schema[\\/]precompiledValidator\.ts$/ }, () => {
      const names = fs
        .readdirSync(validatorsDir)
        .filter((f) => f.endsWith('.json.js') && !COLD_VALIDATORS.has(f.replace(/\.js$/, '')))
        .sort();
      const cold = [...COLD_VALIDATORS].filter((n) => fs.existsSync(path.join(validatorsDir, `${n}.js`)));
      if (cold.length !== COLD_VALIDATORS.size) throw new Error(`build-bundle: a cold validator is missing from dist/validators/`);
      const cases = names
        .map(
          (f) =>
            `    case ${JSON.stringify(f.replace(/\.js$/, ''))}: return pick(require(${JSON.stringify(path.join(validatorsDir, f))}));`,
        )
        .join('\n');
      return {
        loader: 'js',
        resolveDir: validatorsDir,
        contents: `"use strict";
const pick = (m) => m.default ?? m;
// Outside the bundle (dist/validators/, beside dist/cli.js): see COLD_VALIDATORS in scripts/build-bundle.js.
const cold = new Set(${JSON.stringify(cold)});
exports.precompiledValidator = function precompiledValidator(name) {
  switch (name) {
${cases}
    default: return cold.has(name) ? pick(require(require("node:path").join(__dirname, "validators", name + ".js"))) : undefined;
  }
};
`,
      };
    });
  },
};

/**
 * esbuild turns each `import * as fs from 'node:fs'` into `__toESM(require('node:fs'))`: a new object
 * with a getter for every export, made at every import site (some 90 of them for fs and path alone, a
 * hundred getters each for fs), ~15 ms of every start. One namespace per module object does the same
 * (its getters read the module's current exports, like each copy's): the helper is wrapped in a memo
 * keyed by the module object. The build fails if esbuild's helper no longer has the expected text.
 */
function memoiseNamespaces(text) {
  const helper = 'var __toESM=(mod,isNodeMode,target)=>';
  const at = text.indexOf(helper);
  if (at < 0 || text.indexOf(helper, at + 1) >= 0) {
    console.error(`build-bundle: esbuild's __toESM helper was not found once in dist/cli.js (esbuild changed?): update memoiseNamespaces`);
    return undefined;
  }
  const memo =
    'var __nsOf=new WeakMap(),__toESM=(mod,isNodeMode)=>{' +
    'if(mod==null||typeof mod!=="object"&&typeof mod!=="function")return __toESM1(mod,isNodeMode);' +
    'let ns=__nsOf.get(mod);if(!ns)__nsOf.set(mod,ns=[]);' +
    'return ns[isNodeMode?1:0]??=__toESM1(mod,isNodeMode)},__toESM1=(mod,isNodeMode,target)=>';
  return text.slice(0, at) + memo + text.slice(at + helper.length);
}

esbuild
  .build({
    entryPoints: [path.join(root, 'bin', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Comments and white space are the bulk of what would be read and kept for nothing; names stay, so a
    // stack trace (SPINE_HOOKS_DEBUG=1) still names our functions.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    tsconfig: path.join(root, 'tsconfig.build.json'),
    plugins: [external, lazyDebug, validators],
    metafile: true,
    logLevel: 'warning',
  })
  .then(
    (result) => {
      let text = fs.readFileSync(outfile, 'utf8');
      text = memoiseNamespaces(text);
      if (text === undefined) {
        process.exitCode = 1;
        return;
      }
      fs.writeFileSync(outfile, text);
      const kib = Math.round(text.length / 1024);
      // The launcher reads the bundle as Latin-1 (bin/compileCache.ts): a one-byte string, made a few ms
      // quicker on every start than by decoding UTF-8, and the same text as long as the file is ASCII.
      // esbuild escapes what is not ASCII in strings, but not in regular expression literals.
      const at = text.search(/[^\x00-\x7f]/);
      if (at >= 0) {
        console.error(
          `build-bundle: dist/cli.js is not ASCII at ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 10))}: write \\u escapes in the source`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(`bundled ${Object.keys(result.metafile.inputs).length} modules into ${path.relative(root, outfile)} (${kib} KiB)`);
    },
    () => {
      // esbuild has printed what failed.
      process.exitCode = 1;
    },
  );
