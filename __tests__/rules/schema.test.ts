import { ESTATE, testRuleKind } from '../helpers/ruleTester';

const schema = JSON.stringify({
  type: 'object',
  properties: { vms: { type: 'array', items: { type: 'object', properties: { cores: { type: 'integer', maximum: 2 } } } } },
});
/** Any data at all: what a schema loosened in the working tree but not staged would say. */
const loose = JSON.stringify({ type: 'object' });
// A repository's schema is a file of the snapshot checked (the index, a commit), like the data it validates.
const withSchema = { 'ci/vms.schema.json': schema };

testRuleKind('schema', ESTATE, {
  valid: [
    { name: 'a file that validates', rule: { files: [{ file: 'hosts', schema: 'ci/vms.schema.json' }] }, data: withSchema },
    {
      name: 'a listed file that does not exist is skipped (another still validates)',
      rule: {
        files: [
          { file: 'inv/none.yaml', schema: 'ci/vms.schema.json' },
          { file: 'probes', schema: 'ci/vms.schema.json' },
        ],
      },
      data: withSchema,
    },
    {
      name: 'a schema path written with ./ names the same file',
      rule: { files: [{ file: 'hosts', schema: './ci/vms.schema.json' }] },
      data: withSchema,
    },
  ],
  invalid: [
    {
      name: 'a violation at the offending value, check id with list indexes as *',
      rule: { files: [{ file: 'vms', schema: 'ci/vms.schema.json' }] },
      data: withSchema,
      findings: [{ check: 'schema/vms.schema.json/vms/*/cores', entity: 'inv/vms.yaml#/vms/1/cores', at: 'inv/vms.yaml:3' }],
    },
    {
      name: 'a glob over repository paths',
      rule: { files: [{ glob: 'inv/v*.yaml', schema: 'ci/vms.schema.json' }] },
      data: withSchema,
      findings: [{ check: 'schema/vms.schema.json/vms/*/cores', entity: 'inv/vms.yaml#/vms/1/cores', at: 'inv/vms.yaml:3' }],
    },
    {
      name: "the snapshot's schema, never the working tree's: a looser one on disk changes nothing",
      rule: { files: [{ file: 'vms', schema: 'ci/vms.schema.json' }] },
      data: withSchema,
      disk: { 'ci/vms.schema.json': loose },
      findings: [{ check: 'schema/vms.schema.json/vms/*/cores', entity: 'inv/vms.yaml#/vms/1/cores', at: 'inv/vms.yaml:3' }],
    },
    {
      name: 'a schema only on disk, not in the snapshot, is a finding at its path (nothing validated against it)',
      rule: { files: [{ file: 'vms', schema: 'ci/vms.schema.json' }] },
      disk: withSchema,
      findings: [
        { check: 'schema/unusable', entity: 'ci/vms.schema.json', at: 'ci/vms.schema.json:1', message: /not in the version checked/ },
      ],
    },
    {
      name: 'a schema that is not JSON is a finding at the line JSON.parse names',
      rule: { files: [{ file: 'vms', schema: 'ci/vms.schema.json' }] },
      data: { 'ci/vms.schema.json': '{\n  "type": "object",\n  oops\n}\n' },
      findings: [{ check: 'schema/unusable', entity: 'ci/vms.schema.json', at: 'ci/vms.schema.json:3', message: /cannot be used/ }],
    },
    {
      name: 'a schema Ajv cannot compile is a finding at its path',
      rule: { files: [{ file: 'vms', schema: 'ci/vms.schema.json' }] },
      data: { 'ci/vms.schema.json': JSON.stringify({ type: 'no-such-type' }) },
      findings: [{ check: 'schema/unusable', entity: 'ci/vms.schema.json', at: 'ci/vms.schema.json:1', message: /cannot be used/ }],
    },
  ],
});
