/** What a parity rule says about its repairs: one function of its data per sentence. */

export const MESSAGES = {
  repairs: (target: string, fields: string[]) =>
    `sets ${fields.length ? fields.join(', ') : 'the target field'} of the matched ${target} record to the source's value` +
    (fields.length ? '' : ' (none of its target sides is a plain field, so nothing is written)'),
} as const;
