export interface Io {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input, read whole (the pre-push hook's ref lines); undefined when it is a terminal or a device, not a pipe. */
  stdin?: () => Promise<string | undefined>;
  /** Whether stdout is a terminal (colour default). */
  isTTY?: boolean;
  /** Whether stderr is a terminal (progress lines, overwritten in place, go there only then). */
  errIsTTY?: boolean;
  /** A monotonic clock in milliseconds for progress lines (default: monotonicMs); injected by tests. */
  now?: () => number;
}

/**
 * Milliseconds on a monotonic clock (durations only): process.hrtime, which node has loaded at start,
 * where performance.now() would load perf_hooks on every run for one subtraction.
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
