import { checkGate, summary, y } from '../helpers/gateHarness';
import { L, DI } from '../helpers/paths';
import { withEdit } from '../helpers/edits';

const valid = {
  [L]: y`
    vms:
      - { vmid: 301, hostname: alpha, status: active, proxmox_host: pve, lan_ip: 192.168.1.31 }
      - { vmid: 302, hostname: beta, status: active, proxmox_host: pve, lan_ip: null }
      - { vmid: 110, hostname: homebox, status: active, proxmox_host: proxmox-home, lan_ip: 10.0.0.10 }
  `,
  [DI]: y`
    ### Shop VM LAN IPs (static)

    | VM | Canonical Name | LAN IP | VMID | Notes |
    |----|----------------|--------|------|-------|
    | alpha (apps) | \`alpha\` | 192.168.1.31 | 301 | static |
    | beta | \`beta\` | 192.168.1.32 | 302 | isolated |
  `,
};

describe('D100 vm-ip-parity', () => {
  test('valid: VMs without lan_ip and home VMs are not checked', async () => {
    expect(await checkGate('D100', valid)).toMatchObject({ status: 'pass', findings: [] });
  });

  test('invalid: IP changed in the lifecycle only', async () => {
    const r = await checkGate(
      'D100',
      withEdit(valid, L, (t) => t.replace('192.168.1.31', '192.168.1.99')),
    );
    expect(summary(r)).toEqual([{ check: 'lan-ip/lan-ip-row/lan_ip', entity: 'alpha', at: `${L}:2`, severity: 'error' }]);
    expect(r.findings[0].related).toMatchObject({ file: DI, line: 5 });
  });

  test('invalid: row missing from the Markdown table', async () => {
    const r = await checkGate(
      'D100',
      withEdit(valid, DI, (t) => t.replace(/\| alpha \(apps\).*\n/, '')),
    );
    expect(summary(r)).toEqual([{ check: 'lan-ip/lan-ip-row', entity: 'alpha', at: `${L}:2`, severity: 'error' }]);
  });

  test('valid: a heading holding a link still names its table (GFM: the heading reads as its text)', async () => {
    const linked = withEdit(valid, DI, (t) => t.replace('### Shop VM LAN IPs (static)', '### Shop VM [LAN IPs](#addressing) (`static`)'));
    expect(await checkGate('D100', linked)).toMatchObject({ status: 'pass', findings: [] });
    const r = await checkGate(
      'D100',
      withEdit(linked, L, (t) => t.replace('192.168.1.31', '192.168.1.99')),
    );
    expect(summary(r)).toEqual([{ check: 'lan-ip/lan-ip-row/lan_ip', entity: 'alpha', at: `${L}:2`, severity: 'error' }]);
  });

  test('a table in a block quote is read, its rows and cells where they are in the file', async () => {
    const quoted = withEdit(valid, DI, (t) => t.replace(/^\|/gm, '> |').replace('static)\n\n', 'static)\n>\n'));
    expect(await checkGate('D100', quoted)).toMatchObject({ status: 'pass', findings: [] });
    const r = await checkGate(
      'D100',
      withEdit(quoted, L, (t) => t.replace('192.168.1.31', '192.168.1.99')),
    );
    expect(r.findings[0].related).toMatchObject({ file: DI, line: 5 });
    const shifted = await checkGate(
      'D100',
      withEdit(quoted, DI, (t) => t.replace('> | alpha (apps) | `alpha` | 192.168.1.31', '> | alpha (apps) | `alpha` | 301')),
    );
    // The cell that is not an address, at its own column: the `> ` before the row counts.
    expect(shifted.findings).toContainEqual(expect.objectContaining({ check: 'file/table', file: DI, line: 5, column: 30 }));
  });
});
