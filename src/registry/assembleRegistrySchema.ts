import base from './gateRegistrySchema.base.json';
import { RULE_KINDS } from '../rules/kinds';

/**
 * schemas/gate.registry.schema.json, assembled: the registry's own shapes (gateRegistrySchema.base.json), and
 * after `ruleBase` the rule kinds, each its `<kind>Rule` fragment (src/rules/<kind>/schema.json) and a branch
 * of `rule` choosing it by `kind`. scripts/build-registry-schema.js writes it at build time; a test holds the
 * committed file to it.
 */
export function assembleRegistrySchema(): Record<string, unknown> {
  const names = Object.keys(RULE_KINDS) as Array<keyof typeof RULE_KINDS>;
  const rule = {
    type: 'object',
    required: ['kind'],
    properties: { kind: { enum: names } },
    allOf: names.map((n) => ({ if: { properties: { kind: { const: n } } }, then: { $ref: `#/$defs/${n}Rule` } })),
  };
  const defs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base.$defs)) {
    defs[k] = v;
    if (k !== 'ruleBase') continue;
    defs.rule = rule;
    for (const n of names) defs[`${n}Rule`] = RULE_KINDS[n].schema;
  }
  return { ...base, $defs: defs };
}

/** The schema as the file holds it: two-space JSON, characters outside ASCII escaped, a final newline. */
export function registrySchemaText(): string {
  const json = JSON.stringify(assembleRegistrySchema(), null, 2);
  return `${json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
