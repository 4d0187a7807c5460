/** What a coverage rule says about the records it checks: one function of its data per sentence. */

export const MESSAGES = {
  missingFrom: (label: string, file: string, detail: string) => `${label}: missing from ${file} (no entry with ${detail})`,
  repairs: (req: string, target: string, derived: string[], templated: string[], choice: string[]) =>
    `${req}: adds the missing entry to ${target}` +
    (derived.length ? `, ${derived.join(', ')} from the source record` : '') +
    (choice.length ? `, ${choice.join(' or ')} as the template or --set says (several ways match)` : '') +
    (templated.length
      ? `, ${templated.join(', ')} from fix_templates.${target}`
      : `, other fields from fix_templates.${target} (none configured) or --set`),
} as const;
