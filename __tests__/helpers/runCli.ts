import { main } from '../../src/cli/main';

/** Runs the CLI in-process with captured output. */
export async function runCli(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; errIsTTY?: boolean; now?: () => number } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    errIsTTY: opts.errIsTTY,
    now: opts.now,
  });
  return { code, stdout, stderr };
}
