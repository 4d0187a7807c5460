/** The Node major a generated CI job installs when package.json has no say: the LTS line. */
export const DEFAULT_NODE = 22;
/** Tried in this order when engines.node rules the default out: the other LTS lines, then any major. */
const PREFERRED = [DEFAULT_NODE, 24, 20, 18];

/**
 * The Node major for CI: 22 unless package.json's `engines.node` rules it out, then the nearest LTS
 * line it allows, else the lowest major it allows. Undefined when the range cannot be read. Only the
 * range forms npm documents for engines are read (`>=20.17`, `^20`, `20.x`, `18 || 20`, `20 - 22`),
 * without pulling in a semver dependency for one question: may some version of this major run?
 */
export function nodeMajor(engines: string | undefined): number | undefined {
  if (engines === undefined || engines.trim() === '') return DEFAULT_NODE;
  const sets = parseRange(engines);
  if (!sets) return undefined;
  const allows = (major: number) => sets.some(([lo, hi]) => Math.max(lo, at(major, 0, 0)) < Math.min(hi, at(major + 1, 0, 0)));
  for (const m of PREFERRED) if (allows(m)) return m;
  for (let m = 10; m <= 60; m++) if (allows(m)) return m;
  return undefined;
}

/** A version as one number; minor and patch stay below 1000 in Node's history. */
const at = (major: number, minor: number, patch: number) => major * 1e6 + Math.min(minor, 999) * 1e3 + Math.min(patch, 999);
const ALL: [number, number] = [0, Infinity];

/** `a || b`: each alternative as the half-open interval [lo, hi) of the versions it allows. */
function parseRange(text: string): Array<[number, number]> | undefined {
  const sets: Array<[number, number]> = [];
  for (const alt of text.split('||').map((s) => s.trim())) {
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(alt);
    if (hyphen) {
      const a = partial(hyphen[1]);
      const b = partial(hyphen[2]);
      if (!a || !b) return undefined;
      sets.push([a.lo, b.next]);
      continue;
    }
    let [lo, hi] = ALL;
    // `>= 20` is `>=20`: an operator may stand apart from its version.
    for (const c of alt
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)) {
      const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(c)!;
      const v = partial(m[2]);
      if (!v) return undefined;
      const [l, h] = comparator(m[1] ?? '=', v);
      lo = Math.max(lo, l);
      hi = Math.min(hi, h);
    }
    sets.push([lo, hi]);
  }
  return sets;
}

interface Partial {
  /** The first version it names (missing parts are 0). */
  lo: number;
  /** The first version after everything it names (`20` → 21.0.0, `20.1` → 20.2.0). */
  next: number;
  major: number;
  minor?: number;
  wild: boolean;
}

function partial(text: string): Partial | undefined {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(text);
  if (!m) return undefined;
  const num = (s?: string) => (s === undefined || /[xX*]/.test(s) ? undefined : Number(s));
  const [major, minor, patch] = [num(m[1]), num(m[2]), num(m[3])];
  if (major === undefined) return { lo: 0, next: Infinity, major: 0, wild: true };
  const lo = at(major, minor ?? 0, patch ?? 0);
  const next = minor === undefined ? at(major + 1, 0, 0) : patch === undefined ? at(major, minor + 1, 0) : lo + 1;
  return { lo, next, major, minor, wild: false };
}

function comparator(op: string, v: Partial): [number, number] {
  if (v.wild) return op === '<' || op === '>' ? [0, 0] : ALL;
  switch (op) {
    case '>=':
      return [v.lo, Infinity];
    case '>':
      return [v.next, Infinity];
    case '<':
      return [0, v.lo];
    case '<=':
      return [0, v.next];
    case '^':
      return [v.lo, v.major > 0 ? at(v.major + 1, 0, 0) : v.next];
    case '~':
      return [v.lo, v.minor === undefined ? at(v.major + 1, 0, 0) : at(v.major, v.minor + 1, 0)];
    default:
      return [v.lo, v.next];
  }
}
