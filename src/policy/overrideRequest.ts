import { createHash } from 'node:crypto';
import { ConfigError } from '../registry/ConfigError';
import { OVERRIDE_MSG } from '../messages';
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
    if (env.SPINE_OVERRIDE_REASON) throw new ConfigError(OVERRIDE_MSG.reasonWithoutGate());
    return undefined;
  }
  const scope = [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
  if (scope.length === 0) throw new ConfigError(OVERRIDE_MSG.namesNoGate(raw));
  for (const s of scope) {
    if (s === '*') continue;
    const id = s.split(':')[0].toUpperCase();
    if (!/^D\d+$/.test(id) || !gateIds.includes(id)) throw new ConfigError(OVERRIDE_MSG.unknownGate(s, meant(id, gateIds), gateIds));
    if (s.includes(':') && !s.slice(s.indexOf(':') + 1)) throw new ConfigError(OVERRIDE_MSG.noEntity(s));
  }
  const reason = (env.SPINE_OVERRIDE_REASON ?? '').trim();
  if (!reason) throw new ConfigError(OVERRIDE_MSG.needsReason(scope.includes('*')));
  const shown = visibleLength(reason);
  if (shown < settings.minReasonLength) {
    throw new ConfigError(OVERRIDE_MSG.reasonTooShort(shown, settings.minReasonLength));
  }
  const reference = env.SPINE_OVERRIDE_REF?.trim() || undefined;
  if (settings.referencePattern) {
    const re = safePattern(settings.referencePattern);
    if (!re.test(reason) && !(reference && re.test(reference))) {
      throw new ConfigError(OVERRIDE_MSG.needsReference(settings.referencePattern));
    }
  }
  const expires = env.SPINE_OVERRIDE_EXPIRES?.trim() || undefined;
  if (expires && !isDate(expires)) throw new ConfigError(OVERRIDE_MSG.expiresInvalid(expires));
  if (expires && expires < today) throw new ConfigError(OVERRIDE_MSG.expiresPast(expires, today));
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
