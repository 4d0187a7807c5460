import type { SsotRecord } from './SsotRecord';
import { normalize } from './values';
import { transform, type Transform } from './expr';
import { safePattern } from './safePattern';
import { parseDuration, parseInstant, startOfDay, type Clock } from './time';
import type { FoundKind } from '../workspace/Workspace';

/**
 * A record filter, an AND of field conditions (see docs/configuration.md, "Filters"):
 *   status: active                 equals (compared as strings; `null` means absent)
 *   site_scope: { not: home }      absent or different
 *   status: { in: [a, b] }         one of              status: { not_in: [a, b] }  none of
 *   lan_ip: { exists: true }       set (non-empty) / unset
 *   host: { matches: '^10\.' }     regular expression on the string value
 *   tags: { contains: core }       a list field holds the value
 *   version: { gte: 2 }            numeric bounds: gt, gte, lt, lte
 *   hostname: { equals_field: ssh_target }      compared with another field of the same record
 *   hostname: { not_equals_field: ssh_target }  both set and different
 *   name: { transform: [lower], in: [a, b] }    transforms first (lower, upper, trim, strip_suffix…)
 *   name: { matches: '^web', ignore_case: true } every comparison of the condition ignores case
 *   generated: { max_age: 14d }    a date or time at most this old by the run's clock (also min_age)
 *   expires_at: { min_ahead: 48h } a date or time at least this far ahead of the run's clock (max_ahead: at most)
 *   expires_on: { not_past: true } a date not before the run's clock (past: true for the opposite)
 *   runbook: { path_exists: true } a repository path (a #fragment is ignored) that the snapshot has
 *   script: { path_exists: executable }  … as an executable file (also `file`, `folder`)
 *   compose_targets: { type: list } the kind of value: list, map, string, number, boolean
 *   name: { starts_with: [infra., caddy.] }     a string starting with one of these
 *   $all_set: [a, b]               every listed field is set (non-empty)
 *   $any: [ {...}, {...} ]         at least one of the nested filters holds
 *   $not: {...}                    the nested filter does not hold
 *   $join: { collection, match, where }  a record of another collection matches, and passes `where`
 */
export type Where = Record<string, unknown>;
export type Predicate = (rec: SsotRecord) => boolean;

/** What a filter may consult besides the record: the run's clock, the snapshot's paths, other collections. */
export interface WhereEnv {
  clock?: Clock;
  /** What the snapshot being checked has at a repository path (undefined: nothing). */
  pathKind?: (path: string) => FoundKind | undefined;
  /** Records of a named collection that match `rec` through `match` (for `$join`). */
  join?: (spec: JoinSpec, rec: SsotRecord) => SsotRecord[];
  /** The values a `$join` looks records up by (its index's, as MatchIndex.keys gives them): what the join decides by. */
  joinKeys?: (spec: JoinSpec) => string;
}

export interface JoinSpec {
  collection: string;
  match: unknown;
  where?: Where;
  /** The collection may be absent (its file, or the key it selects): then it has no records, and that is no finding. */
  if_present?: boolean;
}

export function compileWhere(where: Where | undefined, env: WhereEnv = {}): Predicate {
  if (!where || Object.keys(where).length === 0) return () => true;
  const tests: Predicate[] = Object.entries(where).map(([field, cond]) => {
    if (field === '$any') {
      const alts = (cond as Where[]).map((w) => compileWhere(w, env));
      return (r) => alts.some((p) => p(r));
    }
    if (field === '$not') {
      const inner = compileWhere(cond as Where, env);
      return (r) => !inner(r);
    }
    if (field === '$all_set') {
      // Every listed field is set (non-empty): `$all_set: [backup_profile, data_class]`.
      const fields = cond as string[];
      return (r) => fields.every((f) => isSet(r.get(f)));
    }
    if (field === '$join') {
      const spec = cond as JoinSpec;
      if (!env.join) throw new Error('$join needs the collections of the workspace');
      return (r) => env.join!(spec, r).length > 0;
    }
    const test = compileCondition(cond, env);
    return (r) => test(r.get(field), r);
  });
  const all = allOf(tests);
  return (r) => all(r, undefined);
}

