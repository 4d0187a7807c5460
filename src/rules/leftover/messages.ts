/** What a leftover rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  leftover: (what: string, of: string, state: string, fix?: string) =>
    `${what} still refers to ${state || 'retired'} ${of}${fix ? `: ${fix}` : ''}`,
  leftoverOf: (of: string) => `${of} is here`,
  repairDisable: (id: string, target: string, field: string, value: string) =>
    `${id}: sets ${field}: ${value} on the live entry of ${target}`,
  repairRemove: (id: string, target: string) => `${id}: removes the live entry from ${target}`,
} as const;
