import { createHash } from 'node:crypto';
import { ConfigError } from '../registry/ConfigError';
import { meant } from '../didYouMean';
import { safePattern } from '../records/safePattern';
import type { OverrideRecord, PolicySettings } from './policyRecords';
import { visibleLength } from './visibleLength';

export interface OverrideRequest {
  scope: string[];
  reason: string;
  reference?: string;
  expires?: string;
}

/**
 * Reads SPINE_OVERRIDE / SPINE_OVERRIDE_REASON (and optional SPINE_OVERRIDE_REF, SPINE_OVERRIDE_EXPIRES)
 * and refuses, with a clear message, anything that is not an explicit, justified override.
 */
export function readOverrideRequest(
  env: NodeJS.ProcessEnv,
  gateIds: readonly string[],
  settings: PolicySettings,
  today: string = new Date().toISOString().slice(0, 10),
): OverrideRequest | undefined {
  const raw = env.SPINE_OVERRIDE?.trim();
  if (!raw) {
    if (env.SPINE_OVERRIDE_REASON)
      throw new ConfigError('SPINE_OVERRIDE_REASON is set but SPINE_OVERRIDE names no gate (e.g. SPINE_OVERRIDE=D69 or D69:immich)');
    return undefined;
  }
  const scope = [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
  if (scope.length === 0)
    throw new ConfigError(`SPINE_OVERRIDE names no gate (${JSON.stringify(raw)}); e.g. SPINE_OVERRIDE=D69 or D69:immich`);
  for (const s of scope) {
    if (s === '*') continue;
    const id = s.split(':')[0].toUpperCase();
    if (!/^D\d+$/.test(id) || !gateIds.includes(id))
      throw new ConfigError(`SPINE_OVERRIDE names unknown gate "${s}"${meant(id, gateIds)}; valid ids: ${gateIds.join(', ')}`);
    if (s.includes(':') && !s.slice(s.indexOf(':') + 1))
      throw new ConfigError(`SPINE_OVERRIDE scope "${s}" names no entity after the colon`);
  }
  const reason = (env.SPINE_OVERRIDE_REASON ?? '').trim();
  const everything = scope.includes('*') ? ' (and overriding every gate needs one above all)' : '';
  if (!reason) throw new ConfigError(`an override needs a reason: SPINE_OVERRIDE_REASON="why this drift is acceptable now"${everything}`);
  const shown = visibleLength(reason);
  if (shown < settings.minReasonLength) {
    throw new ConfigError(
      `the override reason is too short (${shown} visible character${shown === 1 ? '' : 's'}, at least ${settings.minReasonLength}): say why, and until when`,
    );
  }
  const reference = env.SPINE_OVERRIDE_REF?.trim() || undefined;
  if (settings.referencePattern) {
    const re = safePattern(settings.referencePattern);
    if (!re.test(reason) && !(reference && re.test(reference))) {
      throw new ConfigError(
        `the override needs a reference matching /${settings.referencePattern}/ in SPINE_OVERRIDE_REASON or SPINE_OVERRIDE_REF`,
      );
    }
  }
  const expires = env.SPINE_OVERRIDE_EXPIRES?.trim() || undefined;
  if (expires && !isDate(expires)) throw new ConfigError(`SPINE_OVERRIDE_EXPIRES must be a date (YYYY-MM-DD), not "${expires}"`);
  if (expires && expires < today)
    throw new ConfigError(
      `SPINE_OVERRIDE_EXPIRES=${expires} is already in the past (today is ${today} UTC): an override cannot start expired; give the date it really ends`,
    );
  return {
    scope: scope.map((s) => (s === '*' ? s : `${s.split(':')[0].toUpperCase()}${s.includes(':') ? s.slice(s.indexOf(':')) : ''}`)),
    reason,
    reference,
    expires,
  };
}

/** A full record for the log; its id is a hash of everything else, so an edited record no longer matches its trailer. */
export function makeRecord(
  req: OverrideRequest,
  ctx: Omit<OverrideRecord, 'id' | 'scope' | 'reason' | 'reference' | 'expires'>,
): OverrideRecord {
  const body = {
    timestamp: ctx.timestamp,
    author: ctx.author,
    branch: ctx.branch,
    scope: req.scope,
    fingerprints: [...ctx.fingerprints].sort(),
    reason: req.reason,
    ...(req.reference ? { reference: req.reference } : {}),
    ...(req.expires ? { expires: req.expires } : {}),
    tool: ctx.tool,
  };
  return { id: recordId(body), ...body };
}

export function recordId(record: Omit<OverrideRecord, 'id'> | OverrideRecord): string {
  const { id: _id, ...rest } = record as OverrideRecord;
  void _id;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 12);
}

/** A real calendar date in YYYY-MM-DD (not 2026-02-31). */
function isDate(s: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}
