import type { CompletionOption } from './completionModel';

/** An option that takes a value (`--format F`). */
export const takesValue = (o: CompletionOption): boolean => o.value !== undefined;

/** The words an option is typed as, long then short, space-separated. */
export function optionWords(options: readonly CompletionOption[]): string {
  return options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]).join(' ');
}

/** One shell `case` arm matching every spelling of the given options. */
export function caseArms(options: readonly CompletionOption[], indent: string, action: string): string {
  const patterns = options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])]);
  return `${indent}${patterns.join('|')})${action}`;
}

/** Text inside single quotes of sh, zsh and fish: a quote closes, is escaped, and reopens. */
export function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Options grouped by what their value completes to (one `case` arm each): action → spellings. */
export function byAction(options: readonly CompletionOption[], action: (o: CompletionOption) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of options) out.set(action(o), [...(out.get(action(o)) ?? []), o.long, ...(o.short ? [o.short] : [])]);
  return out;
}
