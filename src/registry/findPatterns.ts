import { kindPatterns } from '../rules/kinds';

/**
 * Where a gate's rules hold a regular expression, as JSON pointers below the rules: a filter's
 * `matches` (in `where`, `unless`, `target_where`, `satisfies`, `$any`, `$not`, `$join`), a `replace`
 * transform anywhere a value is read, a require rule's `pattern` and `forbid.pattern`, and a schema
 * rule's `glob` (which runs on the same engine).
 * The loader compiles each one before anything runs (a pattern RE2 cannot run is exit 2 at its
 * line, even if no record ever reaches it); the walk follows the registry schema's shapes.
 */
export interface PatternAt {
  pointer: string;
  pattern: string;
  /** A schema rule's `glob` (records/globPattern.ts), not a regular expression. */
  glob?: true;
}

const WHERE_KEYS = new Set(['where', 'unless', 'target_where', 'satisfies']);

export function findPatterns(rules: unknown, at = '/rules'): PatternAt[] {
  const out: PatternAt[] = [];
  walk(rules, at, out);
  return out;
}

type Map = Record<string, unknown>;
const isMap = (v: unknown): v is Map => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (k: string | number) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

function walk(v: unknown, at: string, out: PatternAt[]): void {
  if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}/${i}`, out));
  if (!isMap(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const p = `${at}/${key(k)}`;
    if (WHERE_KEYS.has(k)) where(x, p, out);
    // A require rule's `expect[].is`: one condition.
    else if (k === 'is') condition(x, p, out);
    else if (k === 'transform') transforms(x, p, out);
    else {
      // Fields only one kind has (a require rule's `pattern` map, a schema rule's globs): the kind says where its patterns are.
      const own = kindPatterns(v, k, x);
      if (own) out.push(...own.map((o) => ({ ...o, pointer: p + o.pointer })));
      else walk(x, p, out);
    }
  }
}

function where(w: unknown, at: string, out: PatternAt[]): void {
  if (!isMap(w)) return;
  for (const [f, c] of Object.entries(w)) {
    const p = `${at}/${key(f)}`;
    if (f === '$any' && Array.isArray(c)) c.forEach((x, i) => where(x, `${p}/${i}`, out));
    else if (f === '$not') where(c, p, out);
    else if (f === '$join' && isMap(c)) {
      walk(c.match, `${p}/match`, out);
      where(c.where, `${p}/where`, out);
    } else if (f !== '$all_set') condition(c, p, out);
  }
}

function condition(c: unknown, at: string, out: PatternAt[]): void {
  if (!isMap(c)) return;
  if (typeof c.matches === 'string') out.push({ pointer: `${at}/matches`, pattern: c.matches });
  if ('not' in c) condition(c.not, `${at}/not`, out);
  if ('each' in c) condition(c.each, `${at}/each`, out);
  if ('transform' in c) transforms(c.transform, `${at}/transform`, out);
}

function transforms(ts: unknown, at: string, out: PatternAt[]): void {
  if (!Array.isArray(ts)) return;
  ts.forEach((t, i) => {
    if (isMap(t) && typeof t.replace === 'string') out.push({ pointer: `${at}/${i}/replace`, pattern: t.replace });
  });
}
