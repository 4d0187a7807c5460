/** What a coverage rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  missingFrom: (label: string, file: string, detail: string) => `${label}: missing from ${file} (no entry with ${detail})`,
} as const;
