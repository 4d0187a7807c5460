import { isDeepStrictEqual } from 'node:util';

/** One way a JSON Schema accepts more than before, at a JSON pointer of the new schema. */
export interface Loosening {
  pointer: string;
  what: string;
}

/** Keywords that constrain nothing: a change of them is neither weaker nor stronger. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const AT_LEAST = ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties', 'minContains'];
const AT_MOST = ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties', 'maxContains'];
/** Keywords whose subschema, per name, must be at least as strict. */
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas'];
/** Keywords holding one subschema that must be at least as strict. */
const SUBSCHEMAS = [
  'items',
  'additionalProperties',
  'propertyNames',
  'contains',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
];

/**
 * Where `after` accepts something `before` rejected, judged keyword by keyword: every constraint of
 * the old schema must still be there, as strict or stricter (a narrower `type` or `enum`, more
 * `required`, a higher minimum…); constraints only added make it stricter. What cannot be compared
 * this way (a changed `pattern`, a new alternative in `anyOf`) counts as looser: a weakening must be
 * provably absent, not presumed absent. Pure; an empty list means "not weaker".
 */
export function schemaLoosening(before: unknown, after: unknown, pointer = ''): Loosening[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (before === false) return [{ pointer, what: 'rejected everything, now accepts something' }];
  if (before === true || isEmpty(before)) return [];
  if (after === false) return [];
  if (after === true || isEmpty(after)) return [{ pointer, what: 'now accepts anything' }];
  if (!isMap(before) || !isMap(after)) return [{ pointer, what: 'changed in a way that cannot be compared' }];
  const out: Loosening[] = [];
  const at = (k: string) => `${pointer}/${escape(k)}`;
  for (const [k, b] of Object.entries(before)) {
    if (ANNOTATIONS.has(k)) continue;
    const a = after[k];
    if (isDeepStrictEqual(a, b)) continue;
    if (a === undefined) {
      out.push({ pointer: at(k), what: `no longer has ${k}` });
      continue;
    }
    if (k === 'type') {
      const bt = new Set(asList(b));
      const extra = asList(a).filter((t) => !bt.has(t) && !(t === 'integer' && bt.has('number')));
      if (extra.length) out.push({ pointer: at(k), what: `type now also allows ${extra.join(', ')}` });
    } else if (k === 'enum') {
      const extra = asList(a).filter((x) => !asList(b).some((y) => isDeepStrictEqual(x, y)));
      if (extra.length) out.push({ pointer: at(k), what: `enum now also allows ${extra.map((x) => JSON.stringify(x)).join(', ')}` });
    } else if (k === 'required' || k === 'dependentRequired') {
      const gone = requiredLost(b, a);
      if (gone.length) out.push({ pointer: at(k), what: `no longer requires ${gone.join(', ')}` });
    } else if (AT_LEAST.includes(k)) {
      if (!(typeof a === 'number' && typeof b === 'number' && a >= b))
        out.push({ pointer: at(k), what: `${k} lowered from ${JSON.stringify(b)} to ${JSON.stringify(a)}` });
    } else if (AT_MOST.includes(k)) {
      if (!(typeof a === 'number' && typeof b === 'number' && a <= b))
        out.push({ pointer: at(k), what: `${k} raised from ${JSON.stringify(b)} to ${JSON.stringify(a)}` });
    } else if (k === 'uniqueItems') {
      if (b === true && a !== true) out.push({ pointer: at(k), what: 'no longer requires unique items' });
    } else if (SCHEMA_MAPS.includes(k) && isMap(a) && isMap(b)) {
      for (const [name, sb] of Object.entries(b)) {
        const sa = a[name];
        const here = `${at(k)}/${escape(name)}`;
        if (sa !== undefined) out.push(...schemaLoosening(sb, sa, here));
        // A property no longer described is free, unless no undeclared property is allowed at all.
        else if (!(k === 'properties' && after.additionalProperties === false))
          out.push({ pointer: here, what: `no longer constrains ${k === 'properties' ? 'property' : k} ${name}` });
      }
    } else if (SUBSCHEMAS.includes(k) || k === 'not') {
      if (k === 'not') out.push({ pointer: at(k), what: 'not changed' });
      else out.push(...schemaLoosening(b, a, at(k)));
    } else if (k === 'allOf' && Array.isArray(a) && Array.isArray(b)) {
      // Every old conjunct must still be there (or a stricter one in its place).
      b.forEach((sb, i) => {
        if (a.some((sa) => isDeepStrictEqual(sa, sb))) return;
        const same =
          a[i] !== undefined ? schemaLoosening(sb, a[i], `${at(k)}/${i}`) : [{ pointer: `${at(k)}/${i}`, what: 'allOf lost a member' }];
        out.push(...same);
      });
    } else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(a) && Array.isArray(b)) {
      // Every new alternative must be one of the old ones, or a stricter version of the one in its place.
      a.forEach((sa, i) => {
        if (b.some((sb) => isDeepStrictEqual(sa, sb))) return;
        if (b[i] !== undefined && schemaLoosening(b[i], sa, `${at(k)}/${i}`).length === 0) return;
        out.push({ pointer: `${at(k)}/${i}`, what: `${k} has a new or wider alternative` });
      });
    } else out.push({ pointer: at(k), what: `${k} changed` });
  }
  return out;
}

function requiredLost(b: unknown, a: unknown): string[] {
  if (Array.isArray(b)) return b.filter((x) => !(Array.isArray(a) && a.includes(x))).map(String);
  if (isMap(b)) {
    // dependentRequired: { prop: [others] }
    return Object.entries(b).flatMap(([p, list]) => requiredLost(list, isMap(a) ? a[p] : undefined).map((x) => `${x} (with ${p})`));
  }
  return [];
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function isEmpty(v: unknown): boolean {
  return isMap(v) && Object.keys(v).every((k) => ANNOTATIONS.has(k));
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function escape(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}
