#!/usr/bin/env node
// The package.json that ships: `prepack` writes it without what only this repository needs (its
// scripts — `prepare` would make npm warn on every consumer's install — devDependencies and the
// pin notes), `postpack` puts the original back. Usage: node scripts/pack-manifest.js clean|restore
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package.json');
const backup = `${file}.pack-backup`;
const mode = process.argv[2];

if (mode === 'clean') {
  if (fs.existsSync(backup)) {
    console.error(
      'pack-manifest: package.json.pack-backup exists (an interrupted pack?): run `node scripts/pack-manifest.js restore` first',
    );
    process.exit(2);
  }
  const text = fs.readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  fs.writeFileSync(backup, text);
  delete pkg.scripts;
  delete pkg.devDependencies;
  delete pkg['//'];
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === 'restore') {
  if (fs.existsSync(backup)) fs.renameSync(backup, file);
} else {
  console.error('usage: node scripts/pack-manifest.js clean|restore');
  process.exit(2);
}
