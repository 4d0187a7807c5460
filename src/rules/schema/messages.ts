/** What a schema rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  schemaError: (pointer: string, message: string) => `${pointer} ${message}`,
  repairNone: () => 'none automatic: a file that breaks its JSON Schema needs a person to say what was meant',
} as const;
