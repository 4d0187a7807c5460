import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/run';
import { corpusSuite } from '../helpers/corpus';
import type { RunResult } from '../../src/types';
import { CAP, CONFIG, corpusSnapshot } from '../helpers/paths';

/**
 * The real repository snapshots in ../shared/corpus (see its README for the original gates' verdicts).
 * They are not part of this repository; where they are absent the suite says so and skips.
 */

/**
 * D142 on the real data, checked by hand against the files: five VMs name a backup_target of the
 * short form `vm-<id>-primary` while backup.inventory.yaml names the jobs `vm-<id>-<hostname>-primary`
 * (on every snapshot); on 2026-02-17 the disabled compose target vaultwarden-home still named the SSH
 * target `vault`, removed with VM 102 the day before (by 2026-03-05 its ssh_target was "normalized to
 * existing canonical target", in the file's own words). D140 and D141 pass on all three: every status
 * used is in the contract, and the retired VMs (201, 101, 102, 103) left no live entry behind.
 */
const DANGLING_BACKUP_TARGETS = ['dev-tools', 'ai-consolidation', 'download-stack', 'streaming-stack', 'finance-stack'].map((h) => [
  'backup-target/backup_target',
  h,
  'ops/bindings/vm.lifecycle.yaml',
]);
const d142 = (r: RunResult) => r.gates.find((g) => g.id === 'D142')!.findings.map((f) => [f.check, f.entity, f.file]);

corpusSuite('spine-2026-02-17', 'verdicts on the real corpus snapshots', () => {
  test('spine-2026-02-17: D86 fails for exactly its 13 active VMs lacking vmid; every other seed gate passes; D142 finds the dangling references', async () => {
    const r = await run({ cwd: corpusSnapshot('spine-2026-02-17') });
    expect(Object.fromEntries(r.gates.map((g) => [g.id, g.status]))).toEqual({
      D54: 'pass',
      D69: 'pass',
      D86: 'fail',
      D100: 'pass',
      D137: 'pass',
      D138: 'pass',
      D139: 'pass',
      D140: 'pass',
      D141: 'pass',
      D142: 'fail',
      D900: 'pass',
    });
    expect(d142(r)).toEqual([
      ...DANGLING_BACKUP_TARGETS,
      ['compose-ssh-target/ssh_target', 'vaultwarden-home', 'ops/bindings/docker.compose.targets.yaml'],
    ]);
    const d86 = r.gates.find((g) => g.id === 'D86')!.findings;
    expect(d86.map((f) => f.check)).toEqual(Array(13).fill('contract/field/vmid'));
    expect(d86.map((f) => f.entity).sort()).toEqual(
      [
        'docker-host',
        'automation-stack',
        'immich',
        'infra-core',
        'observability',
        'dev-tools',
        'ai-consolidation',
        'download-stack',
        'streaming-stack',
        'finance-stack',
        'mint-data',
        'mint-apps',
        'homeassistant',
      ].sort(),
    );
  });

  test('spine-2026-02-11: D69 and D54 pass; gates whose files did not exist yet are skipped', async () => {
    const r = await run({ cwd: corpusSnapshot('spine-2026-02-11') });
    const status = Object.fromEntries(r.gates.map((g) => [g.id, g.status]));
    expect(status).toMatchObject({
      D54: 'pass',
      D69: 'pass',
      D86: 'skip',
      D137: 'skip',
      D138: 'skip',
      D139: 'skip',
      D140: 'pass',
      D141: 'pass',
      D142: 'fail',
      D900: 'pass',
    });
    expect(d142(r)).toEqual(DANGLING_BACKUP_TARGETS);
    // D100 was written later; applied to these files it finds the drift they really had.
    expect(r.gates.find((g) => g.id === 'D100')!.findings.map((f) => [f.check, f.entity])).toEqual([
      ['lan-ip/lan-ip-row/lan_ip', 'automation-stack'],
      ['lan-ip/lan-ip-row', 'finance-stack'],
    ]);
  });

  test(
    'spine-2026-03-05: the verdicts of its own gates (D69, D86, D100 fail for VM 215 alone; D54, D138, D139 pass), ' +
      'the duplicate key at both lines',
    async () => {
      const r = await run({ cwd: corpusSnapshot('spine-2026-03-05') });
      expect(Object.fromEntries(r.gates.map((g) => [g.id, g.status]))).toEqual({
        D54: 'pass',
        D69: 'fail',
        D86: 'fail',
        D100: 'fail',
        D137: 'fail',
        D138: 'pass',
        D139: 'pass',
        D140: 'pass',
        D141: 'pass',
        D142: 'fail',
        D900: 'fail',
      });
      expect(d142(r)).toEqual(DANGLING_BACKUP_TARGETS);
      const of = (id: string) => r.gates.find((g) => g.id === id)!.findings.map((f) => [f.check, f.entity, f.severity]);
      // LAN-first SSH targets read right: no address mismatch; the three real gaps of VM 215, and its stack warning.
      expect(of('D69')).toEqual([
        ['touchpoint/registry-host', 'surveillance-stack', 'error'],
        ['touchpoint/backup-model', 'surveillance-stack', 'error'],
        ['touchpoint/health-probe', 'surveillance-stack', 'error'],
        ['touchpoint/stack', 'surveillance-stack', 'warn'],
      ]);
      expect(of('D86')).toEqual([['profile/operating-profile', 'surveillance-stack', 'error']]);
      expect(of('D100')).toEqual([['lan-ip/lan-ip-row', 'surveillance-stack', 'error']]);
      // The duplicate capability is one finding naming both lines; D137 still evaluated the rest of the file.
      for (const id of ['D137', 'D900']) {
        const f = r.gates.find((g) => g.id === id)!.findings;
        expect(f.map((x) => [x.check, x.file, x.line, x.message])).toEqual([
          [
            'file/duplicate-key',
            'ops/capabilities.yaml',
            8594,
            'duplicate key "coordinator.lane.closeout" (also at line 8514); the last one wins',
          ],
        ]);
      }
    },
  );

  test('spine-2026-03-05 with the March prefix list of D137: about 90 capabilities checked, no metadata gap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spine-hooks-corpus-'));
    fs.cpSync(corpusSnapshot('spine-2026-03-05'), dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, CONFIG),
      'gates:\n  D137:\n    params:\n      name_prefixes: [infra., caddy., auth., secrets., cloudflared., pihole., vaultwarden.]\n',
    );
    const r = await run({ cwd: dir, gates: ['D137'] });
    expect(r.gates[0].findings.map((f) => f.check)).toEqual(['file/duplicate-key']);
    // Removing plane from one prefixed capability is found.
    const caps = fs.readFileSync(path.join(dir, CAP), 'utf8');
    const m = /\n {2}(infra\.docker_ps):\n((?: {4}.*\n)*?) {4}plane: [^\n]+\n/.exec(caps)!;
    fs.writeFileSync(path.join(dir, CAP), caps.replace(m[0], `\n  ${m[1]}:\n${m[2]}`));
    const r2 = await run({ cwd: dir, gates: ['D137'] });
    expect(r2.gates[0].findings.map((f) => [f.check, f.entity])).toEqual([
      ['prefixed/field/plane', m[1]],
      ['file/duplicate-key', 'ops/capabilities.yaml#coordinator.lane.closeout'],
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
