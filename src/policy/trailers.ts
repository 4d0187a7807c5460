import type { OverrideRecord } from './model';

/** `Spine-Override: D69, D54:immich — <reason> [id 1a2b3c4d5e6f]` */
export const TRAILER = 'Spine-Override';
/** `Spine-Hooks-Bypass: SPINE_HOOKS=0 by Name <email> at 2026-11-21T23:59:00Z` */
export const BYPASS_TRAILER = 'Spine-Hooks-Bypass';

export function formatTrailer(r: Pick<OverrideRecord, 'id' | 'scope' | 'reason'>): string {
  return `${TRAILER}: ${r.scope.join(', ')} — ${r.reason.replace(/\s+/g, ' ').trim()} [id ${r.id}]`;
}

/** The override ids named by `Spine-Override:` trailers of a commit message. */
export function trailerIds(message: string): string[] {
  const ids: string[] = [];
  for (const m of message.matchAll(new RegExp(`^${TRAILER}: .*\\[id ([0-9a-f]{12})\\]\\s*$`, 'gm'))) ids.push(m[1]);
  return ids;
}

/** Appends trailers after the message body, separated by a blank line unless a trailer block ends it. */
export function appendTrailers(message: string, trailers: string[]): string {
  const lines = message.replace(/\s+$/, '').split('\n');
  const missing = trailers.filter((t) => !lines.includes(t));
  if (missing.length === 0) return message;
  const last = lines[lines.length - 1] ?? '';
  const endsWithTrailer = /^[A-Za-z][A-Za-z0-9-]*: /.test(last) && lines.length > 1 && lines.some((l) => l === '');
  return `${lines.join('\n')}\n${endsWithTrailer ? '' : '\n'}${missing.join('\n')}\n`;
}
