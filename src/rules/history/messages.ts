/** What a history rule says about the records it compares with the base: one function of its data per sentence. */

export const MESSAGES = {
  removed: (label: string, collection: string, base: string, file: string, line: number) =>
    `${label} is removed: it was in ${base} (${file}${line ? ` line ${line}` : ''}), and records of ${collection} are never removed`,
  removedRelated: (base: string) => `here in ${base}`,
  wentDown: (label: string, field: string, before: string, after: string, base: string) =>
    `${label}: ${field} went down from ${before} in ${base} to ${after}: it never decreases`,
  wentUp: (label: string, field: string, before: string, after: string, base: string) =>
    `${label}: ${field} went up from ${before} in ${base} to ${after}: it never increases`,
  unset: (label: string, field: string, before: string, base: string) => `${label}: ${field} was ${before} in ${base} and is now unset`,
  notOrdered: (label: string, field: string, before: string, after: string, base: string) =>
    `${label}: ${field} ${after} cannot be compared with ${before} in ${base} (write a number, a duration such as 30d, or a date)`,
  changed: (label: string, field: string, before: string, after: string, base: string) =>
    `${label}: ${field} was ${before} in ${base} and never changes once set (now ${after})`,
  reused: (label: string, key: string, base: string, was: string, fields: string) =>
    `${label} reuses the key ${key} of ${was} in ${base}: ${fields}`,
  fieldChange: (field: string, before: string, after: string) => `${field} ${before} → ${after}`,
  wasHere: (value: string, base: string) => `${value} in ${base}`,
  noBase: () => 'this run was given no commit to compare with',
  notCompared: (rule: string, why: string) => `${rule}: not compared with a base: ${why}`,
  baseUnreadable: (rule: string, base: string, file: string, line: number, problem: string) =>
    `${rule}: not compared with ${base}, whose ${file}${line ? `:${line}` : ''} cannot be read: ${problem}`,
  baseAmbiguous: (rule: string, base: string, keys: string[]) =>
    `${rule}: ${base} has ${keys.length === 1 ? 'the key' : 'the keys'} ${keys.join(', ')} on more than one record; ` +
    `${keys.length === 1 ? 'that record is' : 'those records are'} not compared`,
  repairNone: () => "none automatic: a change against the commit's base is undone or justified by a person",
} as const;

/** What is wrong with a history rule as written (exit 2 at its line). */
export const RULE_MSG = {
  badFields: (field: string) => `${field} should be a list of field names`,
  badSwitch: (field: string) => `${field} should be true or false`,
  noCheck: () => 'a history rule needs a check: never_removed, never_decreases, never_increases, unchanged or never_reused',
  noKey: (collection: string) =>
    `collection ${JSON.stringify(collection)} declares no key: a history rule compares each record with the record of the same key in the base`,
} as const;
