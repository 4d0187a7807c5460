#!/usr/bin/env node
import * as fs from 'node:fs';
import { main } from '../src/cli/main';

/**
 * Standard input, read whole when it is a pipe, a socket or a file (what git gives pre-push); undefined
 * when it is a terminal or a device such as /dev/null (run by hand, or by a hook manager that does not
 * pass git's input on): never waited for.
 */
function readStdin(): Promise<string | undefined> {
  let st: fs.Stats;
  try {
    st = fs.fstatSync(0);
  } catch {
    return Promise.resolve(undefined);
  }
  if (!(st.isFIFO() || st.isSocket() || st.isFile())) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => (data += d));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: readStdin,
  isTTY: Boolean(process.stdout.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`spine-hooks: internal error: ${err.message}\n`);
    process.exitCode = 2;
  },
);
