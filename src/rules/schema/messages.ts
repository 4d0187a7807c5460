/** What a schema rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  schemaError: (pointer: string, message: string) => `${pointer} ${message}`,
  schemaUnusable: (file: string, why: string) =>
    `JSON Schema ${file} cannot be used: ${why}; the files it validates were not checked against it`,
  schemaNotText: (kind: string) => (kind === 'missing' ? 'it is not in the version checked' : `it is ${kind}, not JSON text`),
  repairNone: () => 'none automatic: a file that breaks its JSON Schema needs a person to say what was meant',
} as const;
