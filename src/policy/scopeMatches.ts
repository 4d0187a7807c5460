import type { Finding } from '../types';

/** Whether an override scope (`D69`, `D69:immich`, `*`) covers a finding. */
export function scopeMatches(scope: string, f: Pick<Finding, 'gate' | 'entity'>): boolean {
  if (scope === '*') return true;
  const i = scope.indexOf(':');
  if (i < 0) return scope.toUpperCase() === f.gate;
  return scope.slice(0, i).toUpperCase() === f.gate && scope.slice(i + 1) === f.entity;
}
