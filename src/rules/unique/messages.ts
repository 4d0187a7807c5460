/** What a unique rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  duplicate: (label: string, field: string, value: string, other: string, line: number) =>
    `${label}: ${field} ${value} is already used by ${other} (line ${line})`,
  firstUse: (label: string) => `first used by ${label}`,
  repairNone: () => 'none automatic: which of the two records holds the wrong value is not derivable',
} as const;
