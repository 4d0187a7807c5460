/** What a require rule says about the records it checks: one function of its data per sentence. */
const q = (s: string) => JSON.stringify(s);

/** A value as a message quotes it: a plain value in quotes, else what it is. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return 'unset';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const plain = value as string | number | boolean | bigint;
  return q(String(plain));
}

export const MESSAGES = {
  keyMissing: (collection: string, key: string, file: string) => `${collection} ${q(key)} is missing from ${file}`,
  fieldMissing: (label: string, field: string) => `${label}: missing required field ${q(field)}`,
  fieldEmpty: (label: string, field: string) => `${label}: field ${q(field)} must be set and non-empty`,
  enumMissing: (label: string, field: string, allowed: unknown[]) => `${label}: missing field ${q(field)} (one of ${allowed.join(', ')})`,
  enumInvalid: (label: string, field: string, value: string, allowed: unknown[]) =>
    `${label}: ${field} ${q(value)} is not one of ${allowed.join(', ')}`,
  patternMismatch: (label: string, field: string, value: string, re: string) => `${label}: ${field} ${q(value)} does not match /${re}/`,
  notEqual: (label: string, field: string, value: string | undefined, want: string) =>
    `${label}: ${field} is ${value === undefined ? 'unset' : q(value)}, expected ${q(want)}`,
  /** Named by the rule's `what` (`the placeholder`) where it has one, else by the pattern. */
  forbidden: (label: string, field: string, value: string, pattern: string, what?: string, why?: string) =>
    (what ? `${label}: ${field} holds ${what} ${q(value)}` : `${label}: ${field} ${q(value)} matches the forbidden pattern /${pattern}/`) +
    (why ? ` (${why})` : ''),
  notNumber: (label: string, field: string, value: string | undefined) =>
    `${label}: ${field} is ${value === undefined ? 'unset' : q(value)}, expected a number`,
  outOfBounds: (label: string, field: string, n: number, kind: 'min' | 'max', bound: number) =>
    `${label}: ${field} is ${n}, expected ${kind === 'min' ? '>=' : '<='} ${bound}`,
  notCovered: (collection: string, field: string, value: string) => `no ${collection} record has ${field} ${q(value)}`,
  unsatisfied: (label: string, field: string, value: unknown, why: string) => `${label}: ${field} is ${shown(value)}, ${why}`,
  /** A constant expression (`{ value: path }`) is quoted once, not as what it gives. */
  unexpected: (label: string, expr: string, written: string, value: string, why: string) =>
    expr === q(value) && written === value
      ? `${label}: ${q(value)}, ${why}`
      : `${label}: ${expr} gives ${q(value)}${written !== value ? ` (from ${q(written)})` : ''}, ${why}`,
  /** A record beyond `count.max`, with the rule's own message. */
  labelled: (label: string, message: string) => `${label}: ${message}`,
  tooMany: (label: string, collection: string, where: string, n: number, max: number) =>
    `${label}: ${n} ${collection} record(s)${where}, expected at most ${max}`,
  tooFew: (collection: string, where: string, n: number, min: number) => `${n} ${collection} record(s)${where}, expected at least ${min}`,
  repairNone: () => 'none automatic: the right value of a required field is not derivable',
} as const;
