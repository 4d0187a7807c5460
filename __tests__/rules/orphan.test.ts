import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';

const probeTarget = (extra: Record<string, unknown> = {}) => ({
  id: 'probe-target',
  source: 'probes',
  target: 'vms',
  match: { source: 'target', target: 'name' },
  ...extra,
});
const strayProbe = estateWith('inv/probes.yaml', 'target: db,', 'target: gone,');

testRuleKind('orphan', ESTATE, {
  valid: [
    { name: 'every probe points at a VM', rule: probeTarget() },
    { name: '`exclude` names records that need no counterpart', rule: probeTarget({ exclude: ['p-db'] }), data: strayProbe },
    {
      name: '`where` leaves a record out',
      rule: probeTarget({ where: { enabled: true } }),
      data: estateWith('inv/probes.yaml', 'target: db, ip: 10.0.0.2, enabled: true', 'target: gone, ip: 10.0.0.2, enabled: false'),
    },
  ],
  invalid: [
    {
      name: 'a probe of a VM that does not exist',
      rule: probeTarget(),
      data: strayProbe,
      findings: [{ check: 'probe-target', entity: 'p-db', at: 'inv/probes.yaml:3' }],
    },
    {
      name: '`target_where` narrows what counts as a counterpart',
      rule: probeTarget({ target_where: { status: 'retired' } }),
      findings: [
        { check: 'probe-target', entity: 'p-web', at: 'inv/probes.yaml:2' },
        { check: 'probe-target', entity: 'p-db', at: 'inv/probes.yaml:3' },
      ],
    },
  ],
});
