import { ESTATE, testRuleKind } from '../helpers/ruleTester';

const schema = JSON.stringify({
  type: 'object',
  properties: { vms: { type: 'array', items: { type: 'object', properties: { cores: { type: 'integer', maximum: 2 } } } } },
});
const withSchema = { 'ci/vms.schema.json': schema };

testRuleKind('schema', ESTATE, {
  valid: [
    { name: 'a file that validates', rule: { files: [{ file: 'hosts', schema: 'ci/vms.schema.json' }] }, disk: withSchema },
    {
      name: 'a listed file that does not exist is skipped (another still validates)',
      rule: {
        files: [
          { file: 'inv/none.yaml', schema: 'ci/vms.schema.json' },
          { file: 'probes', schema: 'ci/vms.schema.json' },
        ],
      },
      disk: withSchema,
    },
  ],
  invalid: [
    {
      name: 'a violation at the offending value, check id with list indexes as *',
      rule: { files: [{ file: 'vms', schema: 'ci/vms.schema.json' }] },
      disk: withSchema,
      findings: [{ check: 'schema/vms.schema.json/vms/*/cores', entity: 'inv/vms.yaml#/vms/1/cores', at: 'inv/vms.yaml:3' }],
    },
    {
      name: 'a glob over repository paths',
      rule: { files: [{ glob: 'inv/v*.yaml', schema: 'ci/vms.schema.json' }] },
      disk: withSchema,
      findings: [{ check: 'schema/vms.schema.json/vms/*/cores', entity: 'inv/vms.yaml#/vms/1/cores', at: 'inv/vms.yaml:3' }],
    },
  ],
});