/**
 * Whether every test holds, by a plain loop: a filter runs once per record of a 10,000-record
 * collection, where `tests.every((t) => t(r))` makes a closure each time.
 */
function allOf<A, B = undefined>(tests: ReadonlyArray<(a: A, b: B) => boolean>): (a: A, b: B) => boolean {
  if (tests.length === 1) return tests[0];
  return (a, b) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](a, b)) return false;
    return true;
  };
}

/**
 * One field's condition, with what it expects in words: `requirements` and `satisfies` say which
 * condition failed, with the value found, instead of a bare "does not match".
 */
export function explainCondition(field: string, cond: unknown, env: WhereEnv = {}): (rec: SsotRecord) => string | undefined {
  const test = compileCondition(cond, env);
  return (rec) => (test(rec.get(field), rec) ? undefined : expectation(cond, env, rec, rec.get(field)));
}

/** A condition on a value the rule computed (a template's path, a list item): what it expected, when it fails. */
export function explainValue(cond: unknown, env: WhereEnv = {}): (value: unknown, rec: SsotRecord) => string | undefined {
  const test = compileCondition(cond, env);
  return (value, rec) => (test(value, rec) ? undefined : expectation(cond, env, rec, value));
}

type Test = (v: unknown, rec: SsotRecord) => boolean;

function compileCondition(cond: unknown, env: WhereEnv): Test {
  if (cond === null) return (v) => normalize(v) === undefined;
  if (typeof cond !== 'object' || Array.isArray(cond)) {
    const want = normalize(cond);
    return (v) => normalize(v) === want;
  }
  const ops = { ...(cond as Record<string, unknown>) };
  // `ignore_case: true` folds case for every comparison of the condition: the value, the other field,
  // the `in` list, prefixes, list items, and the pattern of `matches`.
  const fold = ops.ignore_case === true;
  const ts = [...((ops.transform as Transform[] | undefined) ?? []), ...(fold ? ['lower' as const] : [])];
  delete ops.transform;
  delete ops.ignore_case;
  // A transformed value is compared as its transformed string(s); other ops see the raw value.
  const prep = (v: unknown): unknown => {
    if (ts.length === 0) return v;
    if (Array.isArray(v)) return v.map((x) => (normalize(x) === undefined ? undefined : transform(normalize(x)!, ts)));
    const n = normalize(v);
    return n === undefined ? undefined : transform(n, ts);
  };
  const scope: OperatorScope = { env, ts, fold, prep, other: (rec, f) => prep(rec.get(f)) };
  const parts = Object.entries(ops).map(([op, arg]) => {
    // The registry schema rejects unknown operators before anything runs.
    if (!Object.hasOwn(OPERATORS, op)) throw new Error(`unknown filter operator "${op}"`);
    return OPERATORS[op as keyof typeof OPERATORS](arg, scope, op);
  });
  const all = allOf(parts);
  return ts.length === 0 ? all : (v, r) => all(prep(v), r);
}

/** What an operator sees besides its argument: the environment, the condition's transforms, other fields. */
interface OperatorScope {
  env: WhereEnv;
  ts: Transform[];
  /** `ignore_case`: arguments compared with the value are folded too. */
  fold: boolean;
  /** A value transformed as the condition's own value is. */
  prep: (v: unknown) => unknown;
  /** Another field of the same record, transformed as the condition's own value is. */
  other: (rec: SsotRecord, field: string) => unknown;
}

type Operator = (arg: unknown, scope: OperatorScope, op: string) => Test;

const hasText = (v: unknown, test: (s: string) => boolean) => {
  const s = normalize(v);
  return s !== undefined && test(s);
};

const membership: Operator = (arg, { ts }, op) => {
  const set = new Set(
    (arg as unknown[]).map((x) => (ts.length && normalize(x) !== undefined ? transform(normalize(x)!, ts) : normalize(x))),
  );
  return op === 'in' ? (v) => set.has(normalize(v)) : (v) => !set.has(normalize(v));
};

const compareNumber: Operator = (arg, _scope, op) => {
  const bound = Number(arg);
  return (v) => {
    const n = typeof v === 'number' ? v : Number(normalize(v));
    if (normalize(v) === undefined || Number.isNaN(n)) return false;
    return op === 'gt' ? n > bound : op === 'gte' ? n >= bound : op === 'lt' ? n < bound : n <= bound;
  };
};

