import { checkGate, summary, y } from '../helpers/gateHarness';
import { S, B } from '../helpers/paths';
import { editsOf } from '../helpers/edits';

const valid = {
  [S]: y`
    ssh:
      targets:
        - id: alpha
          host: 100.64.0.1
          user: ops
          extra_key_real_files_carry: ok
  `,
  [B]: y`
    targets:
      - name: vm-301
        enabled: true
        host: pve
        base_path: /tank/dump
        glob: "vzdump-qemu-301-*.vma.zst"
  `,
};
const edit = editsOf(valid);

describe('D900 ssot-schema-conformance', () => {
  test('valid (extra keys are tolerated); absent files are left to the gates that read them', async () => {
    expect(await checkGate('D900', valid)).toMatchObject({ status: 'pass', findings: [] });
  });

  test.each([
    ['a wrong type', B, edit(B, 'enabled: true', 'enabled: "yes"'), 'schema/backup.inventory.schema.json/targets/*/enabled', 3],
    [
      'a missing required key',
      B,
      edit(B, '    glob: "vzdump-qemu-301-*.vma.zst"\n', ''),
      'schema/backup.inventory.schema.json/targets/*',
      2,
    ],
    [
      'a list written as a map',
      S,
      { ...valid, [S]: 'ssh:\n  targets:\n    alpha: { host: 100.64.0.1 }\n' },
      'schema/ssh.targets.schema.json/ssh/targets',
      3,
    ],
  ])('invalid: %s', async (_n, file, files, check, line) => {
    const r = await checkGate('D900', files);
    expect(r.status).toBe('fail');
    expect(summary(r)).toEqual([expect.objectContaining({ check, at: `${file}:${line}`, severity: 'error' })]);
  });

  test('a YAML syntax error is a finding at its line, not a crash', async () => {
    const r = await checkGate('D900', { ...valid, [S]: 'ssh:\n  targets:\n    - id: "unclosed\n' });
    // The parser notices the unclosed quote where the file ends (line 4, after the last newline).
    expect(summary(r)).toEqual([expect.objectContaining({ check: 'file/parse', at: `${S}:4` })]);
    expect(r.findings[0].message).toMatch(/^cannot parse YAML: .*quote/i);
  });
});
