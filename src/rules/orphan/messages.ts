/** What a orphan rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  orphan: (label: string, file: string, detail: string) => `${label}: has no counterpart in ${file} (no entry with ${detail})`,
  repairNone: () => 'none automatic: whether to add the missing record or remove the orphan is a decision',
} as const;
