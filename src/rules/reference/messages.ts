/** What a reference rule says about the records it checks: one function of its data per sentence. */
const q = (s: string) => JSON.stringify(s);

export const MESSAGES = {
  danglingReference: (label: string, field: string, value: string, file: string, targetField: string, compared = value) =>
    `${label}: ${field} ${q(value)} names nothing in ${file} (no entry with ${targetField} = ${q(compared)})`,
  repairNone: (field: string) => `none automatic: ${field} names a record that does not exist, and which one was meant is not derivable`,
  repairExplain: (field: string) =>
    `none automatic: ${field} names a record that does not exist; fix suggests the nearest existing key where one is close`,
} as const;
