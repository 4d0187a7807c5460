import * as fs from 'node:fs';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { prepare, runPrepared } from '../../src/run';
import { y } from '../helpers/gateHarness';
import { S, SEQ, CONFIG } from '../helpers/paths';

const estate = {
  [SEQ]: y`
    version: 2
    phases:
      - { phase: 1, site: shop }
      - { phase: 2, site: home }
  `,
};

describe('user configuration (spine-hooks.config.yaml)', () => {
  test('an unknown gate id is exit 2 with file:line and the valid ids', async () => {
    const dir = tempDir({ [CONFIG]: 'gates:\n  D999:\n    severity: off\n' });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
"spine-hooks: spine-hooks.config.yaml:2:3: unknown gate "D999"; valid ids: D54, D69, D86, D100, D137, D138, D139, D140, D141, D142, D900
"
`);
  });

  test('a schema violation is exit 2 with file:line', async () => {
    const dir = tempDir({ [CONFIG]: 'gates:\n  D69:\n    severity: loud\n' });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
"spine-hooks: spine-hooks.config.yaml:3:5: /gates/D69/severity must be one of "error", "warn", "off"
"
`);
  });

  test('invalid YAML in the config is exit 2 with file:line', async () => {
    const dir = tempDir({ [CONFIG]: 'gates:\n  D69: [\n' });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:\d+:\d+: invalid YAML: /);
  });

  test('an unknown parameter and an unknown lane are named with the valid ones', async () => {
    let dir = tempDir({ [CONFIG]: 'gates:\n  D69:\n    params:\n      non_vm_host: [x]\n' });
    let r = await runCli(['--all'], { cwd: dir });
    /* eslint-disable max-len -- an inline snapshot holds the message as printed, on one line */
    expect(r.stderr).toMatchInlineSnapshot(`
"spine-hooks: spine-hooks.config.yaml:4:7: gate D69 has no parameter "non_vm_host" (did you mean "non_vm_hosts"?); valid: statuses, hypervisors, non_vm_hosts, ssh_host_fields, backup_model_fields
"
`);
    /* eslint-enable max-len -- the snapshot ends here */
    dir = tempDir({ [CONFIG]: 'gates:\n  D69:\n    lanes: [network]\n' });
    r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown lane "network"; declared lanes: core, infra, proxmox-network');
  });

  test('a gate is disabled, re-laned and re-parameterised', () => {
    const dir = tempDir({
      [CONFIG]: y`
        lanes:
          - { id: maintenance, description: Power maintenance }
        gates:
          D54: { severity: off }
          D138: { lanes: [maintenance], params: { sites: [shop, home, lab] } }
      `,
    });
    const p = prepare({ cwd: dir });
    expect(p.loaded.disabled).toEqual(['D54']);
    const d138 = p.loaded.gates.find((g) => g.def.id === 'D138')!;
    expect(d138.def.lanes).toEqual(['maintenance']);
    expect(d138.def.rules![1]).toMatchObject({ enum: { site: ['shop', 'home', 'lab'] }, covers: { values: ['shop', 'home', 'lab'] } });
  });

  test('remapped paths and an added declarative gate run', async () => {
    const dir = tempDir({
      'infra/sequencing.yaml': estate[SEQ],
      'inventory/printers.yaml': 'printers:\n  - { id: p1, ip: 10.0.0.5 }\n  - { id: p2 }\n',
      [CONFIG]: y`
        files:
          startup_sequencing: infra/sequencing.yaml
          printers: inventory/printers.yaml
        collections:
          printers: { file: printers, shape: list, select: printers, key: id, label: "printer {id}" }
        add_gates:
          - id: D500
            name: printer-ip
            description: Every printer has an IP.
            severity: error
            lanes: [core]
            fix_hint: Add the ip.
            rules:
              - { kind: require, source: printers, fields: [ip] }
      `,
    });
    const opts = { cwd: dir, gates: ['D138', 'D500'] };
    const result = await runPrepared(prepare(opts), opts);
    expect(result.gates.map((g) => [g.id, g.status])).toEqual([
      ['D138', 'pass'],
      ['D500', 'fail'],
    ]);
    expect(result.gates[1].findings[0]).toMatchObject({
      gate: 'D500',
      file: 'inventory/printers.yaml',
      line: 3,
      message: 'printer p2: missing required field "ip"',
    });
  });

  test('an added gate naming an unknown collection is exit 2 with the valid names', async () => {
    const dir = tempDir({
      [CONFIG]: y`
        add_gates:
          - id: D501
            name: broken
            description: x
            severity: error
            lanes: [core]
            fix_hint: x
            rules:
              - { kind: unique, source: printerz, field: ip }
      `,
    });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:9:\d+: unknown collection "printerz"; valid: vms, /);
  });

  test('a custom gate module made with defineGate runs and its read problems fail closed', async () => {
    const dir = tempDir({
      'gates/no-root.js': `
        const { defineGate } = require('spine-hooks');
        module.exports = defineGate({
          meta: { reads: ['ssh_targets'] },
          check(ctx) {
            return ctx.collection('ssh_targets').records
              .filter((r) => r.get('user') === 'root')
              .map((r) => ({ severity: ctx.severity, check: 'no-root', entity: r.entity, ...r.loc('user'), message: r.label + ': logs in as root' }));
          },
        });`,
      [S]: 'ssh:\n  targets:\n    - id: a\n      host: 10.0.0.1\n      user: root\n',
      [CONFIG]: y`
        add_gates:
          - { id: D502, name: no-root-ssh, description: x, severity: warn, lanes: [core], fix_hint: x, module: ./gates/no-root.js, reads: [ssh_targets] }
      `,
    });
    let result = await runPrepared(prepare({ cwd: dir, gates: ['D502'] }), {});
    expect(result.gates[0]).toMatchObject({
      status: 'warn',
      findings: [{ gate: 'D502', line: 5, column: 7, message: 'ssh target a: logs in as root' }],
    });
    fs.writeFileSync(`${dir}/ops/bindings/ssh.targets.yaml`, 'ssh:\n  targets: [\n');
    result = await runPrepared(prepare({ cwd: dir, gates: ['D502'] }), {});
    expect(result.gates[0]).toMatchObject({ status: 'fail', findings: [{ check: 'file/parse', file: 'ops/bindings/ssh.targets.yaml' }] });
  });
});

