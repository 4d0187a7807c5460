import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/tempDir';
import { fixRepository, planFixes } from '../../src/fix';
import { prepare, runPrepared, selectedInputs } from '../../src/run';
import { FsSnapshot } from '../../src/workspace/FsSnapshot';
import { Workspace } from '../../src/workspace/Workspace';
import { CollectionStore } from '../../src/records/CollectionStore';
import { appendRow, setCell } from '../../src/fix/tableEdits';
import { appendItem, setField } from '../../src/fix/yamlEdits';
import { parseDocument } from 'yaml';

/**
 * Edits a person would have made: everything untouched stays byte-identical (comments, anchors, flow
 * sequences, quoting, CRLF, a BOM, the file's mode), a file's fixes apply together or not at all, a file that
 * does not parse or is a link is never rewritten, and nothing is left behind by the atomic write.
 */
const GATE = {
  id: 'D9000',
  name: 'fix-roundtrip',
  description: 'Every VM has an SSH target.',
  severity: 'error',
  lanes: ['core'],
  fix_hint: 'Add it.',
  rules: [
    {
      kind: 'coverage',
      id: 'touch',
      source: 'vms',
      requirements: [{ id: 'ssh', target: 'targets', match: { source: 'name', target: 'id' }, parity: [{ source: 'ip', target: 'host' }] }],
    },
  ],
};
const config = (rules: unknown[] = GATE.rules) =>
  JSON.stringify({
    files: { vms: 'vms.yaml', targets: 'targets.yaml' },
    collections: {
      vms: { file: 'vms', shape: 'list', select: 'vms', key: 'name' },
      targets: { file: 'targets', shape: 'list', select: 'ssh.targets', key: 'id' },
    },
    add_gates: [{ ...GATE, rules }],
  });
const VMS = 'vms:\n  - { name: web, ip: 10.0.0.1 }\n  - { name: db, ip: 10.0.0.2 }\n';

/** A targets file rich in what must survive: comments, an anchor and its alias, a flow sequence, a block scalar. */
const TARGETS = [
  '# SSH targets (authoritative)',
  'defaults: &defaults',
  '  port: 22  # the usual',
  'ssh:',
  '  <<: *defaults',
  '  targets:',
  "    - id: 'web'        # front end",
  '      host: 10.0.0.1',
  '      tags: [web, "front", prod]',
  '      notes: |',
  '        Serves the shop.',
  '        Keep it up.',
  '',
  '# trailing comment',
  '',
].join('\n');

function estate(targets: string | Buffer, extra: Record<string, string> = {}, rules?: unknown[]): string {
  const dir = tempDir({ 'spine-hooks.config.yaml': config(rules), 'vms.yaml': VMS, ...extra });
  fs.writeFileSync(path.join(dir, 'targets.yaml'), targets);
  return dir;
}

const read = (dir: string) => fs.readFileSync(path.join(dir, 'targets.yaml'));

