#!/usr/bin/env node
// Names this build by what it runs: the hash of every file under dist/ (code, validators, registry)
// and of the shipped bindings and schemas, written to dist/build-id. Gate results cached on disk are
// keyed by it (src/engine/ResultCache.ts): a rebuilt engine never reads a verdict an older one made,
// even when the version number did not change.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'build-id');
fs.rmSync(out, { force: true });
const hash = crypto.createHash('sha256');
const walk = (dir) => {
  for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) walk(p);
    else if (d.isFile()) hash.update(path.relative(root, p)).update('\0').update(fs.readFileSync(p)).update('\0');
  }
};
for (const dir of ['dist', 'bindings', 'schemas']) walk(path.join(root, dir));
const id = hash.digest('hex').slice(0, 32);
fs.writeFileSync(out, `${id}\n`);
console.log(`build ${id} (dist/build-id)`);
