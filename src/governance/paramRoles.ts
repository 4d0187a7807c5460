import { paramUse, type ParamUse } from '../rules/kinds';

/**
 * How a gate's rules use each of its parameters, worked out from the rules as declared (before
 * `$param` is substituted), so that a change of a parameter's value can be judged weaker or not:
 *
 *   exclusion     the list takes records out of what is checked (`exclude`, `exempt`, `not_in`, an
 *                 `in` inside `unless`): an item added checks less
 *   requirement   the list is what is checked or required (`in` of a rule's `where`, `keys`, `fields`,
 *                 `covers.values`, the `$all_set` of a counterpart filter): an item removed checks less
 *   alternatives  the list widens what counts as agreeing (`any_of` of a value expression): an item
 *                 added checks less
 *   opaque        anything else (a number, a pattern, a parameter used two ways or only by a module):
 *                 every change counts as weaker, since spine-hooks cannot tell that it is not
 */
export type ParamRole = 'exclusion' | 'requirement' | 'alternatives' | 'opaque';

/** Polarity of a filter: + selects what is checked (more selected: stronger), − excuses or widens. */
type Polarity = 1 | -1;

export function paramRoles(rules: unknown): Map<string, ParamRole> {
  const seen = new Map<string, Set<ParamRole>>();
  const note = (name: string, role: ParamRole) => {
    const s = seen.get(name) ?? new Set<ParamRole>();
    s.add(role);
    seen.set(name, s);
  };
  for (const rule of Array.isArray(rules) ? rules : []) {
    if (!isMap(rule)) continue;
    walkRule(rule, note);
  }
  const out = new Map<string, ParamRole>();
  for (const [name, roles] of seen) out.set(name, roles.size === 1 ? [...roles][0] : 'opaque');
  return out;
}

type Note = (name: string, role: ParamRole) => void;

/** Each field of a rule, by the use its kind declares for it (rules/<kind>/index.ts, `params`). */
function walkRule(rule: Record<string, unknown>, note: Note): void {
  for (const [k, v] of Object.entries(rule)) walkUse(paramUse(rule, k), v, note);
}

function walkUse(use: ParamUse, v: unknown, note: Note): void {
  if (use === 'values') walkValues(v, note);
  else if (use === 'exclusion' || use === 'requirement' || use === 'alternatives') listRole(v, use, note);
  else if (use === 'opaque') opaque(v, note);
  else if ('filter' in use) walkWhere(v, use.filter, note);
  else if ('counterparts' in use) {
    if (!Array.isArray(v)) return opaque(v, note);
    for (const t of v) if (isMap(t)) walkTarget(t, use.counterparts, note);
  } else if (!isMap(v)) opaque(v, note);
  else if ('each' in use) Object.values(v).forEach((x) => walkUse(use.each, x, note));
  else for (const [k, x] of Object.entries(v)) walkUse(use.fields[k] ?? 'opaque', x, note);
}

/** A counterpart (coverage requirement, leftover, reference target): its own filter's polarity, and `unless`. */
function walkTarget(t: Record<string, unknown>, targetPolarity: Polarity, note: Note): void {
  for (const [k, v] of Object.entries(t)) {
    if (k === 'where') walkWhere(v, targetPolarity, note);
    else if (k === 'unless') walkWhere(v, -1, note);
    else if (k === 'exempt') walkWhere(v, -1, note);
    else if (k === 'any_of' && Array.isArray(v)) {
      for (const x of v) {
        if (isMap(x)) walkTarget(x, targetPolarity, note);
        else opaque(x, note);
      }
    } else if (k === 'parity') walkValues(v, note);
    else opaque(v, note);
  }
}

/** A filter: `in`/`starts_with` select (role by polarity), `not`/`$not`/`not_in`/`unless` flip it. */
function walkWhere(w: unknown, p: Polarity, note: Note): void {
  if (isParam(w)) return note(w.$param, 'opaque');
  if (Array.isArray(w)) return w.forEach((x) => walkWhere(x, p, note));
  if (!isMap(w)) return;
  for (const [k, v] of Object.entries(w)) {
    if (k === '$not' || k === 'not') walkWhere(v, flip(p), note);
    else if (k === '$any' || k === '$all') walkWhere(v, p, note);
    else if (k === '$join' && isMap(v)) {
      // A record is selected where a joined record matching the join's filter exists: same polarity.
      walkWhere(v.where, p, note);
      opaque({ ...v, where: undefined }, note);
    } else if (k === 'in' || k === 'starts_with') listRole(v, p === 1 ? 'requirement' : 'exclusion', note);
    else if (k === 'not_in') listRole(v, p === 1 ? 'exclusion' : 'requirement', note);
    // Selecting only records with every listed field set: a longer list selects fewer.
    else if (k === '$all_set') listRole(v, p === 1 ? 'exclusion' : 'requirement', note);
    else if (isMap(v) || Array.isArray(v)) walkWhere(v, p, note);
    else if (isParam(v)) note(v.$param, 'opaque');
  }
}

/** Value expressions: `any_of` lists alternatives; anything else parameterised is opaque. */
function walkValues(v: unknown, note: Note): void {
  if (isParam(v)) return note(v.$param, 'opaque');
  if (Array.isArray(v)) return v.forEach((x) => walkValues(x, note));
  if (!isMap(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'any_of') listRole(x, 'alternatives', note);
    else walkValues(x, note);
  }
}

function listRole(v: unknown, role: ParamRole, note: Note): void {
  if (isParam(v)) return note(v.$param, role);
  // A parameter spliced into a literal list (`exclude: [{ $param: hosts }, extra]`) has the list's role.
  if (!Array.isArray(v)) return opaque(v, note);
  for (const x of v) {
    if (isParam(x)) note(x.$param, role);
    else opaque(x, note);
  }
}

function opaque(v: unknown, note: Note): void {
  if (isParam(v)) return note(v.$param, 'opaque');
  if (Array.isArray(v)) v.forEach((x) => opaque(x, note));
  else if (isMap(v)) Object.values(v).forEach((x) => opaque(x, note));
}

const flip = (p: Polarity): Polarity => (p === 1 ? -1 : 1);

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isParam(v: unknown): v is { $param: string } {
  return isMap(v) && Object.keys(v).length === 1 && typeof v.$param === 'string';
}
