import type { GateDef } from '../registry/registryTypes';

const q = (s: unknown) => JSON.stringify(s);

/** The words of governance findings: what a change does to a gate, said plainly. */
export const GOV = {
  weakened: (g: Pick<GateDef, 'id' | 'name'>, what: string) =>
    `${g.id} ${g.name} is weakened: ${what} (a weakening needs SPINE_OVERRIDE=${g.id} with a reason)`,
  removed: 'the gate is no longer declared',
  off: 'the gate is switched off (severity: off)',
  severity: (from: string, to: string) => `its severity is lowered from ${from} to ${to}`,
  param: (name: string, why: string) => `parameter ${name} ${why}`,
  exclusionGrows: (added: string) => `excludes more: ${added} added`,
  alternativesGrow: (added: string) => `accepts more alternatives: ${added} added`,
  requirementShrinks: (removed: string) => `requires less: ${removed} removed`,
  opaque: (from: string, to: string) => `changed from ${from} to ${to} (spine-hooks cannot tell that this checks no less)`,
  rule: (id: string) => `rule ${id} is changed or removed`,
  applies: 'it no longer applies always, only when its files are present',
  appliesWhen: (from: string | undefined, to: string | undefined) =>
    `it applies when ${to ?? 'its first file'} exists, no longer when ${from ?? 'its first file'} exists`,
  modulePath: (from: string | undefined, to: string | undefined) => `its module is ${to ?? 'gone'} instead of ${from ?? 'none'}`,
  module: (path: string) => `its module ${path} changed (code cannot be compared: the override records the change)`,
  scopeDeleted: (path: string) => `${path}, the file that makes it apply, is deleted, so it would no longer run`,
  collection: (name: string) => `the collection ${name} it reads is redefined`,
  file: (key: string, from: string, to: string) => `it reads ${key} from ${to} instead of ${from}`,
  minReason: (from: number, to: number) => `overrides need a reason of ${to} characters instead of ${from}`,
  referencePattern: (from: string, to: string | undefined) =>
    `overrides ${to ? `need a reference matching /${to}/` : 'no longer need a reference'} instead of /${from}/`,
  policyPath: (what: string, from: string, to: string) => `the ${what} is read from ${to} instead of ${from}`,
  schema: (path: string, pointer: string, what: string) => `schema ${path} accepts more at ${pointer || '/'}: ${what}`,
  list: (path: string, select: string, removed: string[]) => `${path} ${select} requires less: ${removed.map(q).join(', ')} removed`,
  fewer: (label: string, field: string, removed: string[]) => `${label} asks less: ${removed.join(', ')} removed from ${field}`,
  baseline: (file: string, e: { check: string; entity?: string; fingerprint: string }) =>
    `${file} accepts a new finding as known drift: ${e.check}${e.entity ? ` ${e.entity}` : ''} (fingerprint ${e.fingerprint})`,
  becomes: (label: string, field: string, value: unknown) => `${label} asks less: ${field} is now ${q(value)}`,
};
