import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * The one door to the processes spine-hooks starts (lint-staged's execGit): every git command, and
 * the two programs started on git's behalf (husky's installer, `ps` where /proc is missing), start
 * here and nowhere else, each logged under one debug namespace. `DEBUG=spine-hooks:git` prints every
 * process with its arguments, folder, exit status and duration on standard error (the `debug`
 * package's convention: a comma- or space-separated list, `*` matching anything, `-` excluding).
 *
 * - One-shot commands go through simple-git (the client the package promises), whose processes are
 *   reported to us through its output handler.
 * - A command fed on its standard input, and the run's long-lived `cat-file --batch`, are spawned here
 *   (simple-git neither holds a process open nor ends an empty standard input).
 */
export const DEBUG_NAMESPACE = 'spine-hooks:git';

/** Where a git process runs and with which environment (see locateRepo: GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE absolute). */
/** A running git process with pipes on all three streams. */
export type GitProcess = ChildProcessWithoutNullStreams;

export interface GitContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Whether `namespace` is switched on by a DEBUG value, by the rules of the `debug` package. */
export function debugEnabled(namespace: string, spec: string | undefined): boolean {
  let on = false;
  for (const word of (spec ?? '').split(/[\s,]+/).filter(Boolean)) {
    const negated = word.startsWith('-');
    const pattern = new RegExp(`^${(negated ? word.slice(1) : word).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*?')}$`);
    if (!pattern.test(namespace)) continue;
    if (negated) return false;
    on = true;
  }
  return on;
}

let started = 0;

/** Logs a process's start; the returned function logs its end. Nothing is written unless DEBUG asks for it. */
function trace(program: string, args: readonly string[], cwd: string): (status: string) => void {
  // Read per process, not once per module: the same process may run the CLI with and without DEBUG (tests, the API).
  if (!debugEnabled(DEBUG_NAMESPACE, process.env.DEBUG)) return () => undefined;
  const id = ++started;
  const t0 = process.hrtime.bigint();
  const write = (text: string) => process.stderr.write(`${DEBUG_NAMESPACE} #${id} ${text}\n`);
  write(`${[program, ...args].map(quote).join(' ')} (in ${cwd})`);
  return (status) => write(`${status} after ${Math.round(Number(process.hrtime.bigint() - t0) / 1e6)} ms`);
}

function quote(a: string): string {
  return /^[\w@%+=:,./^{}-]+$/.test(a) ? a : JSON.stringify(a);
}

/**
 * simple-git 4 drops every ambient GIT_* variable unless it is allowed, and refuses one passed
 * explicitly unless allowed: every variable of the environment locateRepo() built is allowed (that
 * environment holds only the variables every read must honour).
 */
const options = (baseDir: string, env: NodeJS.ProcessEnv) => ({
  baseDir,
  trimmed: false,
  allowEnvironment: Object.keys(env).filter((k) => k.startsWith('GIT_')),
  unsafe: {
    // `init --no-husky` sets core.hooksPath on purpose; simple-git refuses that unless told.
    allowUnsafeHooksPath: true,
    // The configuration git itself was started with (GIT_CONFIG_GLOBAL, `git -c` as
    // GIT_CONFIG_PARAMETERS/COUNT, GIT_EXEC_PATH) must reach our reads of the same repository; our
    // arguments are fixed, with paths only after `--`, so none of these can inject an option.
    allowUnsafeConfigPaths: true,
    allowUnsafeConfigEnvCount: true,
    allowUnsafeExec: true,
  },
});

/** The git processes of one repository: every git command spine-hooks runs goes through one of these. */
export class GitDoor {
  private readonly client: SimpleGit;

  constructor(readonly context: GitContext) {
    this.client = simpleGit(options(context.cwd, context.env))
      .env(context.env)
      .outputHandler((command, stdout, _stderr, args) => {
        const done = trace(command, args, context.cwd);
        stdout.once('close', () => done('done'));
      });
  }

  /**
   * A one-shot git command's standard output. Like simple-git, this rejects only when git exits
   * non-zero *and* writes to standard error (callers that need a silent failure ask for output instead).
   */
  run(args: string[]): Promise<string> {
    return this.client.raw(args);
  }

  /** A git command fed `input` on its standard input; rejects on any non-zero exit. */
  feed(args: string[], input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = this.start(args);
      let out = '';
      let err = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      p.on('error', (e) => reject(new Error(`cannot run git ${args[0]}: ${e.message}`)));
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`git ${args[0]} failed: ${err.trim()}`))));
      p.stdin.on('error', () => undefined); // git may exit before reading everything; the exit code tells
      p.stdin.end(input);
    });
  }

  /** A long-lived git process the caller talks to (the run's `cat-file --batch`). */
  start(args: string[]): ChildProcessWithoutNullStreams {
    return startGit(this.context, args);
  }
}

/** Spawns git with pipes on all three streams, logging it. */
export function startGit(context: GitContext, args: string[]): ChildProcessWithoutNullStreams {
  const done = trace('git', args, context.cwd);
  const p = spawn('git', args, { cwd: context.cwd, env: context.env });
  p.on('error', (e) => done(`failed to start: ${e.message}`));
  p.on('close', (code, signal) => done(signal ? `killed by ${signal}` : `exit ${code}`));
  return p;
}

/**
 * What a git command prints on standard output whatever its exit status (standard error dropped);
 * undefined when git cannot be started. For questions whose answer is partly in the output and partly
 * in the status (`rev-parse` outside a repository, `--verify -q` of an unborn HEAD).
 */
export function probeGit(context: GitContext, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done = trace('git', args, context.cwd);
    let out = '';
    const p = spawn('git', args, { cwd: context.cwd, env: context.env, stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => (out += d));
    p.on('error', (e) => {
      done(`failed to start: ${e.message}`);
      resolve(undefined);
    });
    p.on('close', (code) => {
      done(`exit ${code}`);
      resolve(out);
    });
  });
}

export interface SyncResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A program run to completion, synchronously: `git config` for an alias while the hook reads its
 * parent's command line, `ps` where /proc is missing, and husky's installer (node running husky's
 * bin, which sets core.hooksPath with git). Logged like every git process.
 */
export function runSync(
  program: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: 'ignore' } = {},
): SyncResult {
  const done = trace(program, args, opts.cwd ?? process.cwd());
  const r = spawnSync(program, args, {
    cwd: opts.cwd,
    env: opts.env,
    encoding: 'utf8',
    stdio: [opts.input ?? 'pipe', 'pipe', 'pipe'],
  });
  done(r.error ? `failed to start: ${r.error.message}` : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`);
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