const compareField: Operator = (arg, { other, prep }, op) => {
  // `{ field, transform }`: the other field transformed first (only that side).
  const spec = typeof arg === 'object' && arg !== null ? (arg as { field: string; transform?: Transform[] }) : { field: String(arg) };
  const f = spec.field;
  const own = spec.transform ?? [];
  const otherValue = (r: SsotRecord): unknown => {
    if (own.length === 0) return other(r, f);
    const n = normalize(r.get(f));
    return prep(n === undefined ? undefined : transform(n, own));
  };
  return (v, r) => {
    const a = normalize(v);
    const b = normalize(otherValue(r));
    if (a === undefined || b === undefined) return false;
    return op === 'equals_field' ? a === b : a !== b;
  };
};

// How old a value is by the run's clock (negative: how far ahead). A plain date counts whole days: it is
// 0 days old (and 0 days ahead) all its day, 1 day old all the next. A time counts to the millisecond.
const age: Operator = (arg, { env }, op) => {
  const ms = parseDuration(String(arg));
  const holds: Record<string, (elapsed: number) => boolean> = {
    max_age: (e) => e <= ms,
    min_age: (e) => e >= ms,
    min_ahead: (e) => -e >= ms,
    max_ahead: (e) => e <= 0 && -e <= ms,
  };
  return (v) => {
    const t = parseInstant(v);
    if (t === undefined) return false;
    const now = clockOf(env).now();
    return holds[op]((t.date ? startOfDay(now) : now) - t.start);
  };
};

const past: Operator = (arg, { env }, op) => {
  const want = Boolean(arg);
  return (v) => {
    const t = parseInstant(v);
    if (t === undefined) return false;
    const isPast = t.end < clockOf(env).now();
    return (op === 'past' ? isPast : !isPast) === want;
  };
};

/** The filter operators, one entry each (their JSON Schema is `$defs/condition` of the registry schema). */
const OPERATORS = {
  not: (arg, { env }) => {
    const inner = compileCondition(arg, env);
    return (v, r) => !inner(v, r);
  },
  each: (arg, { env }) => {
    const inner = compileCondition(arg, env);
    return (v, r) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).every((item) => inner(item, r));
  },
  in: membership,
  not_in: membership,
  exists: (arg) => (v) => (normalize(v) !== undefined || (typeof v === 'object' && v !== null)) === Boolean(arg),
  matches: (arg, { fold }) => {
    const re = safePattern(String(arg), fold);
    return (v) => hasText(v, (s) => re.test(s));
  },
  starts_with: (arg, { fold }) => {
    const prefixes = (Array.isArray(arg) ? arg : [arg]).map((x) => (fold ? String(x).toLowerCase() : String(x)));
    return (v) => hasText(v, (s) => prefixes.some((p) => s.startsWith(p)));
  },
  contains: (arg, { fold }) => {
    const want = fold ? normalize(arg)?.toLowerCase() : normalize(arg);
    return (v) => Array.isArray(v) && v.some((x) => normalize(x) === want);
  },
  gt: compareNumber,
  gte: compareNumber,
  lt: compareNumber,
  lte: compareNumber,
  equals_field: compareField,
  not_equals_field: compareField,
  max_age: age,
  min_age: age,
  min_ahead: age,
  max_ahead: age,
  not_past: past,
  past,
  path_exists: (arg, { env }) => {
    // true: anything; false: nothing; file (executable or not), executable, folder: that kind.
    const accepts: (k: FoundKind | undefined) => boolean =
      arg === true || arg === false
        ? (k) => (k !== undefined) === arg
        : arg === 'file'
          ? (k) => k === 'file' || k === 'executable'
          : (k) => k === arg;
    return (v) => {
      const p = repoPath(normalize(v));
      if (p === undefined) return false;
      if (!env.pathKind) throw new Error('path_exists needs the snapshot listing');
      return accepts(env.pathKind(p));
    };
  },
  type: (arg) => {
    const want = String(arg);
    return (v) => typeOf(v) === want;
  },
} satisfies Record<string, Operator>;

