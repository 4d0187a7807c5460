import { prepare } from '../../src/run';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import { findWeakenings, type Weakening } from '../../src/governance/findWeakenings';
import { governanceInputs } from '../../src/governance/governanceInputs';
import { paramRoles } from '../../src/governance/paramRoles';
import { schemaLoosening } from '../../src/governance/schemaLoosening';
import { tempDir } from '../helpers/tempDir';
import { defaultRegistry } from '../helpers/gateHarness';
import { CONFIG, C, BASELINE } from '../helpers/paths';

const cwd = tempDir();

/**
 * The weakenings of a change: the configuration (null: none) and files before and after. Every file
 * that differs is "changed", as a staged diff or a commit would say.
 */
async function weakenings(
  beforeCfg: string | null,
  afterCfg: string | null,
  files: { before?: Record<string, string>; after?: Record<string, string> } = {},
): Promise<Array<Pick<Weakening, 'gate' | 'kind' | 'key'> & { at: string }>> {
  const b: Record<string, string> = { ...(files.before ?? {}), ...(beforeCfg === null ? {} : { [CONFIG]: beforeCfg }) };
  const a: Record<string, string> = { ...(files.after ?? files.before ?? {}), ...(afterCfg === null ? {} : { [CONFIG]: afterCfg }) };
  const changed = new Set([...Object.keys(b), ...Object.keys(a)].filter((p) => b[p] !== a[p]));
  const before = prepare({ cwd, configText: beforeCfg }).loaded;
  const after = prepare({ cwd, configText: afterCfg }).loaded;
  const ws = await findWeakenings(
    { loaded: before, snapshot: new MemorySnapshot(b) },
    { loaded: after, snapshot: new MemorySnapshot(a) },
    { configPath: CONFIG, configChanged: changed.has(CONFIG), changed },
  );
  return ws.map((w) => ({ gate: w.gate, kind: w.kind, key: w.key, at: `${w.file}:${w.line}` }));
}

const D69 = (params: string) => `gates:\n  D69:\n    params:\n${params}`;

