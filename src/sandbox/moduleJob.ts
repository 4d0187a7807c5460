import type { CollectionDef } from '../registry/model';
import type { Severity } from '../types';

/** How long a gate module may run when its gate sets no `timeout_ms`. */
export const DEFAULT_MODULE_TIMEOUT_MS = 5000;

/** What the sandboxed process gets: everything the module may see, and nothing else. */
export interface ModuleJob {
  gate: string;
  /** Absolute path of the module on disk (what its own `require`s resolve against). */
  moduleFile: string;
  /** The module's source as the snapshot being checked has it (undefined: absent there). */
  moduleSource?: string;
  reads: string[];
  params: Record<string, unknown>;
  severity: Severity;
  files: Record<string, string>;
  collections: Record<string, CollectionDef>;
  /** The files the collections read, as the snapshot has them: base64 bytes, or why they cannot be read. */
  contents: Record<string, { base64?: string; unreadable?: string }>;
}

/** What comes back: findings to validate, or why there are none. */
export type ModuleAnswer = { ok: true; findings: unknown } | { ok: false; error: string };
