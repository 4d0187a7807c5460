import { makeRepo, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { withEdit, type Files } from '../helpers/edits';
import { run } from '../../src/run';
import { RunMemo } from '../../src/engine/RunMemo';
import { fixedClock } from '../../src/records/time';
import { ExitCode, type RunResult } from '../../src/types';
import { H, L, S } from '../helpers/paths';
import { createHash } from 'node:crypto';
import { tempDir, writeFiles } from '../helpers/tempDir';
import { KnownList, RecordCache, RECORDS_LIMIT, type KnownRecords } from '../../src/engine/recordVerdicts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskStore, sha256 } from '../../src/cache/DiskStore';
import { countHits, verdictOf } from '../helpers/keptVsFresh';

/**
 * Per-record incremental evaluation (src/engine/recordVerdicts.ts): a record that passed keeps its
 * verdict while its data and every other input of the rule are unchanged. Over a series of edits,
 * each state's verdict with what earlier states kept is the verdict of a run that kept nothing.
 */
const base = exampleFiles();
const clock = fixedClock(Date.parse('2026-03-01T00:00:00Z'));
const NEW_VM = `  - vmid: 399
    hostname: newcomer
    proxmox_host: pve
    role: scratch
    owner: "@ines"
    status: active
    lan_ip: 172.20.10.99
    tailscale_ip: 100.99.0.99
    ssh_target: newcomer
`;

/** The states, each from the one before: edits of a source record, of a target, drift and its repair. */
const steps: Array<[string, (f: Files) => Files]> = [
  ['the example', (f) => f],
  ["a VM's role reworded", (f) => withEdit(f, L, (t) => t.replace('role: monitoring', 'role: monitoring-and-alerting'))],
  [
    'a VM renamed in the lifecycle alone (drift in the source)',
    (f) => withEdit(f, L, (t) => t.replace(/^ {4}hostname: monitoring$/m, '    hostname: monitoring-x')),
  ],
  ['the name back', (f) => withEdit(f, L, (t) => t.replace(/^ {4}hostname: monitoring-x$/m, '    hostname: monitoring'))],
  ["a VM's probe gone (drift in a target)", (f) => withEdit(f, H, (t) => t.replace(/host: monitoring$/gm, 'host: monitoring-old'))],
  [
    'the probe back, a comment above every VM (records move)',
    (f) =>
      withEdit(
        withEdit(f, H, (t) => t.replace(/host: monitoring-old$/gm, 'host: monitoring')),
        L,
        (t) => t.replace(/\n {2}- vmid:/g, '\n  # moved\n  - vmid:'),
      ),
  ],
  ['a new VM without touchpoints', (f) => withEdit(f, L, (t) => t.replace(/\nvms:\n/, `\nvms:\n${NEW_VM}`))],
  [
    'its SSH target added',
    (f) =>
      withEdit(f, S, (t) =>
        t.replace(/\n {2}targets:\n/, '\n  targets:\n    - id: "newcomer"\n      host: "172.20.10.99"\n      user: "ubuntu"\n'),
      ),
  ],
  // The lifecycle's own defaults block speaks for a VM that writes no hypervisor (review of the caches, stop 26):
  // a VM out of D69's scope while the defaults name another host is in it, without its SSH target, once they name pve.
  [
    'a VM takes its hypervisor from the defaults, which name another host; its SSH target gone',
    (f) =>
      withEdit(
        withEdit(f, L, (t) =>
          t
            .replace('defaults:\n  proxmox_host: pve\n', 'defaults:\n  proxmox_host: elsewhere\n')
            .replace('    hostname: monitoring\n    proxmox_host: pve\n', '    hostname: monitoring\n'),
        ),
        S,
        (t) => t.replace(/ {4}- id: "monitoring"\n( {6}.*\n)*/, ''),
      ),
  ],
  [
    'the defaults name pve again (drift, in the source file outside any record)',
    (f) => withEdit(f, L, (t) => t.replace('  proxmox_host: elsewhere\n', '  proxmox_host: pve\n')),
  ],
  ['the same VM twice', (f) => withEdit(f, L, (t) => t.replace(/\nvms:\n/, `\nvms:\n${NEW_VM}`))],
  ['a value that is not a number', (f) => withEdit(f, L, (t) => t.replace('vmid: 399', 'vmid: .nan'))],
];

const verdict = verdictOf;

test('each state: the verdict with kept passing records is the verdict of a run that kept nothing', async () => {
  let files = base;
  let repo: Repo | undefined;
  const memo = new RunMemo();
  const used = countHits(memo.recordVerdicts);
  const seen = new Set<string>();
  for (const [name, step] of steps) {
    files = step(files);
    repo = makeRepo(files);
    const kept = await run({ cwd: repo.dir, clock, memo });
    const fresh = await run({ cwd: repo.dir, clock });
    expect({ name, verdict: verdict(kept) }).toEqual({ name, verdict: verdict(fresh) });
    seen.add(`${name}: ${fresh.exitCode === ExitCode.Pass ? 'pass' : 'fail'}`);
  }
  // The series passes and fails, and what was kept was used.
  expect(seen).toContain('a VM renamed in the lifecycle alone (drift in the source): fail');
  expect(seen).toContain("a VM's probe gone (drift in a target): fail");
  expect(seen).toContain('a new VM without touchpoints: fail');
  expect(seen).toContain('the name back: pass');
  expect(seen).toContain('the defaults name pve again (drift, in the source file outside any record): fail');
  expect(used.hits).toBeGreaterThan(20);
  expect(memo.recordVerdicts.size).toBeGreaterThan(0);
}, 180_000); // eight states, each run twice and then fresh: minutes on a loaded 2-core machine

/** What RecordCache writes it reads back; an entry in any other shape is a miss, never a partial answer. */
test('kept lists round-trip, are added to, and an entry of another shape is a miss', () => {
  const common = tempDir();
  const cache = new RecordCache(common, 'test-build');
  const h = (i: number) => createHash('sha256').update(String(i)).digest('hex').slice(0, 32);
  const passed = new Map<string, 0 | 1>(Array.from({ length: 50 }, (_, i) => [h(i), i % 3 ? 1 : 0]));
  const asMap = (k: KnownRecords | undefined) => {
    if (!k) return undefined;
    const m = new Map<string, 0 | 1>();
    k.forEach((flag, id) => m.set(id, flag));
    expect(m.size).toBe(k.size);
    for (const [id, flag] of m) expect(k.get(id)).toBe(flag);
    return m;
  };
  cache.set('gate\0rule 0', passed);
  cache.set('gate\0rule 1', new Map());
  cache.set('gate\0rule 3', new Map([[h(1), 1]]));
  cache.add('gate\0rule 3', new Map([[h(60), 0]]));
  cache.flush();
  const again = new RecordCache(common, 'test-build');
  expect(asMap(again.get('gate\0rule 0'))).toEqual(passed);
  expect(asMap(again.get('gate\0rule 1'))).toEqual(new Map());
  expect(again.get('gate\0rule 2')).toBeUndefined();
  expect(asMap(again.get('gate\0rule 3'))).toEqual(
    new Map([
      [h(1), 1],
      [h(60), 0],
    ]),
  );
  expect(again.get('gate\0rule 3')!.get(h(2))).toBeUndefined();
  // Replaced: what the rule knew before is gone, and a hash no rule knows is not written.
  again.set('gate\0rule 3', new Map([[h(2), 1]]));
  again.flush();
  const third = new RecordCache(common, 'test-build');
  expect(asMap(third.get('gate\0rule 3'))).toEqual(new Map([[h(2), 1]]));
  const raw = fs
    .readdirSync(path.join(common, 'spine-hooks', 'records', 'test-build'))
    .map((f) => fs.readFileSync(path.join(common, 'spine-hooks', 'records', 'test-build', f), 'utf8'));
  expect(raw.join('')).not.toContain(h(60));
  // A few records added to a group and nothing else: not worth writing the group again (they are re-checked next time).
  third.add('gate\0rule 3', new Map([[h(70), 1]]));
  third.flush();
  expect(new RecordCache(common, 'test-build').get('gate\0rule 3')!.get(h(70))).toBeUndefined();
  const many = new Map<string, 0 | 1>(Array.from({ length: 70 }, (_, i) => [h(100 + i), 1]));
  third.add('gate\0rule 3', many);
  third.flush();
  expect(new RecordCache(common, 'test-build').get('gate\0rule 3')!.get(h(150))).toBe(1);
  const ids = [...passed.keys()].join('');
  const flags = [...passed.values()].join('');
  const sealed = (entry: unknown) => {
    const dir = tempDir();
    new DiskStore(dir, ['records', 'test-build'], RECORDS_LIMIT).write(sha256('g'), JSON.stringify(entry));
    return asMap(new RecordCache(dir, 'test-build').get('g\0rule 0'));
  };
  expect(sealed({ key: 'g', ids, rules: { 0: flags } })).toEqual(passed);
  for (const bad of [
    { key: 'g', ids: `${ids}0`, rules: { 0: flags } },
    { key: 'g', ids, rules: { 0: `${flags}1` } },
    { key: 'g', ids, rules: { 0: flags.slice(1) } },
    { key: 'g', ids, rules: { 0: flags.replace('1', '2') } },
    { key: 'g', ids: ids.toUpperCase(), rules: { 0: flags } },
    { key: 'g', ids: ids.replace(/^./, 'x'), rules: { 0: flags } },
    { key: 'g', ids, rules: { 0: flags, 1: 'not flags' } },
    { key: 'g', ids, rules: [flags] },
    { key: 'other', ids, rules: { 0: flags } },
    { key: 'g', ids: [...passed.keys()], rules: { 0: flags } },
  ]) {
    // Sealed with the user's key as RecordCache seals it: only the entry's shape is wrong.
    expect(sealed(bad)).toBeUndefined();
  }
});

test("a record that knows its file (file_as) keeps its verdict for that file only, not for another file's equal data", async () => {
  const config = [
    'collections:',
    '  notes: { file: "docs/notes/*.md", shape: document, front_matter: true, file_as: path, entity: "{path}" }',
    'add_gates:',
    '  - { id: D702, name: notes, description: x, severity: error, lanes: [core], fix_hint: x, rules: [',
    "      { kind: require, id: named, source: notes, satisfies: { path: { matches: '/b\\.md$' } } } ] }",
    '',
  ].join('\n');
  const note = '---\nowner: ops\n---\n\n# A note\n';
  const dir = tempDir({ 'spine-hooks.config.yaml': config, 'docs/notes/b.md': note });
  const memo = new RunMemo();
  expect((await run({ cwd: dir, gates: ['D702'], clock, memo })).gates[0].status).toBe('pass');
  writeFiles(dir, { 'docs/notes/a.md': note });
  const kept = await run({ cwd: dir, gates: ['D702'], clock, memo });
  const fresh = await run({ cwd: dir, gates: ['D702'], clock });
  expect(kept.gates[0].findings.map((f) => [f.check, f.entity])).toEqual([['named/satisfies/path', 'docs/notes/a.md']]);
  expect(verdict(kept)).toBe(verdict(fresh));
});

/**
 * A rule that reads the source's own file beside its records (`when` on a block of the lifecycle) is checked
 * whole: the kept verdicts' key leaves that file out (review of the caches, stop 26).
 */
test("a rule whose condition reads the source's own file: the condition's change is never hidden by what was kept", async () => {
  const config = `${base['spine-hooks.config.yaml']}
add_gates:
  - id: D9001
    name: strict-policy-fields
    description: Under a strict policy every VM names its cost centre.
    severity: error
    lanes: [infra]
    fix_hint: Add cost_centre.
    rules:
      - kind: require
        source: vms
        when: { file: vm_lifecycle, select: policy, where: { mode: strict } }
        fields: [cost_centre]
`;
  const relaxed = { ...withEdit(base, L, (t) => `${t}\npolicy:\n  mode: relaxed\n`), 'spine-hooks.config.yaml': config };
  const strict = withEdit(relaxed, L, (t) => t.replace('  mode: relaxed\n', '  mode: strict\n'));
  const memo = new RunMemo();
  const gate = (r: RunResult) => r.gates.find((g) => g.id === 'D9001');
  expect(gate(await run({ cwd: makeRepo(relaxed).dir, clock, memo, gates: ['D9001'] }))?.status).toBe('pass');
  const repo = makeRepo(strict);
  const kept = await run({ cwd: repo.dir, clock, memo, gates: ['D9001'] });
  expect(gate(kept)?.status).toBe('fail');
  expect(verdict(kept)).toBe(verdict(await run({ cwd: repo.dir, clock, gates: ['D9001'] })));
});

/**
 * A rule's passing records are keyed by the files that rule reads, not by every file of its gate: D86's
 * enum check of the operating profiles keeps its verdicts when a VM of the lifecycle (which D86's other
 * rules read) is edited, and the verdicts stay those of a run that kept nothing.
 */
test("a rule's records keep their verdicts when another file of its gate, which the rule does not read, changes", async () => {
  const memo = new RunMemo();
  const asked: Array<[string, boolean]> = [];
  const get = memo.recordVerdicts.get.bind(memo.recordVerdicts);
  memo.recordVerdicts.get = (k: string) => {
    const v = get(k);
    asked.push([k, v !== undefined]);
    return v;
  };
  await run({ cwd: makeRepo(base).dir, clock, memo, gates: ['D86'] });
  asked.length = 0;
  const edited = withEdit(base, L, (t) => t.replace('role: monitoring', 'role: monitoring-and-alerting'));
  const repo = makeRepo(edited);
  const kept = await run({ cwd: repo.dir, clock, memo, gates: ['D86'] });
  // The enum check of the profiles (rule 1) reads no lifecycle: known; the coverage of the VMs (rule 0) reads it too.
  const enumCheck = asked.filter(([k]) => k.startsWith('D86\0') && k.endsWith('\0rule 1'));
  expect(enumCheck.length).toBeGreaterThan(0);
  expect(enumCheck.every(([, hit]) => hit)).toBe(true);
  expect(verdict(kept)).toBe(verdict(await run({ cwd: repo.dir, clock, gates: ['D86'] })));
});

/** What a ci range keeps in the process (KnownList, by record number) answers as the map it was made from. */
test('a kept list in the process answers by hash and lists what it holds, flags and all', () => {
  const h = (i: number) => createHash('sha256').update(`known ${i}`).digest('hex').slice(0, 32);
  const passed = new Map<string, 0 | 1>(Array.from({ length: 3000 }, (_, i) => [h(i), i % 2 ? 1 : 0]));
  const k = KnownList.of(passed);
  expect(k.size).toBe(3000);
  const back = new Map<string, 0 | 1>();
  k.forEach((flag, id) => back.set(id, flag));
  expect(back).toEqual(passed);
  expect(k.get(h(7))).toBe(1);
  expect(k.get(h(8))).toBe(0);
  expect(k.get(h(5000))).toBeUndefined();
  k.set(h(8), 1);
  k.set(h(5000), 0);
  expect([k.get(h(8)), k.get(h(5000)), k.size]).toEqual([1, 0, 3001]);
  // Another list knows nothing of what this one holds, though the numbers are shared.
  expect(new KnownList().get(h(7))).toBeUndefined();
});

/** Groups read with the same list of hashes share it until one of them learns of a record: the other does not. */
test('two kept groups over the same records: what one adds the other does not know', () => {
  const common = tempDir();
  const h = (i: number) => createHash('sha256').update(`shared ${i}`).digest('hex').slice(0, 32);
  const passed = new Map<string, 0 | 1>(Array.from({ length: 100 }, (_, i) => [h(i), 1]));
  const first = new RecordCache(common, 'test-build');
  first.set('gate a\0rule 0', passed);
  first.set('gate b\0rule 0', passed);
  first.flush();
  const again = new RecordCache(common, 'test-build');
  expect(again.get('gate a\0rule 0')!.size).toBe(100);
  expect(again.get('gate b\0rule 0')!.size).toBe(100);
  again.add('gate a\0rule 0', new Map(Array.from({ length: 80 }, (_, i): [string, 0 | 1] => [h(1000 + i), 0])));
  expect(again.get('gate a\0rule 0')!.get(h(1000))).toBe(0);
  expect(again.get('gate b\0rule 0')!.get(h(1000))).toBeUndefined();
  again.flush();
  const third = new RecordCache(common, 'test-build');
  expect([third.get('gate a\0rule 0')!.size, third.get('gate b\0rule 0')!.size]).toEqual([180, 100]);
});
