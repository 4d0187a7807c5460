/**
 * How many characters of a reason a reader actually sees. A minimum length is only worth something if
 * it cannot be met with nothing: zero-width spaces, joiners, the BOM, soft hyphens, tag characters,
 * variation selectors and bidi controls (format and control characters, and every default-ignorable
 * code point), fillers that render blank although they are letters (Hangul fillers, the Braille
 * blank), surrogate halves, private-use and unassigned code points are dropped; a run of spaces of any
 * kind counts as one; a letter and the combining marks stacked on it count as one (a grapheme), and a
 * mark with no letter to sit on counts as nothing.
 */
const INVISIBLE = /[\p{C}\p{Default_Ignorable_Code_Point}\u2800\u3164\uFFA0\u115F\u1160]/gu;
const SPACES = /[\s\p{Z}]+/gu;
const MARKS_ONLY = /^\p{M}+$/u;
// Made on first use: ICU's segmenter costs milliseconds to start, and most runs count no reason.
let graphemes: Intl.Segmenter | undefined;

export function visibleLength(text: string): number {
  const shown = text.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
  let n = 0;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(shown)) if (!MARKS_ONLY.test(segment)) n++;
  return n;
}
