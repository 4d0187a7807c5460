import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';

const probed = (extra: Record<string, unknown> = {}) => ({
  id: 'probed',
  source: 'vms',
  where: { status: 'active' },
  requirements: [{ id: 'probe', target: 'probes', match: { source: 'name', target: 'target' }, ...extra }],
});
const noDbProbe = estateWith('inv/probes.yaml', '  - { id: p-db, target: db, ip: 10.0.0.2, enabled: true }\n', '');

testRuleKind('coverage', ESTATE, {
  valid: [
    { name: 'every active VM has a probe (the retired one needs none)', rule: probed() },
    { name: '`unless` excuses a record', rule: probed({ unless: { name: 'db' } }), data: noDbProbe },
    {
      name: '`any_of`: a counterpart in any of several places',
      rule: {
        id: 'placed',
        source: 'vms',
        requirements: [
          {
            id: 'somewhere',
            any_of: [
              { target: 'probes', match: { source: 'name', target: 'target' } },
              { target: 'hosts', match: { source: 'host', target: 'id' } },
            ],
          },
        ],
      },
      data: noDbProbe,
    },
    { name: 'requirement parity agrees', rule: probed({ parity: [{ source: 'ip', target: 'ip' }] }) },
  ],
  invalid: [
    {
      name: 'a VM without a probe, at its matched field',
      rule: probed(),
      data: noDbProbe,
      findings: [
        {
          check: 'probed/probe',
          entity: 'db',
          at: 'inv/vms.yaml:3',
          message: 'VM db: missing from inv/probes.yaml (no entry with target = "db")',
        },
      ],
    },
    {
      name: 'a warning requirement reports at its own severity',
      rule: probed({ severity: 'warn' }),
      data: noDbProbe,
      findings: [{ check: 'probed/probe', entity: 'db', at: 'inv/vms.yaml:3', severity: 'warn' }],
    },
    {
      name: 'a parity mismatch on the matched target, by source field',
      rule: probed({ parity: [{ source: 'ip', target: 'ip' }] }),
      data: estateWith('inv/probes.yaml', 'target: db, ip: 10.0.0.2', 'target: db, ip: 10.0.0.3'),
      findings: [{ check: 'probed/probe/ip', entity: 'db', at: 'inv/vms.yaml:3' }],
    },
    {
      name: 'a message template',
      rule: probed({ message: '{label} has no probe in {file}' }),
      data: noDbProbe,
      findings: [{ check: 'probed/probe', entity: 'db', at: 'inv/vms.yaml:3', message: 'VM db has no probe in inv/probes.yaml' }],
    },
  ],
});
