#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBundle } from './compileCache';

// The CLI in one file (dist/cli.js, scripts/build-bundle.js), its compiled code kept between runs;
// where there is no bundle (tsc alone), the modules beside this file.
const bundle = path.join(__dirname, '..', 'cli.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the unbundled CLI, loaded only when the bundle is missing
if (!fs.existsSync(bundle)) require('./cli');
else startBundle(bundle, process.argv.slice(2));
