import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';

const ip = (extra: Record<string, unknown> = {}) => ({
  id: 'ip',
  source: 'probes',
  target: 'vms',
  match: { source: 'target', target: 'name' },
  fields: [{ source: 'ip', target: 'ip' }],
  ...extra,
});

testRuleKind('parity', ESTATE, {
  valid: [
    { name: 'each probe has its VM’s address', rule: ip() },
    {
      name: 'a record without a counterpart is not parity’s business',
      rule: ip(),
      data: estateWith('inv/probes.yaml', 'target: db, ip: 10.0.0.2', 'target: nowhere, ip: 10.0.0.7'),
    },
    {
      name: '`target_where` leaves a target out',
      rule: ip({ target_where: { host: 'h1' } }),
      data: estateWith('inv/vms.yaml', 'ip: 10.0.0.2', 'ip: 10.0.0.8'),
    },
  ],
  invalid: [
    {
      name: 'a probe whose address differs from its VM’s',
      rule: ip(),
      data: estateWith('inv/probes.yaml', 'target: db, ip: 10.0.0.2', 'target: db, ip: 10.0.0.3'),
      findings: [{ check: 'ip/ip', entity: 'p-db', at: 'inv/probes.yaml:3' }],
    },
  ],
});
