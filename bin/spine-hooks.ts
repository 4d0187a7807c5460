#!/usr/bin/env node
import { main } from '../src/cli/main';

main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`spine-hooks: internal error: ${err.message}\n`);
    process.exitCode = 2;
  },
);
