import type { Severity } from '../types';

/** How long a gate module may run when its gate sets no `timeout_ms`. */
export const DEFAULT_MODULE_TIMEOUT_MS = 5000;
/** The most a module may take in a hook (pre-commit, pre-push), whatever its `timeout_ms` says: a commit must not wait longer. */
export const HOOK_MODULE_TIMEOUT_CAP_MS = 30_000;
/** What one allocation of a module may take (QuickJS's limit, which in this build bounds single allocations only). */
export const MODULE_MEMORY_LIMIT = 64 * 1024 * 1024;
/** The engine's whole WebAssembly memory (QuickJS itself takes a few MiB of it): see loadQuickJs.ts. */
export const WASM_MEMORY_CAP = 96 * 1024 * 1024;
/**
 * The engine's own stack limit. Kept well below what the host's stack allows, so deep recursion in
 * module code is the engine's "stack overflow", not the host's (see runInQuickJs.ts for the rest).
 */
export const MODULE_STACK_LIMIT = 256 * 1024;

/** Everything a module may see, as data: its source, its gate's parameters and severity, the names it may read. */
export interface ModuleJob {
  gate: string;
  /** The module's path in the repository (its file name in messages and positions). */
  repoPath: string;
  /** The module's source as the snapshot being checked has it (undefined: absent there). */
  source?: string;
  reads: string[];
  params: Record<string, unknown>;
  severity: Severity;
  timeoutMs: number;
}

/** What comes back: findings to validate, or why there are none. */
export type ModuleAnswer = { ok: true; findings: unknown } | { ok: false; error: string };
