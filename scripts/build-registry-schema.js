#!/usr/bin/env node
// Assembles schemas/gate.registry.schema.json from the registry's own shapes and each rule kind's fragment
// (src/rules/<kind>/schema.json), from the compiled kinds in dist/. Runs before build-validators.js, which
// compiles it. The file stays committed (editors and the package read it); __tests__/rules/registrySchema.test.ts
// fails when it differs from the assembly.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { registrySchemaText } = require('../dist/src/registry/assembleRegistrySchema');

const root = path.join(__dirname, '..');
const file = path.join(root, 'schemas', 'gate.registry.schema.json');
const text = registrySchemaText();
const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
if (before !== text) fs.writeFileSync(file, text);
console.log(`${before === text ? 'unchanged' : 'assembled'} ${path.relative(root, file)} from the rule kinds`);