describe('governance: what weakens a gate, worked out from the configuration', () => {
  const cases: Array<[string, string | null, string | null, Array<Partial<Pick<Weakening, 'gate' | 'kind' | 'key'>> & { at?: string }>]> = [
    ['switching a gate off', null, 'gates:\n  D69: { severity: off }\n', [{ gate: 'D69', kind: 'off', at: `${CONFIG}:2` }]],
    [
      'lowering its severity',
      null,
      'gates:\n  D100:\n    severity: warn\n',
      [{ gate: 'D100', kind: 'severity', key: 'severity', at: `${CONFIG}:3` }],
    ],
    ['raising it (error from warn) is no weakening', 'gates:\n  D100: { severity: warn }\n', 'gates:\n  D100: { severity: error }\n', []],
    ['switching a gate back on is no weakening', 'gates:\n  D69: { severity: off }\n', null, []],
    [
      'widening an exclusion (D69 non_vm_hosts)',
      null,
      D69(`      non_vm_hosts: [pve, proxmox-home, nas, vault, ha, pihole-home, download-home, monitoring]\n`),
      [{ gate: 'D69', kind: 'param', key: 'param:non_vm_hosts', at: `${CONFIG}:4` }],
    ],
    ['narrowing an exclusion is no weakening', null, D69(`      non_vm_hosts: [pve, nas]\n`), []],
    [
      'checking fewer statuses (a scope list shrinks)',
      null,
      D69('      statuses: []\n'),
      [{ gate: 'D69', kind: 'param', key: 'param:statuses' }],
    ],
    [
      'checking more statuses and hypervisors is no weakening',
      null,
      D69('      statuses: [active, stopped]\n      hypervisors: [pve, pve2]\n'),
      [],
    ],
    [
      'accepting more addresses as agreeing (an alternatives list grows)',
      null,
      D69('      ssh_host_fields: [lan_ip, tailscale_ip, public_ip]\n'),
      [{ gate: 'D69', kind: 'param', key: 'param:ssh_host_fields' }],
    ],
    [
      'requiring fewer backup-model fields (a counterpart filter list shrinks)',
      null,
      D69('      backup_model_fields: [backup_profile]\n'),
      [{ gate: 'D69', kind: 'param', key: 'param:backup_model_fields' }],
    ],
    [
      'requiring more backup-model fields is no weakening',
      null,
      D69('      backup_model_fields: [backup_profile, data_class, destination_lane, schedule_class, restore_class, owner]\n'),
      [],
    ],
    [
      'D137: fewer named capabilities, or more exempt from requires',
      null,
      'gates:\n  D137:\n    params:\n      capabilities: [infra.maintenance.window]\n' +
        '      requires_exempt: [infra.proxmox.node_path.migrate, infra.maintenance.window]\n',
      [
        { gate: 'D137', key: 'param:capabilities' },
        { gate: 'D137', key: 'param:requires_exempt' },
      ],
    ],
    ['D137: more prefixes to check is no weakening', null, 'gates:\n  D137:\n    params:\n      name_prefixes: [infra.]\n', []],
    [
      'D140: more statuses left to other gates',
      null,
      'gates:\n  D140:\n    params:\n      checked_elsewhere: [active, registered]\n',
      [{ gate: 'D140', key: 'param:checked_elsewhere' }],
    ],
    [
      'a collection a gate reads, redefined',
      null,
      'collections:\n  health_endpoints:\n    file: services_health\n    shape: list\n    select: endpoints\n    key: id\n    label: "probe {id}"\n',
      ['D69', 'D140', 'D141'].map((gate) => ({ gate, kind: 'collection' as const, key: 'collection:health_endpoints', at: `${CONFIG}:2` })),
    ],
    [
      'a file a gate reads, remapped',
      null,
      'files:\n  ssh_targets: ops/other/ssh.yaml\n',
      ['D54', 'D69', 'D140', 'D141', 'D142', 'D900'].map((gate) => ({
        gate,
        kind: 'file' as const,
        key: 'file:ssh_targets',
        at: `${CONFIG}:2`,
      })),
    ],
    [
      'the override policy loosened weakens every gate',
      'policy:\n  min_reason_length: 30\n',
      'policy:\n  min_reason_length: 5\n',
      defaultRegistry().loaded.registry.gates.map((g) => ({ gate: g.id, kind: 'policy' as const, key: 'policy:min_reason_length' })),
    ],
    ['the override policy tightened is no weakening', null, 'policy:\n  min_reason_length: 40\n', []],
    [
      'only lanes or wording changed: no weakening',
      null,
      'lanes:\n  - id: backup\n    description: Backups.\ngates:\n  D139:\n    lanes: [infra, backup]\n',
      [],
    ],
  ];

  test.each(cases)('%s', async (_name, before, after, expected) => {
    const got = await weakenings(before, after);
    expect(got).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(got).toHaveLength(expected.length);
  });

  const userGate = (rules: string, extra = '') =>
    `add_gates:\n  - id: D1001\n    name: probe-urls\n    description: Probes have URLs.\n    severity: error\n` +
    `    lanes: [infra]\n    fix_hint: Add a url.\n${extra}    rules:\n${rules}`;
  const probeRule = '      - kind: require\n        id: url\n        source: health_endpoints\n        non_empty: [url]\n';
  const idRule = '      - kind: require\n        id: id\n        source: health_endpoints\n        non_empty: [id]\n';

  test('a gate of the configuration: removed, a rule changed, its scope changed; a rule added is no weakening', async () => {
    expect(await weakenings(userGate(probeRule), null)).toEqual([expect.objectContaining({ gate: 'D1001', kind: 'removed' })]);
    // A rule edited in place counts as weaker even when it asks more: rules are not compared clause by clause.
    expect(await weakenings(userGate(probeRule), userGate(probeRule.replace('[url]', '[url, expect]')))).toEqual([
      expect.objectContaining({ gate: 'D1001', kind: 'rules', key: 'rule:url' }),
    ]);
    expect(await weakenings(userGate(probeRule), userGate(probeRule + idRule))).toEqual([]);
    expect(await weakenings(userGate(probeRule + idRule), userGate(idRule))).toEqual([
      expect.objectContaining({ gate: 'D1001', kind: 'rules', key: 'rule:url' }),
    ]);
    expect(await weakenings(userGate(probeRule, '    applies: always\n'), userGate(probeRule))).toEqual([
      expect.objectContaining({ gate: 'D1001', kind: 'scope', key: 'applies' }),
    ]);
  });

  test('a repository schema a gate validates with: looser is a weakening at the line, stricter is not', async () => {
    const gate = userGate(
      '      - kind: schema\n        files:\n          - { file: services_health, schema: schemas-local/health.json }\n',
    );
    const schema = (s: object) => JSON.stringify(s, null, 2) + '\n';
    const strict = schema({ type: 'object', required: ['endpoints'], properties: { endpoints: { type: 'array', minItems: 1 } } });
    const looser = schema({ type: 'object', properties: { endpoints: { type: 'array', minItems: 1 } } });
    const stricter = schema({
      type: 'object',
      required: ['endpoints', 'version'],
      properties: { endpoints: { type: 'array', minItems: 2 } },
    });
    const p = 'schemas-local/health.json';
    expect(await weakenings(gate, gate, { before: { [p]: strict }, after: { [p]: looser } })).toEqual([
      { gate: 'D1001', kind: 'schema', key: `schema:${p}#/required`, at: `${p}:1` },
    ]);
    expect(await weakenings(gate, gate, { before: { [p]: strict }, after: { [p]: stricter } })).toEqual([]);
  });

  test('a gate module whose code changed is a weakening (code cannot be compared)', async () => {
    const gate =
      `add_gates:\n  - id: D1002\n    name: custom\n    description: A module gate.\n    severity: error\n` +
      `    lanes: [infra]\n    fix_hint: Fix it.\n    module: gates/custom.js\n    reads: [vms]\n`;
    const code = 'module.exports = { meta: {}, check: () => [] };\n';
    expect(
      await weakenings(gate, gate, { before: { 'gates/custom.js': code }, after: { 'gates/custom.js': code.replace('[]', '[ ]') } }),
    ).toEqual([{ gate: 'D1002', kind: 'module', key: 'module:gates/custom.js', at: 'gates/custom.js:0' }]);
  });

  const contract = (registered: string, decommissioned = 'placeholders: true, live: false') =>
    `required_vm_fields: [vmid, hostname, status]\nstatuses:\n` +
    `  - { status: active, phase: OPERATE, touchpoints: [ssh-target, backup], placeholders: false, live: true }\n` +
    `  - { status: registered, phase: REGISTER, ${registered} }\n` +
    `  - { status: decommissioned, phase: DECOMMISSION, touchpoints: [], ${decommissioned} }\n`;
  const reg = 'touchpoints: [lan-ip, ssh-target], placeholders: false, live: true';

  test("the repository's lifecycle contract asking less of a status weakens the gates that read it, at the line", async () => {
    const before = { [C]: contract(reg) };
    expect(await weakenings(null, null, { before, after: { [C]: contract(reg.replace('lan-ip, ', '')) } })).toEqual([
      { gate: 'D140', kind: 'contract', key: 'contract:lifecycle_phases:registered:touchpoints', at: `${C}:4` },
    ]);
    expect(
      await weakenings(null, null, { before, after: { [C]: contract(reg.replace('placeholders: false', 'placeholders: true')) } }),
    ).toEqual([
      expect.objectContaining({ gate: 'D140', key: 'contract:lifecycle_phases:registered:placeholders' }),
      expect.objectContaining({ gate: 'D142', key: 'contract:lifecycle_phases:registered:placeholders' }),
    ]);
    expect(await weakenings(null, null, { before, after: { [C]: contract(reg, 'placeholders: true, live: true') } })).toEqual([
      expect.objectContaining({ gate: 'D141', key: 'contract:lifecycle_phases:decommissioned:live' }),
    ]);
    // Asking more, a new status, or a removed one (whose VMs D140 then reports) is no weakening.
    expect(await weakenings(null, null, { before, after: { [C]: contract(reg.replace('lan-ip, ', 'lan-ip, registry-host, ')) } })).toEqual(
      [],
    );
    expect(
      await weakenings(null, null, {
        before,
        after: { [C]: contract(reg) + '  - { status: parked, phase: OPERATE, touchpoints: [], placeholders: true, live: true }\n' },
      }),
    ).toEqual([]);
    // The contract's required fields (D86) shrinking.
    expect(
      await weakenings(null, null, { before, after: { [C]: contract(reg).replace('[vmid, hostname, status]', '[vmid, status]') } }),
    ).toEqual([expect.objectContaining({ gate: 'D86', kind: 'list' })]);
  });

  const entry = (fingerprint: string, gate = 'D69', more: object = {}) => ({
    fingerprint,
    gate,
    check: 'coverage/health',
    entity: 'monitoring',
    ...more,
  });
  const baseline = (...entries: object[]) => JSON.stringify({ version: 1, entries }, null, 2) + '\n';

  test('the baseline: each new entry weakens its gate, at its line; removed or re-worded entries, and entries of no running gate, do not', async () => {
    const before = { [BASELINE]: baseline(entry('aaaaaaaaaaaaaaaa')) };
    const grown = baseline(entry('aaaaaaaaaaaaaaaa'), entry('bbbbbbbbbbbbbbbb', 'D86'));
    expect(await weakenings(null, null, { before, after: { [BASELINE]: grown } })).toEqual([
      { gate: 'D86', kind: 'baseline', key: 'baseline:bbbbbbbbbbbbbbbb', at: `${BASELINE}:10` },
    ]);
    // A first baseline: every entry is new.
    expect(await weakenings(null, null, { after: { [BASELINE]: grown } })).toEqual([
      expect.objectContaining({ gate: 'D69', key: 'baseline:aaaaaaaaaaaaaaaa' }),
      expect.objectContaining({ gate: 'D86', key: 'baseline:bbbbbbbbbbbbbbbb' }),
    ]);
    // The same fingerprint filed under another gate is a new entry of that gate (the baseline matches gate and fingerprint).
    expect(await weakenings(null, null, { before, after: { [BASELINE]: baseline(entry('aaaaaaaaaaaaaaaa', 'D54')) } })).toEqual([
      expect.objectContaining({ gate: 'D54', key: 'baseline:aaaaaaaaaaaaaaaa' }),
    ]);
    expect(await weakenings(null, null, { before: { [BASELINE]: grown }, after: before })).toEqual([]);
    expect(
      await weakenings(null, null, {
        before,
        after: { [BASELINE]: baseline(entry('aaaaaaaaaaaaaaaa', 'D69', { ref: 'GAP-OP-2', message: 'reworded' })) },
      }),
    ).toEqual([]);
    expect(await weakenings(null, 'gates:\n  D86: { severity: off }\n', { before, after: { [BASELINE]: grown } })).toEqual([
      expect.objectContaining({ gate: 'D86', kind: 'off' }),
    ]);
  });

  test('nothing changed, nothing weakened; a first configuration is judged against the shipped defaults', async () => {
    expect(await weakenings(D69('      statuses: [active]\n'), D69('      statuses: [active]\n'))).toEqual([]);
    expect(await weakenings(null, 'gates:\n  D139: { severity: off }\n')).toEqual([expect.objectContaining({ gate: 'D139', kind: 'off' })]);
  });

  test(
    'the inputs whose change can weaken: the configuration, the baseline, schemas and modules of gates, ' +
      'lists read as requirements, configuring collections',
    () => {
      const loaded = prepare({ cwd, configText: null }).loaded;
      expect(governanceInputs(loaded, CONFIG).sort()).toEqual(
        [CONFIG, '.spine-hooks/baseline.json', 'ops/bindings/vm.lifecycle.contract.yaml'].sort(),
      );
    },
  );

  test('every parameter of the shipped gates has the role its use gives it; a parameter used two ways, or as a single value, is opaque', () => {
    const { loaded } = defaultRegistry();
    const roles = Object.fromEntries(
      loaded.registry.gates.flatMap((g) =>
        Object.keys(g.params ?? {}).map((p) => [`${g.id}.${p}`, paramRoles(loaded.declared[g.id].rules).get(p) ?? 'unused']),
      ),
    );
    expect(roles).toEqual({
      'D69.statuses': 'requirement',
      'D69.hypervisors': 'requirement',
      'D69.non_vm_hosts': 'exclusion',
      'D69.ssh_host_fields': 'alternatives',
      'D69.backup_model_fields': 'requirement',
      // Selects the VMs that need a profile (more: stronger) and the VMs a profile may belong to (more: weaker).
      'D86.statuses': 'opaque',
      'D100.statuses': 'requirement',
      'D100.hypervisors': 'requirement',
      'D137.capabilities': 'requirement',
      'D137.requires_exempt': 'exclusion',
      'D137.name_prefixes': 'requirement',
      // The sites a phase may name (more: weaker) and the sites that must appear (more: stronger).
      'D138.sites': 'opaque',
      'D139.nas_device': 'requirement',
      'D139.nas_host': 'opaque',
      'D139.nas_path_pattern': 'opaque',
      'D139.offsite_name_pattern': 'opaque',
      'D139.host_lanes': 'requirement',
      'D139.runtime_unit_kinds': 'requirement',
      'D140.hypervisors': 'requirement',
      'D140.checked_elsewhere': 'exclusion',
    });
  });
});

