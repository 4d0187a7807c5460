import { readTree } from './tempDir';
import { EXAMPLE_DIR } from './paths';

/** The bundled example repository's SSOT files (README excluded), as path → text. */
export function exampleFiles(): Record<string, string> {
  const all = readTree(EXAMPLE_DIR);
  delete all['README.md'];
  return all;
}

/** 1-based line of the first line containing `needle` (after `from`, if given). */
export function lineOf(text: string, needle: string, from?: string): number {
  const start = from ? text.indexOf(from) : 0;
  if (start < 0) throw new Error(`anchor not found: ${from}`);
  const i = text.indexOf(needle, start);
  if (i < 0) throw new Error(`needle not found: ${needle}`);
  return text.slice(0, i).split('\n').length;
}
