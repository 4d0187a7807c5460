/** What a orphan rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  orphan: (label: string, file: string, detail: string) => `${label}: has no counterpart in ${file} (no entry with ${detail})`,
} as const;
