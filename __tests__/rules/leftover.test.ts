import { ESTATE, estateWith, testRuleKind } from '../helpers/ruleTester';

const retired = (extra: Record<string, unknown> = {}) => ({
  id: 'retired',
  source: 'vms',
  where: { status: 'retired' },
  leftovers: [{ id: 'probe', target: 'probes', where: { enabled: { not: false } }, match: { source: 'name', target: 'target' }, ...extra }],
});
const probesOld = estateWith('inv/probes.yaml', 'target: db, ip: 10.0.0.2, enabled: true', 'target: old, ip: 10.0.0.2, enabled: true');

testRuleKind('leftover', ESTATE, {
  valid: [
    { name: 'the retired VM has no probe left', rule: retired() },
    {
      name: 'a disabled probe is no leftover',
      rule: retired(),
      data: estateWith('inv/probes.yaml', 'target: db, ip: 10.0.0.2, enabled: true', 'target: old, ip: 10.0.0.2, enabled: false'),
    },
    { name: '`unless` excuses a source record', rule: retired({ unless: { host: 'h1' } }), data: probesOld },
  ],
  invalid: [
    {
      name: 'a live probe of a retired VM, at the probe’s line with the VM as entity',
      rule: retired({ fix: 'remove the probe' }),
      data: probesOld,
      findings: [{ check: 'retired/probe', entity: 'old', at: 'inv/probes.yaml:3' }],
    },
  ],
});
