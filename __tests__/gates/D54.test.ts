import { checkGate, summary, y } from '../helpers/gateHarness';
import { S, DI, SS } from '../helpers/paths';
import { editsOf } from '../helpers/edits';

const valid: Record<string, string> = {
  [S]: y`
    ssh:
      targets:
        - { id: pve, host: 100.64.0.10 }
        - { id: switch-shop, host: 192.168.1.2, access_method: lan_only }
        - { id: nvr-shop, host: 192.168.1.216, access_method: lan_only }
        - { id: udr-home, host: 10.0.0.1, access_method: lan_only }
  `,
  [DI]: y`
    # Device identity

    ### LAN Endpoints (No Tailscale)

    | Location | Canonical Name | LAN IP | Purpose |
    |----------|----------------|--------|---------|
    | Home | \`udr-home\` | 10.0.0.1 | Gateway |
    | Shop | \`switch-shop\` | 192.168.1.2 | Switch (Dell) |
    | Shop | \`nvr-shop\` | 192.168.1.216 | Cameras |
  `,
  [SS]: y`
    ## Quick Reference (No Secrets)

    | Component | Canonical Name | Access | Notes |
    |-----------|----------------|--------|-------|
    | Switch | \`switch-shop\` (Dell) | \`http://192.168.1.2\` | |
    | Proxmox | \`pve\` | \`ssh pve\` | no IP here |
  `,
};
const edit = editsOf(valid);

describe('D54 ssot-ip-parity', () => {
  test('valid', async () => {
    expect(await checkGate('D54', valid)).toMatchObject({ status: 'pass', findings: [] });
  });

  test('valid: SHOP_SERVER_SSOT.md as a pointer stub without the table', async () => {
    expect(await checkGate('D54', { ...valid, [SS]: '# SHOP_SERVER_SSOT.md (Pointer)\n\nMoved elsewhere.\n' })).toMatchObject({
      status: 'pass',
    });
  });

  test.each([
    [
      'a duplicated IP among ssh targets',
      edit(S, 'host: 192.168.1.216', 'host: 192.168.1.2'),
      [
        { check: 'unique-ip/host', entity: 'nvr-shop', at: `${S}:5`, severity: 'error' },
        { check: 'ssh-vs-device-identity/host', entity: 'nvr-shop', at: `${S}:5`, severity: 'error' },
      ],
    ],
    [
      'an IP changed in DEVICE_IDENTITY_SSOT.md only',
      edit(DI, '| 192.168.1.2 |', '| 192.168.1.3 |'),
      [
        { check: 'ssh-vs-device-identity/host', entity: 'switch-shop', at: `${S}:4`, severity: 'error' },
        { check: 'device-identity-vs-shop-server/ip', entity: 'switch-shop', at: `${DI}:8`, severity: 'error' },
      ],
    ],
    [
      'an IP changed in SHOP_SERVER_SSOT.md only',
      edit(SS, 'http://192.168.1.2', 'http://192.168.1.22'),
      [
        { check: 'ssh-vs-shop-server/host', entity: 'switch-shop', at: `${S}:4`, severity: 'error' },
        { check: 'device-identity-vs-shop-server/ip', entity: 'switch-shop', at: `${DI}:8`, severity: 'error' },
      ],
    ],
    [
      'a shop LAN device without an ssh target',
      edit(S, '    - { id: nvr-shop, host: 192.168.1.216, access_method: lan_only }\n', ''),
      [{ check: 'lan-device/ssh-target', entity: 'nvr-shop', at: `${DI}:9`, severity: 'error' }],
    ],
  ])('invalid: %s', async (_n, files, expected) => {
    const r = await checkGate('D54', files);
    expect(r.status).toBe('fail');
    expect(summary(r)).toEqual(expected);
  });

  test('a renamed table heading is an error, not a silent pass', async () => {
    const r = await checkGate('D54', edit(DI, '### LAN Endpoints (No Tailscale)', '### Network devices'));
    expect(r.status).toBe('fail');
    expect(r.findings[0]).toMatchObject({ check: 'file/shape', file: DI, message: expect.stringContaining('LAN Endpoints') });
  });
});
