import { PatternError, safePattern, type SafePattern } from './safePattern';
import { MSG } from '../messages';

/**
 * A glob from configuration (a schema rule's `glob`) as a pattern over repository paths, run on RE2
 * like every other pattern from configuration: a glob library turns `a*a*a*…b` into a backtracking
 * regular expression that takes seconds per path name (picomatch: 20 s for one 40-character name
 * against twelve stars), and both the glob and the path names are the repository's.
 *
 * The syntax: `*` (any characters but `/`), `?` (one such character), `**` as a whole path segment
 * (any number of folders, none included), `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`, `{a,b}` (nested
 * too), and `\` before a character to take it literally. Dotfiles are matched like any other file.
 * Extglobs (`@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`) and a leading `!` are refused: write braces, or
 * a second entry.
 */
export function globPattern(glob: string): SafePattern {
  return safePattern(`^${translate(glob, 0, glob.length, true)}$`);
}

const SPECIAL = /[.+^${}()|[\]\\*?]/;

function translate(g: string, from: number, to: number, top: boolean): string {
  if (top && g[from] === '!' && g[from + 1] !== '(') throw new PatternError(MSG.globUnsupported(g, 'a leading ! (negation)'));
  let out = '';
  for (let i = from; i < to; i++) {
    const c = g[i];
    if ('@!+*?'.includes(c) && g[i + 1] === '(') throw new PatternError(MSG.globUnsupported(g, `an extglob (${c}(…))`));
    if (c === '\\') {
      if (i + 1 < to) out += literal(g[++i]);
      continue;
    }
    if (c === '*') {
      let j = i;
      while (g[j + 1] === '*') j++;
      const whole = j > i && (i === from || g[i - 1] === '/') && (j + 1 === to || g[j + 1] === '/');
      if (!whole) out += '[^/]*';
      else if (j + 1 === to) out += '.*';
      else {
        // `**/`: any number of folders, none included.
        out += '(?:.*/)?';
        j++;
      }
      i = j;
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      continue;
    }
    if (c === '[') {
      const end = classEnd(g, i, to);
      if (end < 0) out += '\\[';
      else {
        let body = g.slice(i + 1, end);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        out += `[${negated ? '^' : ''}${classBody(body)}]`;
        i = end;
      }
      continue;
    }
    if (c === '{') {
      const parts = braceParts(g, i, to);
      if (!parts) out += '\\{';
      else {
        out += `(?:${parts.alternatives.map(([a, b]) => translate(g, a, b, false)).join('|')})`;
        i = parts.end;
      }
      continue;
    }
    out += literal(c);
  }
  return out;
}

/** A class's members as RE2 reads them: escapes kept, a `[` taken literally (not `[:alpha:]`). */
function classBody(body: string): string {
  let out = '';
  for (let k = 0; k < body.length; k++) {
    if (body[k] === '\\') out += body.slice(k, ++k + 1);
    else out += body[k] === '[' ? '\\[' : body[k];
  }
  return out;
}

function literal(c: string): string {
  return SPECIAL.test(c) ? `\\${c}` : c;
}

/** The index of the `]` closing the class opened at `i` (a `]` right after `[` or `[!` is a member), or -1. */
function classEnd(g: string, i: number, to: number): number {
  let j = i + 1;
  if (g[j] === '!' || g[j] === '^') j++;
  if (g[j] === ']') j++;
  for (; j < to; j++) {
    if (g[j] === '\\') j++;
    else if (g[j] === ']') return j;
  }
  return -1;
}

/** The comma-separated alternatives of the brace group opened at `i`, or undefined when it is not one. */
function braceParts(g: string, i: number, to: number): { alternatives: Array<[number, number]>; end: number } | undefined {
  const alternatives: Array<[number, number]> = [];
  let depth = 0;
  let start = i + 1;
  for (let j = i + 1; j < to; j++) {
    const c = g[j];
    if (c === '\\') j++;
    else if (c === '[') j = Math.max(j, classEnd(g, j, to));
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      alternatives.push([start, j]);
      start = j + 1;
    } else if (c === '}') {
      alternatives.push([start, j]);
      return alternatives.length > 1 ? { alternatives, end: j } : undefined;
    }
  }
  return undefined;
}
