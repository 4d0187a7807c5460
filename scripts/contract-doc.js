#!/usr/bin/env node
// Rewrites the contract table of docs/VM_CREATION_CONTRACT.md from bindings/vm.lifecycle.contract.yaml
// (run `npm run build` first). __tests__/cli/docs.test.ts fails when the two disagree.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { contractTable, TABLE_BEGIN, TABLE_END } = require('../dist/src/lifecycle/contractTable');

const root = path.join(__dirname, '..');
const doc = path.join(root, 'docs', 'VM_CREATION_CONTRACT.md');
const rows = parse(fs.readFileSync(path.join(root, 'bindings', 'vm.lifecycle.contract.yaml'), 'utf8')).statuses;
const text = fs.readFileSync(doc, 'utf8');
const i = text.indexOf(TABLE_BEGIN);
const j = text.indexOf(TABLE_END);
if (i < 0 || j < i) {
  console.error(`contract-doc: the markers are missing from ${doc}`);
  process.exit(2);
}
fs.writeFileSync(doc, `${text.slice(0, i + TABLE_BEGIN.length)}\n${contractTable(rows)}\n${text.slice(j)}`);
console.log(`contract-doc: ${rows.length} statuses written to docs/VM_CREATION_CONTRACT.md`);
