import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../src/run';
import { corpusSuite } from '../helpers/corpus';
import { fixedClock } from '../../src/records/time';
import type { Finding } from '../../src/types';
import { cookbookConfig, copyCookbookFixture, CORPUS_GATES } from '../helpers/cookbook';
import { corpusSnapshot, CONFIG, L, SR } from '../helpers/paths';
import { editFile, type Edit } from '../helpers/edits';

/**
 * The cookbook (docs/cookbook/): real gates of the upstream repository written as configuration, here those
 * whose files the 2026-03-05 snapshot holds (the others run on fixtures: cookbookFixtures.test.ts). The
 * configuration is read from the pages themselves, so the docs are what runs. On the snapshot the first five
 * pass as of its own day; single-point mutations fail with the right entity and line.
 */
const CORPUS = corpusSnapshot('spine-2026-03-05');
const MARCH_5 = fixedClock(Date.parse('2026-03-05T12:00:00Z'));
/** The recipes that pass on the snapshot as it is. */
const GATES = ['D106', 'D173', 'D262', 'D104', 'D45'];

corpusSuite('spine-2026-03-05', 'cookbook gates on the real 2026-03-05 snapshot', () => {
  let dir: string;
  const file = (rel: string) => path.join(dir, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const lineOf = (rel: string, needle: string, from = 0) => {
    const text = read(rel);
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`${needle} not in ${rel}`);
    return text.slice(0, at).split('\n').length;
  };
  const check = async (gate: string, clock = MARCH_5) => (await run({ cwd: dir, gates: [gate], clock })).gates[0];
  const view = (findings: Finding[]) => findings.map((f) => ({ check: f.check, entity: f.entity, at: `${f.file}:${f.line}` }));
  const mutate = (rel: string, edit: Edit) => editFile(dir, rel, edit);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spine-hooks-cookbook-'));
    fs.cpSync(CORPUS, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, CONFIG), cookbookConfig(CORPUS_GATES));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(GATES)("%s passes as of the snapshot's own day", async (id) => {
    const g = await check(id);
    expect({ status: g.status, findings: view(g.findings) }).toEqual({ status: 'pass', findings: [] });
  });

  test("D104 fails by today's clock: the audit was generated on 2026-02-21", async () => {
    const g = await check('D104', fixedClock(Date.now()));
    expect(view(g.findings)).toEqual([
      {
        check: 'audit/satisfies/generated',
        entity: 'home-dhcp-audit',
        at: `ops/bindings/home.dhcp.audit.yaml:${lineOf('ops/bindings/home.dhcp.audit.yaml', 'generated:')}`,
      },
    ]);
    // Fourteen days after it was generated it still passes; fifteen, it fails.
    expect((await check('D104', fixedClock(Date.parse('2026-03-07T03:00:00Z')))).status).toBe('pass');
    expect((await check('D104', fixedClock(Date.parse('2026-03-08T03:30:00Z')))).status).toBe('fail');
  });

  const M = 'ops/bindings/media.services.yaml';
  const T = 'ops/bindings/topology.sites.yaml';
  const A = 'ops/bindings/home.dhcp.audit.yaml';
  const N = 'ops/bindings/naming.policy.yaml';
  const P = 'ops/bindings/infra.placement.policy.yaml';

  test('D106: two services on one VM given the same port', async () => {
    const undo = mutate(M, (t) => t.replace(/(\n {2}radarr:\n {4}vm: download-stack\n {4}port: )7878/, '$19696'));
    try {
      expect(view((await check('D106')).findings)).toEqual([
        { check: 'port/vm+port', entity: 'radarr', at: `${M}:${lineOf(M, 'vm:', read(M).indexOf('\n  radarr:'))}` },
      ]);
    } finally {
      undo();
    }
  });

  test('D173: a compose target that does not exist, an unknown Proxmox alias, an active site without a vmid range', async () => {
    const undo = mutate(T, (t) =>
      t
        .replace('      - docker-host\n', '      - docker-hots\n')
        .replace('proxmox_alias: pve\n', 'proxmox_alias: pve9\n')
        .replace(/ {4}vmid_range: 200-299\n/, ''),
    );
    try {
      const shop = read(T).indexOf('- id: shop');
      expect(view((await check('D173')).findings)).toEqual([
        { check: 'site/field/vmid_range', entity: 'shop', at: `${T}:${lineOf(T, 'id: shop')}` },
        { check: 'active-site/field/vmid_range', entity: 'shop', at: `${T}:${lineOf(T, 'id: shop')}` },
        { check: 'proxmox-alias/proxmox_alias', entity: 'shop', at: `${T}:${lineOf(T, 'proxmox_alias: pve9', shop)}` },
        { check: 'compose-target/compose_targets', entity: 'shop:docker-hots', at: `${T}:${lineOf(T, 'compose_targets:', shop)}` },
      ]);
    } finally {
      undo();
    }
  });

  test('D262: a duplicated Tailscale address, a registry SSH mapping to nowhere, an unapproved alias where a policy exists', async () => {
    const undoVm = mutate(L, (t) => t.replace('tailscale_ip: 100.114.101.50', 'tailscale_ip: 100.92.156.118'));
    const undoReg = mutate(SR, (t) => t.replace(/(\n {2}immich:\n(?: {4}.*\n)*? {4}ssh: )[^\n]+/, '$1immich-gone'));
    fs.writeFileSync(file('ops/bindings/tailscale.ssh.lifecycle.contract.yaml'), 'approved_alias_overrides: []\n');
    try {
      const found = view((await check('D262')).findings);
      expect(found).toEqual([
        {
          check: 'vm-tailscale-ip/tailscale_ip',
          entity: 'immich',
          at: `${L}:${lineOf(L, 'tailscale_ip: 100.92.156.118', read(L).indexOf('hostname: immich'))}`,
        },
        { check: 'registry-ssh/ssh', entity: 'immich', at: `${SR}:${lineOf(SR, 'ssh: immich-gone')}` },
        // homeassistant reaches its SSH target through the alias `ha`: with a policy, it must be approved.
        { check: 'alias/approved', entity: 'homeassistant', at: `${L}:${lineOf(L, 'hostname: homeassistant')}` },
      ]);
    } finally {
      undoVm();
      undoReg();
      fs.rmSync(file('ops/bindings/tailscale.ssh.lifecycle.contract.yaml'));
    }
  });

  test('D104: an audit that checked no device', async () => {
    const undo = mutate(A, (t) => t.replace(/registry_devices_checked: \d+/, 'registry_devices_checked: 0'));
    try {
      expect(view((await check('D104')).findings)).toEqual([
        {
          check: 'audit/min/summary.registry_devices_checked',
          entity: 'home-dhcp-audit',
          at: `${A}:${lineOf(A, 'registry_devices_checked:')}`,
        },
      ]);
    } finally {
      undo();
    }
  });

  test('D45: a host missing from its surfaces, and a placement kind that disagrees', async () => {
    const undoN = mutate(N, (t) =>
      t.replace(
        '\nhosts:\n',
        '\nhosts:\n  - canonical_name: ghost-box\n    kind: vm\n    site: shop\n' +
          '    surfaces: { ssh_target: true, placement: false, compose_target: true, device_identity: true }\n\n',
      ),
    );
    const undoP = mutate(P, (t) => t.replace(/(\n {2}infra-core:\n {4}site: shop\n {4}kind: )vm/, '$1lxc'));
    try {
      const ghost = lineOf(N, 'canonical_name: ghost-box');
      expect(view((await check('D45')).findings)).toEqual([
        { check: 'surface/ssh-target', entity: 'ghost-box', at: `${N}:${ghost}` },
        {
          check: 'surface/placement/kind',
          entity: 'infra-core',
          at: `${N}:${lineOf(N, 'kind:', read(N).indexOf('canonical_name: infra-core'))}`,
        },
        { check: 'surface/compose-target', entity: 'ghost-box', at: `${N}:${ghost}` },
        { check: 'surface/device-identity', entity: 'ghost-box', at: `${N}:${ghost}` },
      ]);
    } finally {
      undoN();
      undoP();
    }
  });
  test('D37: the snapshot holds the policy but not its checker (ops/plugins/ is not in it): the gate fails there, as the script does', async () => {
    const PP = 'ops/bindings/infra.placement.policy.yaml';
    const CHECKER = 'ops/plugins/infra/bin/infra-placement-policy-check';
    const policy = { check: 'policy/expect/checker', entity: 'infra-placement-policy', at: `${PP}:${lineOf(PP, 'version:')}` };
    expect(view((await check('D37')).findings)).toEqual([policy]);
    fs.mkdirSync(path.dirname(file(CHECKER)), { recursive: true });
    fs.writeFileSync(file(CHECKER), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    try {
      expect(view((await check('D37')).findings)).toEqual([policy]); // a file, not executable
      fs.chmodSync(file(CHECKER), 0o755);
      expect((await check('D37')).status).toBe('pass');
      const undo = mutate(PP, () => 'sites: [\n');
      try {
        expect(view((await check('D37')).findings)).toEqual([{ check: 'file/parse', entity: undefined, at: `${PP}:2` }]);
      } finally {
        undo();
      }
    } finally {
      fs.rmSync(file('ops/plugins'), { recursive: true });
    }
  });

  describe('D58 on the snapshot, with a registry of invented SSOTs and an exemptions list laid over it', () => {
    const REG = 'docs/governance/SSOT_REGISTRY.yaml';
    const EX = 'ops/bindings/binding.freshness.exemptions.yaml';
    const DI = 'docs/governance/DEVICE_IDENTITY_SSOT.md';
    const VC = 'ops/bindings/vm.lifecycle.contract.yaml';
    const VP = 'ops/bindings/vm.operating.profile.yaml';
    const on = (iso: string) => fixedClock(Date.parse(iso));
    beforeAll(() => copyCookbookFixture('D58', dir));
    afterAll(() => [REG, EX].forEach((f) => fs.rmSync(file(f))));

    test("fresh as of the snapshot's day, and to the last second of the 21st day after 2026-02-21", async () => {
      expect(view((await check('D58')).findings)).toEqual([]);
      expect(view((await check('D58', on('2026-03-14T23:59:59Z'))).findings)).toEqual([]);
    });

    test("stale from 2026-03-15, in whole days; the registry's rows from their own 22nd day", async () => {
      const doc = { check: 'doc/satisfies/last_verified', entity: DI, at: `${DI}:${lineOf(DI, 'last_verified:')}` };
      const contract = { check: 'binding/satisfies/updated', entity: VC, at: `${VC}:${lineOf(VC, 'updated:')}` };
      // The script reads a binding's updated: in its first 20 lines only; this one is on line 46 (see the page).
      const profile = { check: 'binding/satisfies/updated', entity: VP, at: `${VP}:${lineOf(VP, '\nupdated:') + 1}` };
      expect(view((await check('D58', on('2026-03-15T00:00:00Z'))).findings)).toEqual([doc, contract, profile]);
      const plan = {
        check: 'ssot/satisfies/last_reviewed',
        entity: 'network-plan',
        at: `${REG}:${lineOf(REG, 'last_reviewed: "2026-02-24"')}`,
      };
      expect(view((await check('D58', on('2026-03-18T00:00:00Z'))).findings)).toEqual([plan, doc, contract, profile]);
    });

    test("the threshold is the tenant profile's override where it sets one (as the upstream runner exports it)", async () => {
      const TP = 'ops/bindings/tenant.profile.yaml';
      fs.writeFileSync(file(TP), 'policy:\n  preset: balanced\n  overrides:\n    stale_ssot_max_days: 14\n');
      try {
        expect((await check('D58', on('2026-03-07T23:59:59Z'))).status).toBe('pass');
        expect(view((await check('D58', on('2026-03-08T00:00:00Z'))).findings).map((f) => f.entity)).toEqual([DI, VC, VP]);
      } finally {
        fs.rmSync(file(TP));
      }
    });

    test('an exempt binding is not judged; the exemptions may be absent', async () => {
      const undo = mutate(EX, (t) => `${t}  - file: vm.lifecycle.contract.yaml\n    rationale: inventory\n`);
      try {
        expect(view((await check('D58', on('2026-03-15T00:00:00Z'))).findings).map((f) => f.entity)).toEqual([DI, VP]);
      } finally {
        undo();
      }
      const kept = read(EX);
      fs.rmSync(file(EX));
      try {
        expect((await check('D58')).status).toBe('pass');
      } finally {
        fs.writeFileSync(file(EX), kept);
      }
    });

    test('an authoritative document that does not say when it was verified warns; the registry is required', async () => {
      const undo = mutate(DI, (t) => t.replace(/last_verified: [^\n]*\n/, ''));
      try {
        expect(await check('D58')).toMatchObject({
          status: 'warn',
          findings: [expect.objectContaining({ check: 'doc-undated/field/last_verified', entity: DI, line: 2, severity: 'warn' })],
        });
      } finally {
        undo();
      }
      const kept = read(REG);
      fs.rmSync(file(REG));
      try {
        expect(view((await check('D58')).findings)).toEqual([{ check: 'file/missing', entity: undefined, at: `${REG}:0` }]);
      } finally {
        fs.writeFileSync(file(REG), kept);
      }
    });
  });
});
