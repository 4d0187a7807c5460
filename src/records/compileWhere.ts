import type { SsotRecord } from './SsotRecord';
import { normalize } from './values';

/**
 * A record filter, an AND of field conditions:
 *   status: active                 equals (compared as strings; `null` means absent)
 *   site_scope: { not: home }      absent or different
 *   status: { in: [a, b] }         one of
 *   status: { not_in: [a, b] }     none of
 *   lan_ip: { exists: true }       set (non-empty) / unset
 *   host: { matches: '^10\.' }     regular expression on the string value
 *   tags: { contains: core }       a list field holds the value
 *   version: { gte: 2 }            numeric bounds: gt, gte, lt, lte
 *   $any: [ {...}, {...} ]         at least one of the nested filters holds
 */
export type Where = Record<string, unknown>;
export type Predicate = (rec: SsotRecord) => boolean;

export function compileWhere(where: Where | undefined): Predicate {
  if (!where || Object.keys(where).length === 0) return () => true;
  const tests: Predicate[] = Object.entries(where).map(([field, cond]) => {
    if (field === '$any') {
      const alts = (cond as Where[]).map(compileWhere);
      return (r) => alts.some((p) => p(r));
    }
    const test = compileCondition(cond);
    return (r) => test(r.get(field));
  });
  return (r) => tests.every((t) => t(r));
}

function compileCondition(cond: unknown): (v: unknown) => boolean {
  if (cond === null) return (v) => normalize(v) === undefined;
  if (typeof cond !== 'object' || Array.isArray(cond)) {
    const want = normalize(cond);
    return (v) => normalize(v) === want;
  }
  const parts: Array<(v: unknown) => boolean> = [];
  for (const [op, arg] of Object.entries(cond as Record<string, unknown>)) {
    switch (op) {
      case 'not': {
        const inner = compileCondition(arg);
        parts.push((v) => !inner(v));
        break;
      }
      case 'in': {
        const set = new Set((arg as unknown[]).map(normalize));
        parts.push((v) => set.has(normalize(v)));
        break;
      }
      case 'not_in': {
        const set = new Set((arg as unknown[]).map(normalize));
        parts.push((v) => !set.has(normalize(v)));
        break;
      }
      case 'exists':
        parts.push((v) => (normalize(v) !== undefined || (typeof v === 'object' && v !== null)) === Boolean(arg));
        break;
      case 'matches': {
        const re = new RegExp(String(arg));
        parts.push((v) => {
          const s = normalize(v);
          return s !== undefined && re.test(s);
        });
        break;
      }
      case 'contains': {
        const want = normalize(arg);
        parts.push((v) => Array.isArray(v) && v.some((x) => normalize(x) === want));
        break;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const bound = Number(arg);
        parts.push((v) => {
          const n = typeof v === 'number' ? v : Number(normalize(v));
          if (normalize(v) === undefined || Number.isNaN(n)) return false;
          return op === 'gt' ? n > bound : op === 'gte' ? n >= bound : op === 'lt' ? n < bound : n <= bound;
        });
        break;
      }
      default:
        // The registry schema rejects unknown operators before anything runs.
        throw new Error(`unknown filter operator "${op}"`);
    }
  }
  return (v) => parts.every((p) => p(v));
}
