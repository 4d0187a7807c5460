import { createHash } from 'node:crypto';
import type { Finding } from '../types';

/**
 * A finding's identity across edits: its gate, the check that produced it and the entity it is about.
 * Line numbers and message wording are left out on purpose, so moving a record or rephrasing a
 * message does not turn a known gap into a "new" one.
 */
export function fingerprint(f: Pick<Finding, 'gate' | 'check' | 'entity' | 'file'>): string {
  const key = [f.gate, f.check, f.entity ?? `file:${f.file}`].join('\0');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