describe('configuration mistakes found before anything runs', () => {
  test('a parameter of the wrong type is exit 2 at its line', async () => {
    const dir = tempDir({ [CONFIG]: 'gates:\n  D69:\n    params:\n      non_vm_hosts: pve\n' });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'spine-hooks: spine-hooks.config.yaml:4:7: parameter "non_vm_hosts" of gate D69 must be a list, ' +
        'like its default ["pve","proxmox-home","nas","vault","ha","pihole-home","download-home"]\n',
    );
  });

  test('an unknown lane given to a gate in the config is reported in the config', async () => {
    const dir = tempDir({ [CONFIG]: 'gates:\n  D69:\n    lanes: [core, network]\n' });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:3:\d+: unknown lane "network"/);
  });

  test('a gate module reading an unknown collection is exit 2 at its reads', async () => {
    const dir = tempDir({
      'gates/x.js': `module.exports = { meta: { reads: ['printerz'] }, check: () => [] };`,
      [CONFIG]:
        'add_gates:\n  - { id: D503, name: x, description: x, severity: warn, lanes: [core], fix_hint: x, module: ./gates/x.js, reads: [printerz] }\n',
    });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spine-hooks: spine-hooks\.config\.yaml:2:\d+: unknown collection "printerz"; valid: vms, /);
  });

  test('a gate module without reads is exit 2: what a gate reads is declared, never learnt by running it', async () => {
    const dir = tempDir({
      'gates/x.js': `module.exports = { meta: { reads: ['vms'] }, check: () => [] };`,
      [CONFIG]: 'add_gates:\n  - { id: D503, name: x, description: x, severity: warn, lanes: [core], fix_hint: x, module: ./gates/x.js }\n',
    });
    const r = await runCli(['--all'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^spine-hooks: spine-hooks\.config\.yaml:2:\d+: \/add_gates\/0 must have property reads when property module is present/,
    );
  });
});
