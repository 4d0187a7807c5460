/**
 * The process edge of the command, bundled with everything it loads into dist/cli.js
 * (scripts/build-bundle.js) and started by bin/spine-hooks.ts.
 */
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

/**
 * The edge of the process. Output that cannot be written is one line and exit 2 (a reader that went
 * away, `| head`, ends the output quietly); once the report is flushed the process ends with the
 * computed code, whatever else is still pending; and nothing that ends the process early (a stray
 * `process.exit(0)`) can turn "no report" into a pass.
 */
let finished = false;
let stdoutBroken = false;
let writeFailed = false;
let wrote = false;
process.on('exit', (code) => {
  if (!finished && code === 0) process.exitCode = 2;
});
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') stdoutBroken = true;
  else if (!writeFailed) {
    writeFailed = true;
    process.stderr.write(`spine-hooks: cannot write the report to standard output: ${err.code ?? err.message}\n`);
  }
});
process.stderr.on('error', () => undefined);

function end(code: number): void {
  const exit = () => {
    finished = true;
    process.exit(writeFailed ? 2 : code);
  };
  // Wait until what was written is flushed, then end: a timer left behind must not hold the process.
  if (!wrote || stdoutBroken || writeFailed || process.stdout.destroyed) exit();
  else process.stdout.write('', () => setImmediate(exit)); // errors of earlier writes are emitted first
}

main({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  out: (t) => {
    if (stdoutBroken || writeFailed) return;
    wrote = true;
    process.stdout.write(t);
  },
  err: (t) => process.stderr.write(t),
  stdin: readStdin,
  isTTY: Boolean(process.stdout.isTTY),
  errIsTTY: Boolean(process.stderr.isTTY),
}).then(end, (err: Error) => {
  process.stderr.write(`spine-hooks: internal error: ${err?.message ?? String(err)}\n`);
  end(2);
});
