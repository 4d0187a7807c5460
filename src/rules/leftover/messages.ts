/** What a leftover rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  leftover: (what: string, of: string, state: string, fix?: string) =>
    `${what} still refers to ${state || 'retired'} ${of}${fix ? `: ${fix}` : ''}`,
  leftoverOf: (of: string) => `${of} is here`,
} as const;