/** A repository path named in data: `#fragment` and `./` dropped; undefined when it leaves the repository. */
export function repoPath(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const p = value.replace(/#.*$/, '').replace(/^\.\//, '').replace(/\/+$/, '');
  if (p === '' || p.startsWith('/') || /^[A-Za-z]:/.test(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return undefined;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null || v === undefined) return 'absent';
  return typeof v === 'object' ? 'map' : typeof v;
}

function clockOf(env: WhereEnv): Clock {
  if (!env.clock) throw new Error('a time condition needs the run clock');
  return env.clock;
}

/** What `equals_field` expected: the other field, as it reads after its own transform. */
function fieldWords(arg: unknown, rec: SsotRecord): string {
  const spec = typeof arg === 'object' && arg !== null ? (arg as { field: string; transform?: Transform[] }) : { field: String(arg) };
  const n = normalize(rec.get(spec.field));
  const shown = n !== undefined && spec.transform?.length ? transform(n, spec.transform) : n;
  return `expected equal to ${spec.field}${spec.transform?.length ? ' (transformed)' : ''} (${JSON.stringify(shown ?? null)})`;
}

const KIND_WORDS: Record<string, string> = { file: 'a file', executable: 'an executable file', folder: 'a folder', link: 'a link' };

/** What `path_exists` expected, and what the snapshot has there when that is something else. */
function pathWords(arg: unknown, env: WhereEnv, value: unknown): string {
  if (arg === false) return 'expected a path that does not exist';
  const p = repoPath(normalize(value));
  const found = p === undefined ? undefined : env.pathKind?.(p);
  const want = arg === true ? 'a path that exists in the repository' : `${KIND_WORDS[String(arg)]} in the repository`;
  if (p === undefined && normalize(value) !== undefined) return `expected ${want} (this one leaves the repository)`;
  return found === undefined ? `expected ${want}` : `expected ${want}, found ${KIND_WORDS[found]}`;
}

/** What a condition expects, in words, with the value the record holds. */
function expectation(cond: unknown, env: WhereEnv, rec: SsotRecord, value: unknown): string {
  if (cond === null) return 'expected unset';
  if (typeof cond !== 'object' || Array.isArray(cond)) return `expected ${JSON.stringify(normalize(cond))}`;
  const ops = cond as Record<string, unknown>;
  const out: string[] = [];
  const clock = () => (env.clock ? ` (as of ${env.clock.label})` : '');
  for (const [op, arg] of Object.entries(ops)) {
    if (op === 'transform' || op === 'ignore_case') continue;
    const a = Array.isArray(arg) ? arg.map(String).join(', ') : String(arg);
    const words: Record<string, () => string> = {
      not: () => 'expected something else',
      in: () => `expected one of ${a}`,
      not_in: () => `expected none of ${a}`,
      exists: () => (arg ? 'expected it set' : 'expected it unset'),
      matches: () => `expected a match of /${a}/`,
      contains: () => `expected a list containing ${a}`,
      starts_with: () => `expected a value starting with ${a}`,
      gt: () => `expected > ${a}`,
      gte: () => `expected >= ${a}`,
      lt: () => `expected < ${a}`,
      lte: () => `expected <= ${a}`,
      equals_field: () => fieldWords(arg, rec),
      each: () => `expected every item ${expectation(arg, env, rec, undefined).replace(/^expected /, '')}`,
      not_equals_field: () => `expected different from ${a}`,
      max_age: () => `expected at most ${a} old${clock()}`,
      min_age: () => `expected at least ${a} old${clock()}`,
      min_ahead: () => `expected at least ${a} ahead${clock()}`,
      max_ahead: () => `expected at most ${a} ahead${clock()}`,
      not_past: () => (arg ? `expected not in the past${clock()}` : `expected in the past${clock()}`),
      past: () => (arg ? `expected in the past${clock()}` : `expected not in the past${clock()}`),
      path_exists: () => pathWords(arg, env, value),
      type: () => `expected a ${a}`,
    };
    out.push(words[op]?.() ?? `expected ${op} ${a}`);
  }
  return out.join(' and ');
}

function isSet(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return normalize(v) !== undefined;
}
