import type { RE2JS } from 're2js';
import { MSG } from '../messages';

/**
 * Every regular expression that comes from configuration (a filter's `matches`, a `replace`
 * transform, a text collection's `pattern`, `require.pattern` and `forbid`, `policy.reference_pattern`)
 * runs here, on RE2 (re2js): matching takes time linear in the value, so no pattern and no value can
 * hang a hook the way `^(a+)+$` hangs a backtracking engine. What RE2 cannot run (backreferences,
 * lookaround, possessive quantifiers, atomic groups) is refused when the configuration is loaded
 * (see registry/findPatterns.ts). Patterns spine-hooks writes itself stay native RegExp.
 *
 * The one flag is case-insensitivity (`ignore_case: true` beside a pattern in configuration; `(?i)`
 * inside one does the same, as RE2 allows).
 */
export interface SafePattern {
  readonly source: string;
  /** Whether the pattern matches anywhere in the value (unanchored, like RegExp#test). */
  test(value: string): boolean;
  /** Every match replaced, `$1`, `$<name>`, `$&`, `$$` read as String#replace reads them. */
  replaceAll(value: string, replacement: string): string;
  /** Every match left to right (empty ones too, as String#matchAll gives them): UTF-16 index, text, first group. */
  matchAll: (value: string) => Array<{ index: number; text: string; group1: string | undefined }>;
}

/** A pattern RE2 cannot compile; `message` says why, in words (the loader adds where). */
export class PatternError extends Error {}

const cache = new Map<string, SafePattern | PatternError>();
/** Test answers remembered per pattern (for values up to MEMO_VALUE_MAX characters). */
const MEMO_ENTRIES = 50_000;
const MEMO_VALUE_MAX = 512;
/** The most instructions a pattern may compile to (the shipped registry's largest has 33). */
const MAX_PROGRAM = 1000;
let engine: typeof RE2JS | undefined;

/** The pattern compiled once per process; throws PatternError when RE2 cannot run it. */
export function safePattern(source: string, ignoreCase = false): SafePattern {
  const key = ignoreCase ? `i\0${source}` : source;
  let hit = cache.get(key);
  if (!hit) {
    hit = compile(source, ignoreCase);
    cache.set(key, hit);
  }
  if (hit instanceof PatternError) throw hit;
  return hit;
}

function compile(source: string, ignoreCase: boolean): SafePattern | PatternError {
  // Loaded on first use (~15 ms): a run whose gates use no pattern never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  engine ??= (require('re2js') as typeof import('re2js')).RE2JS;
  let re: RE2JS;
  try {
    re = ignoreCase ? engine.compile(source, engine.CASE_INSENSITIVE) : engine.compile(source);
  } catch (err) {
    return new PatternError(explain(source, err as Error));
  }
  // Linear in the value, but by a factor of the program's size: `[\s\S]{1000}` ten times over is
  // 10,000 instructions, and seconds on a long line of a text collection.
  if (re.programSize() > MAX_PROGRAM) return new PatternError(MSG.patternTooLarge(source, re.programSize(), MAX_PROGRAM));
  // The same values are tested again and again (every gate that filters a collection, every commit
  // of a ci range over mostly unchanged records), and RE2's matcher allocates on every call: answers
  // (and replacements) for short values are remembered, a bounded number per pattern.
  const seen = new Map<string, boolean>();
  const replaced = new Map<string, string>();
  return {
    source,
    test: (value) => {
      if (value.length > MEMO_VALUE_MAX) return re.test(value);
      let hit = seen.get(value);
      if (hit === undefined) {
        if (seen.size >= MEMO_ENTRIES) seen.clear();
        hit = re.test(value);
        seen.set(value, hit);
      }
      return hit;
    },
    replaceAll: (value, replacement) => {
      if (value.length > MEMO_VALUE_MAX) return re.matcher(value).replaceAll(replacement);
      const key = `${replacement}\0${value}`;
      let hit = replaced.get(key);
      if (hit === undefined) {
        if (replaced.size >= MEMO_ENTRIES) replaced.clear();
        hit = re.matcher(value).replaceAll(replacement);
        replaced.set(key, hit);
      }
      return hit;
    },
    matchAll: (value) => [...re.matchAll(value)].map((m) => ({ index: m.index!, text: m[0], group1: m[1] ?? undefined })),
  };
}

/** Why RE2 refused a pattern: the constructs a backtracking engine has and a linear-time one cannot run, by name. */
function explain(source: string, err: Error): string {
  const e = err as Error & { getDescription?: () => string; getPattern?: () => string | null };
  const desc = e.getDescription?.() ?? err.message;
  const at = e.getPattern?.() ?? '';
  const construct = /^\\[1-9]/.test(at)
    ? 'a backreference'
    : at.startsWith('\\k')
      ? 'a named backreference'
      : at.startsWith('(?=') || at.startsWith('(?!')
        ? 'a lookahead'
        : at.startsWith('(?<=') || at.startsWith('(?<!')
          ? 'a lookbehind'
          : at.startsWith('(?>')
            ? 'an atomic group'
            : desc === 'invalid nested repetition operator' && at.endsWith('+')
              ? 'a possessive quantifier'
              : undefined;
  return construct ? MSG.patternUnsupported(source, construct, excerpt(source, at)) : MSG.patternInvalid(source, desc, at);
}

/** The construct RE2 stopped at, whole where it is a group (`(?=b)`, not only `(?=`) or a named reference (`\k<c>`). */
function excerpt(source: string, at: string): string {
  const i = source.indexOf(at);
  if (i < 0) return at;
  let end = i + at.length;
  if (at.startsWith('\\k')) end = source.indexOf('>', i) + 1 || end;
  else if (at.startsWith('(')) {
    for (let j = i, depth = 0; j < source.length; j++) {
      if (source[j] === '\\') j++;
      else if (source[j] === '(') depth++;
      else if (source[j] === ')' && --depth === 0) {
        end = j + 1;
        break;
      }
    }
  }
  return end - i > 40 ? `${source.slice(i, i + 39)}…` : source.slice(i, end);
}