describe('round trip', () => {
  test('untouched lines stay byte-identical; the new item follows its neighbour (indentation, quoting)', async () => {
    const dir = estate(TARGETS);
    const out = await fixRepository({ cwd: dir, gates: ['D9000'], write: true });
    expect(out.written).toEqual(['targets.yaml']);
    const lines = TARGETS.split('\n');
    const added = ["    - id: 'db'", '      host: 10.0.0.2'];
    // Inserted after the last item (its block scalar included), before the blank line and the trailing comment.
    expect(read(dir).toString('utf8')).toBe([...lines.slice(0, 12), ...added, ...lines.slice(12)].join('\n'));
    const again = await fixRepository({ cwd: dir, gates: ['D9000'] });
    expect(again.plan.files).toEqual([]);
  });

  test('CRLF stays CRLF, a BOM stays, the mode stays, and no temporary file is left', async () => {
    const crlf = Buffer.from(`\uFEFF${TARGETS.replace(/\n/g, '\r\n')}`, 'utf8');
    const dir = estate(crlf);
    fs.chmodSync(path.join(dir, 'targets.yaml'), 0o640);
    const out = await fixRepository({ cwd: dir, gates: ['D9000'], write: true });
    expect(out.written).toEqual(['targets.yaml']);
    const after = read(dir).toString('utf8');
    expect(after.startsWith('\uFEFF')).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(after).toContain("\r\n    - id: 'db'\r\n      host: 10.0.0.2\r\n");
    expect(after.replace("    - id: 'db'\r\n      host: 10.0.0.2\r\n", '')).toBe(crlf.toString('utf8'));
    expect(fs.statSync(path.join(dir, 'targets.yaml')).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  test('a flow sequence of targets gets a flow item', async () => {
    const text = 'ssh:\n  targets: [{ id: web, host: 10.0.0.1 }]  # one line\n';
    const dir = estate(text);
    await fixRepository({ cwd: dir, gates: ['D9000'], write: true });
    expect(read(dir).toString('utf8')).toBe('ssh:\n  targets: [{ id: web, host: 10.0.0.1 }, { id: db, host: 10.0.0.2 }]  # one line\n');
  });

  test('all fixes of one file apply together or not at all: one bringing a new finding refuses the file', async () => {
    // Two VMs share an address: their two new targets would repeat it, which a unique rule forbids.
    const rules = [...GATE.rules, { kind: 'unique', id: 'one-host', source: 'targets', field: 'host' }];
    const vms = 'vms:\n  - { name: web, ip: 10.0.0.1 }\n  - { name: db, ip: 10.0.0.2 }\n  - { name: cache, ip: 10.0.0.2 }\n';
    const dir = estate(TARGETS, { 'vms.yaml': vms }, rules);
    const out = await fixRepository({ cwd: dir, gates: ['D9000'], write: true });
    expect(out.written).toEqual([]);
    expect(read(dir).toString('utf8')).toBe(TARGETS);
    expect(out.plan.unfixed.map((i) => i.finding.entity).sort()).toEqual(['cache', 'db']);
    for (const i of out.plan.unfixed) expect(i.refused).toMatch(/it would bring a new finding: D9000 one-host\/host/);
  });

  test('a file that does not parse is never rewritten', async () => {
    const dir = estate(TARGETS);
    const prepared = prepare({ cwd: dir, gates: ['D9000'] });
    const snapshot = new FsSnapshot(dir, { parseCache: false });
    const result = await runPrepared(prepared, { snapshot, repairs: true });
    const { files, dirs, listAll } = selectedInputs(prepared);
    const store = new CollectionStore(await Workspace.load(snapshot, files, dirs, listAll), prepared.loaded.registry);
    // The file is broken between the run and the edit (an editor saving half a change).
    const broken = `${TARGETS}  bad: [\n`;
    fs.writeFileSync(path.join(dir, 'targets.yaml'), broken);
    const plan = planFixes({
      prepared,
      findings: result.gates.flatMap((g) => g.findings),
      ctx: { store, templates: {}, sets: {}, forbidden: () => undefined },
      root: dir,
    });
    expect(plan.files).toEqual([]);
    expect(plan.unfixed.map((i) => i.refused)).toEqual(['targets.yaml does not parse, so it is never rewritten']);
    expect(read(dir).toString('utf8')).toBe(broken);
  });

  test('a file that is a symbolic link is never written', async () => {
    const dir = estate(TARGETS);
    fs.renameSync(path.join(dir, 'targets.yaml'), path.join(dir, 'real.yaml'));
    fs.symlinkSync('real.yaml', path.join(dir, 'targets.yaml'));
    const out = await fixRepository({ cwd: dir, gates: ['D9000'], write: true });
    expect(out.written).toEqual([]);
    expect(out.plan.unfixed.map((i) => i.refused)).toEqual([
      'targets.yaml is a symbolic link (or leads out of the repository), so it is never written: edit the file it points to',
    ]);
    expect(fs.readFileSync(path.join(dir, 'real.yaml'), 'utf8')).toBe(TARGETS);
  });

  test('an aligned Markdown table stays aligned: a new row and an edited cell take the column widths', () => {
    const table = '## Hosts\n\n| Name    | IP         |\n|---------|------------|\n| `web`   | 10.0.0.1   |\n\nText.\n';
    expect(appendRow(table, 'Hosts', { Name: 'db', IP: '10.0.0.2' })).toBe(
      table.replace('| `web`   | 10.0.0.1   |\n', '| `web`   | 10.0.0.1   |\n| `db`    | 10.0.0.2   |\n'),
    );
    expect(setCell(table, 5, 'IP', '10.0.0.77')).toBe(table.replace('| 10.0.0.1   |', '| 10.0.0.77  |'));
    // A table written without padding gets none.
    const plain = '## Hosts\n\n| Name | IP |\n|---|---|\n| `web` | 10.0.0.1 |\n';
    expect(appendRow(plain, 'Hosts', { Name: 'db', IP: '10.0.0.2' })).toBe(`${plain}| \`db\` | 10.0.0.2 |\n`);
  });
});

describe('values in a flow collection cannot change its structure', () => {
  // `,` ends a plain value in `{ … }` and brackets close one: `user: u, notes` would add a key `notes`.
  const flowList = 'targets:\n  - { id: a, host: 10.0.0.1, user: root }\n';
  test.each(['u, notes', 'u}', 'u]', '[u', 'a,b'])('appendItem quotes %j in a flow map, and it reads back as written', (value) => {
    const out = appendItem(flowList, ['targets'], { id: 'b', host: '10.0.0.2', user: value });
    expect(out.startsWith(flowList)).toBe(true);
    expect(parseDocument(out).toJS()).toEqual({
      targets: [
        { id: 'a', host: '10.0.0.1', user: 'root' },
        { id: 'b', host: '10.0.0.2', user: value },
      ],
    });
  });

  test('setField in a flow map quotes as well; in a block map a comma stays plain', () => {
    const set = setField(flowList, ['targets', 0], 'user', 'u, notes');
    expect(parseDocument(set).toJS()).toEqual({ targets: [{ id: 'a', host: '10.0.0.1', user: 'u, notes' }] });
    const added = setField(flowList, ['targets', 0], 'notes', 'x, y');
    expect(parseDocument(added).toJS()).toEqual({ targets: [{ id: 'a', host: '10.0.0.1', user: 'root', notes: 'x, y' }] });
    expect(setField('owner: a\n', [], 'owner', 'ops, infra')).toBe('owner: ops, infra\n');
  });
});