describe('schemaLoosening: a new schema accepting more than the old one', () => {
  const base = {
    type: 'object',
    required: ['a', 'b'],
    additionalProperties: false,
    properties: {
      a: { type: 'string', minLength: 1, pattern: '^x' },
      b: { enum: [1, 2] },
      c: { type: 'array', maxItems: 3, items: { type: 'integer' } },
    },
  };
  const edit = (f: (s: typeof base & Record<string, unknown>) => void) => {
    const s = structuredClone(base) as typeof base & Record<string, unknown>;
    f(s);
    return s;
  };
  const looser: Array<[string, object, string]> = [
    ['a required key dropped', edit((s) => (s.required = ['a'])), '/required'],
    ['a type widened', edit((s) => (s.properties.a.type = ['string', 'null'] as never)), '/properties/a/type'],
    ['an enum value added', edit((s) => s.properties.b.enum.push(3)), '/properties/b/enum'],
    ['a minimum length lowered', edit((s) => (s.properties.a.minLength = 0)), '/properties/a/minLength'],
    ['a maximum raised', edit((s) => (s.properties.c.maxItems = 9)), '/properties/c/maxItems'],
    ['a pattern changed', edit((s) => (s.properties.a.pattern = '^y')), '/properties/a/pattern'],
    ['additional properties allowed', edit((s) => (s.additionalProperties = true as never)), '/additionalProperties'],
    ['a constraint removed', edit((s) => delete (s.properties.a as Record<string, unknown>).pattern), '/properties/a/pattern'],
    ['an item type widened', edit((s) => (s.properties.c.items = { type: 'number' } as never)), '/properties/c/items/type'],
    ['an alternative added', { ...base, anyOf: [{ required: ['a'] }, { required: ['c'] }] }, ''],
  ];
  test.each(looser)('looser: %s', (_n, after, pointer) => {
    const before = _n === 'an alternative added' ? { ...base, anyOf: [{ required: ['a'] }] } : base;
    expect(schemaLoosening(before, after).map((l) => l.pointer)).toContain(pointer === '' ? '/anyOf/1' : pointer);
  });

  const notLooser: Array<[string, object]> = [
    ['identical', structuredClone(base)],
    ['only descriptions changed', edit((s) => (s.description = 'now documented'))],
    ['a required key added', edit((s) => s.required.push('c'))],
    ['a type narrowed (number to integer)', edit((s) => (s.properties.c.items = { type: 'integer', minimum: 0 } as never))],
    ['an enum value removed', edit((s) => (s.properties.b.enum = [1]))],
    ['a new keyword (more constraints)', edit((s) => ((s.properties.a as Record<string, unknown>).maxLength = 40))],
    ['a property removed where no other is allowed', edit((s) => delete (s.properties as Record<string, unknown>).c)],
  ];
  test.each(notLooser)('not looser: %s', (_n, after) => {
    expect(schemaLoosening(base, after)).toEqual([]);
  });
});

describe('strictness declarations are checked like the rest of the configuration', () => {
  test('a strictness naming an unknown gate is exit 2 at its line', () => {
    const text =
      'collections:\n  phases_copy:\n    file: vm_lifecycle_contract\n    shape: list\n    select: statuses\n' +
      '    key: status\n    strictness:\n      - { field: touchpoints, loosens: fewer, gates: [D1404] }\n';
    expect(() => prepare({ cwd, configText: text })).toThrow(/strictness of collection phases_copy names unknown gate "D1404"/);
    try {
      prepare({ cwd, configText: text });
    } catch (e) {
      expect((e as { line?: number }).line).toBe(8);
    }
  });
});
