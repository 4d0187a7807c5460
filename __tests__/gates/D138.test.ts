import { checkGate, summary, y } from '../helpers/gateHarness';
import { SEQ } from '../helpers/paths';
import { editsOf } from '../helpers/edits';

const valid = {
  [SEQ]: y`
    version: 2
    phases:
      - { phase: 1, site: shop, name: network }
      - { phase: 2, site: shop, name: hypervisor }
      - { phase: 10, site: home, name: home lab }
  `,
};
const edit = editsOf(valid);

describe('D138 site-parity-maintenance-order', () => {
  test('valid', async () => {
    expect(await checkGate('D138', valid)).toMatchObject({ status: 'pass', findings: [] });
  });

  test.each([
    [
      'version 1',
      edit(SEQ, 'version: 2', 'version: 1'),
      [{ check: 'version/min/version', entity: 'sequencing', at: `${SEQ}:1`, severity: 'error' }],
    ],
    [
      'version missing',
      edit(SEQ, 'version: 2\n', ''),
      [{ check: 'version/min/version', entity: 'sequencing', at: `${SEQ}:1`, severity: 'error' }],
    ],
    [
      'a phase without site',
      edit(SEQ, '{ phase: 2, site: shop,', '{ phase: 2,'),
      [{ check: 'site/enum/site', entity: '2', at: `${SEQ}:4`, severity: 'error' }],
    ],
    [
      'only one site',
      edit(SEQ, 'site: home', 'site: shop'),
      [{ check: 'site/covers/site/home', entity: undefined, at: `${SEQ}:0`, severity: 'error' }],
    ],
  ])('invalid: %s', async (_n, files, expected) => {
    const r = await checkGate('D138', files);
    expect(r.status).toBe('fail');
    expect(summary(r)).toEqual(expected);
  });
});

test('D138: a list where the version number belongs is named as such', async () => {
  const r = await checkGate('D138', edit(SEQ, 'version: 2', 'version: [3]'));
  expect(r.findings[0].message).toBe('startup sequencing: version is "a list", expected a number');
});
