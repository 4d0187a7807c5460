import * as fs from 'node:fs';
import * as path from 'node:path';
import { registrySchemaText, assembleRegistrySchema } from '../../src/registry/assembleRegistrySchema';
import { RULE_KINDS } from '../../src/rules/kinds';

const FILE = path.join(__dirname, '..', '..', 'schemas', 'gate.registry.schema.json');

describe('the registry schema is assembled from the rule kinds', () => {
  test('the committed schemas/gate.registry.schema.json is the assembly (on a difference: npm run build, and commit the file)', () => {
    expect(fs.readFileSync(FILE, 'utf8')).toBe(registrySchemaText());
  });

  test("each kind's fragment is its $defs/<kind>Rule, chosen by `kind` in $defs/rule", () => {
    const defs = assembleRegistrySchema().$defs as Record<string, { properties?: { kind?: { enum?: string[] } }; allOf?: unknown[] }>;
    const names = Object.keys(RULE_KINDS);
    expect(defs.rule.properties?.kind?.enum).toEqual(names);
    expect(defs.rule.allOf).toHaveLength(names.length);
    for (const [n, kind] of Object.entries(RULE_KINDS)) expect(defs[`${n}Rule`]).toBe(kind.schema);
  });

  test('every field the schema lets a rule of a kind carry has a declared governance use', () => {
    const defs = assembleRegistrySchema().$defs as Record<string, { properties?: Record<string, unknown> }>;
    const base = Object.keys(defs.ruleBase.properties ?? {});
    for (const [n, kind] of Object.entries(RULE_KINDS)) {
      const fields = [...base, ...Object.keys(defs[`${n}Rule`].properties ?? {})].filter((f) => f !== 'kind');
      expect([n, fields.filter((f) => !(f in kind.params))]).toEqual([n, []]);
    }
  });
});
