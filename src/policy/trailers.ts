import type { OverrideRecord } from './policyRecords';

/** `Spine-Override: D69, D54:immich — <reason> [id 1a2b3c4d5e6f]` */
export const TRAILER = 'Spine-Override';
/** `Spine-Hooks-Bypass: SPINE_HOOKS=0 by Name <email> at 2026-11-21T23:59:00Z` */
export const BYPASS_TRAILER = 'Spine-Hooks-Bypass';

export function formatTrailer(r: Pick<OverrideRecord, 'id' | 'scope' | 'reason'>): string {
  return `${TRAILER}: ${r.scope.join(', ')} — ${r.reason.replace(/\s+/g, ' ').trim()} [id ${r.id}]`;
}

/** Whether a message may hold one of our trailers (a cheap test before asking git for its trailer block). */
export function mentionsTrailers(message: string): boolean {
  return message.includes(`${TRAILER}:`) || message.includes(`${BYPASS_TRAILER}:`);
}

/** The override ids named by `Spine-Override:` trailer lines (as `git interpret-trailers --parse` prints them). */
export function trailerIds(trailerLines: readonly string[]): string[] {
  const ids: string[] = [];
  const re = new RegExp(`^${TRAILER}: .*\\[id ([0-9a-f]{12})\\]\\s*$`, 'i');
  for (const l of trailerLines) {
    const m = re.exec(l);
    if (m) ids.push(m[1]);
  }
  return ids;
}

/** The `Spine-Hooks-Bypass:` trailer lines. */
export function bypassTrailers(trailerLines: readonly string[]): string[] {
  return trailerLines.filter((l) => l.toLowerCase().startsWith(`${BYPASS_TRAILER.toLowerCase()}: `));
}
