#!/usr/bin/env node
// Parses and validates bindings/gate.registry.yaml at build time into dist/registry.json, keyed by the
// YAML's sha256, so a hook run skips both steps while the registry is unchanged (readConfigFile.ts).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { readConfigFile } = require('../dist/src/registry/readConfigFile');
const { SchemaValidator } = require('../dist/src/schema/SchemaValidator');
const { loadRegistry } = require('../dist/src/registry/loadRegistry');

const root = path.join(__dirname, '..');
const file = path.join(root, 'bindings', 'gate.registry.yaml');
const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
// Validate through the normal path (throws with file:line on an invalid registry: the build fails).
const out = path.join(root, 'dist', 'registry.json');
fs.rmSync(out, { force: true });
const schemas = new SchemaValidator();
const { data } = readConfigFile(file, 'gate.registry.schema.json', schemas, root);
// And through the loader, which checks what the schema cannot (references, paths, every pattern
// compiled on the linear-time engine): a run then skips those checks for the unchanged registry.
loadRegistry({ cwd: root, configText: null, schemas, registryPath: file });
fs.writeFileSync(out, JSON.stringify({ sha256: crypto.createHash('sha256').update(text).digest('hex'), data }));
console.log(`validated ${path.relative(root, file)} into ${path.relative(root, out)}`);
