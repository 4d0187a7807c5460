import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/runCli';
import { tempDir, readTree } from '../helpers/tempDir';
import { makeRepo } from '../helpers/gitRepo';
import { SchemaValidator } from '../../src/schema/SchemaValidator';
import { corpusSuite } from '../helpers/corpus';
import { L, BASELINE, corpusSnapshot, schemaFile } from '../helpers/paths';
import { editFile } from '../helpers/edits';

const CORPUS = corpusSnapshot('spine-2026-02-17');

/**
 * A copy of the 2026-02-17 snapshot: D86 fails for 13 active VMs (the known GAP-OP-037), D142 for five
 * dangling backup_targets and a compose target's removed SSH target: 19 findings.
 */
function corpusCopy(): string {
  return tempDir(readTree(CORPUS));
}

corpusSuite('spine-2026-02-17', 'baseline of known gaps (on a copy of the real 2026-02-17 snapshot)', () => {
  test('update without --accept-new adds nothing and fails on the new findings (the ratchet)', async () => {
    const dir = corpusCopy();
    const r = await runCli(['baseline', 'update', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0 kept, 0 fixed and removed, 0 added, 19 new findings not added');
    expect(fs.existsSync(path.join(dir, BASELINE))).toBe(false);
  });

  test('accepted with a reference and owner, baselined findings print as pre-existing and do not fail', async () => {
    const dir = corpusCopy();
    const u = await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-OP-037', '--owner', '@ines', '--cwd', dir]);
    expect(u.code).toBe(0);
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, BASELINE), 'utf8'));
    expect(baseline.entries).toHaveLength(19);
    expect(baseline.entries[0]).toMatchObject({
      gate: 'D86',
      check: 'contract/field/vmid',
      ref: 'GAP-OP-037',
      owner: '@ines',
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const v = new SchemaValidator({ precompiled: false });
    expect(v.validate(v.compileFile(schemaFile('baseline.schema.json')), baseline)).toEqual([]);

    const r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}D86 /m);
    expect(r.stdout).toContain(
      'D86 ops/bindings/vm.lifecycle.yaml:30:5 pre-existing (GAP-OP-037) VM 200 (docker-host): missing required field "vmid"',
    );
    expect(r.stdout).toContain('19 pre-existing or overridden');
    const all = await runCli(['--all', '--no-baseline', '--cwd', dir]);
    expect(all.code).toBe(1);
  });

  test('fixed entries are reported, then removed by the next update; new drift still fails', async () => {
    const dir = corpusCopy();
    await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-OP-037', '--cwd', dir]);
    // Fix one VM (it gains `vmid`), and move every record down a line: fingerprints ignore lines.
    editFile(dir, L, (t) => t.replace('vms:\n', 'vms:\n\n').replace('  - id: 203\n', '  - id: 203\n    vmid: 203\n'));
    let r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 baseline entry no longer found (fixed)');
    expect(r.stdout).toContain('  D86 contract/field/vmid immich (GAP-OP-037)');
    r = await runCli(['baseline', 'update', '--cwd', dir]);
    expect(r.stdout).toContain('fixed    D86 contract/field/vmid immich (GAP-OP-037): removed from the baseline');
    expect(r.stdout).toContain('18 kept, 1 fixed and removed, 0 added');
    expect(JSON.parse(fs.readFileSync(path.join(dir, BASELINE), 'utf8')).entries).toHaveLength(18);
    // New drift is not covered by the baseline.
    editFile(dir, L, (t) =>
      t
        .replace('hostname: immich\n', 'hostname: immich\n    status_note: x\n')
        .replace('tailscale_ip: 100.114.101.50', 'tailscale_ip: PENDING_TS'),
    );
    r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/D69 .* error VM 203 \(immich\): tailscale_ip holds the placeholder "PENDING_TS"/);
  });

  test('the baseline applies in pre-commit and ci, read from the index and from each commit', async () => {
    const dir = corpusCopy();
    await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-OP-037', '--cwd', dir]);
    const repo = makeRepo(readTree(dir), { dir });
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [L]: repo.read(L) + '\n# touched\n' });
    repo.git(['add', L]);
    let r = await runCli(['--staged', '--cwd', dir]);
    expect(r.code).toBe(0);
    // The hook report lists only what is open; known gaps are counted.
    expect(r.stdout).not.toContain('pre-existing (GAP-OP-037)');
    expect(r.stdout).toContain('19 pre-existing or overridden');
    repo.git(['commit', '-q', '-m', 'touch lifecycle']);
    r = await runCli(['ci', '--from', start, '--cwd', dir]);
    expect(r.code).toBe(0);
    expect((await runCli(['ci', '--from', start, '--cwd', dir, '--no-baseline'])).code).toBe(1);
  });

  test('receipts: --all and ci write a schema-valid receipt named by the run key, and print the key', async () => {
    const dir = corpusCopy();
    await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-OP-037', '--cwd', dir]);
    const receipts = tempDir();
    const r = await runCli(['--all', '--quiet', '--cwd', dir, '--receipt', receipts]);
    const key = /receipt (CAP-\d{8}-\d{6}__spine\.verify__R[0-9A-F]{6})/.exec(r.stderr)?.[1];
    expect(key).toBeDefined();
    const receipt = JSON.parse(fs.readFileSync(path.join(receipts, `${key}.json`), 'utf8'));
    const v = new SchemaValidator({ precompiled: false });
    expect(v.validate(v.compileFile(schemaFile('receipt.schema.json')), receipt)).toEqual([]);
    expect(receipt).toMatchObject({ runKey: key, mode: 'all', exitCode: 0, git: null });
    expect(receipt.gates.map((g: { id: string }) => g.id)).toEqual([
      'D54',
      'D69',
      'D86',
      'D100',
      'D137',
      'D138',
      'D139',
      'D140',
      'D141',
      'D142',
      'D900',
    ]);
    expect(receipt.baseline.applied).toHaveLength(19);

    const repo = makeRepo(readTree(dir), { dir });
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [L]: repo.read(L) + '\n' });
    repo.git(['commit', '-q', '-am', 'touch']);
    const c = await runCli(['ci', '--from', start, '--cwd', dir, '--receipt', receipts]);
    const ciKey = /receipt (CAP-\S+)/.exec(c.stderr)?.[1];
    const ciReceipt = JSON.parse(fs.readFileSync(path.join(receipts, `${ciKey}.json`), 'utf8'));
    expect(v.validate(v.compileFile(schemaFile('receipt.schema.json')), ciReceipt)).toEqual([]);
    expect(ciReceipt).toMatchObject({ mode: 'ci', git: { head: repo.git(['rev-parse', 'HEAD']).trim(), branch: 'main' } });
  });

  test('a broken baseline file is exit 2 with file:line', async () => {
    const dir = corpusCopy();
    fs.mkdirSync(path.join(dir, '.spine-hooks'));
    fs.writeFileSync(path.join(dir, BASELINE), '{\n  "version": 1,\n  "entries": [ { "gate": "D86" } ]\n}\n');
    const r = await runCli(['--all', '--cwd', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^spine-hooks: \.spine-hooks\/baseline\.json:3:\d+: invalid baseline: \/entries\/0 missing required property "fingerprint"/,
    );
  });
});
