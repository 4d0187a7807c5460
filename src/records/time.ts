import { normalize } from './values';

/**
 * The run's clock, injected: a rule never reads the time itself. The CLI sets it from the real time or
 * from `--now` (a date, a time, or in `ci` the time of each commit), so a replay of an old commit can
 * be judged as of its own day.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** How the clock reads in messages: `2026-03-05`. */
  label: string;
}

export function fixedClock(at: number): Clock {
  return {
    now: () => at,
    label: new Date(at)
      .toISOString()
      .replace(/T00:00:00\.000Z$/, '')
      .replace(/\.\d{3}Z$/, 'Z'),
  };
}

export const DAY = 86_400_000;

/**
 * A date (`2026-03-05`, the whole day, `date: true`) or a time (`2026-02-21T03:16:45Z`), as the span it
 * names. A time without a zone (`2026-02-21T03:16:45`, `2026-02-21 03:16`) is read as UTC, as the
 * scripts gates replace read it, never as the local time of the machine that happens to run the check.
 */
export function parseInstant(value: unknown): { start: number; end: number; date: boolean } | undefined {
  const s = normalize(value);
  if (s === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const start = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : { start, end: start + DAY - 1, date: true };
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  return Number.isNaN(t) ? undefined : { start: t, end: t, date: false };
}

/** The start (00:00 UTC) of the day `at` falls in. */
export function startOfDay(at: number): number {
  return Math.floor(at / DAY) * DAY;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `14d`, `36h`, `2w`, `90m`, `30s` in milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhdw])$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (write 14d, 36h, 2w, 90m or 30s)`);
  return Number(m[1]) * UNITS[m[2]];
}
