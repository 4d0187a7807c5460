import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/tempDir';
import { fixRepository, type FixOutcome } from '../../src/fix';
import { run } from '../../src/run';

/**
 * Table tests of each rule kind's repair (RuleKind.fix): a finding → the edit it makes → the gate passes,
 * or what it needs / why there is none, with the files left as they were. Each row is one gate a repository
 * adds in its configuration, over real files on disk, through the real loader, engine and fix.
 */
const FILES = { vms: 'inv/vms.yaml', targets: 'inv/targets.yaml', hosts: 'inv/hosts.yaml', table: 'docs/hosts.md' };
const COLLECTIONS = {
  vms: { file: 'vms', shape: 'list', select: 'vms', key: 'name', label: 'VM {name}' },
  targets: { file: 'targets', shape: 'list', select: 'targets', key: 'id', label: 'target {id}' },
  hosts: { file: 'hosts', shape: 'map', select: 'hosts', key_as: 'name', label: 'host {name}' },
  rows: {
    file: 'table',
    shape: 'table',
    heading: 'Hosts',
    columns: { name: { header: 'Name', extract: 'code' }, ip: { header: 'IP', extract: 'ipv4' } },
    key: 'name',
    label: 'row {name}',
  },
};
const VMS = 'vms:\n  - name: web\n    ip: 10.0.0.1\n    status: active\n  - name: db\n    ip: 10.0.0.2\n    status: active\n';
const TARGETS = '# SSH targets\ntargets:\n  - id: "web"   # the web VM\n    host: "10.0.0.1"\n';
const HOSTS = 'hosts:\n  web:\n    ip: 10.0.0.1\n';
const TABLE = '# Estate\n\n## Hosts\n\n| Name | IP | Notes |\n|---|---|---|\n| `web` | 10.0.0.1 | front |\n\nAfter the table.\n';

interface Row {
  name: string;
  rules: Array<Record<string, unknown>>;
  data?: Record<string, string>;
  templates?: Record<string, Record<string, string | number | boolean>>;
  sets?: Record<string, string>;
  /** The files after `fix --write` (the others unchanged); the gate then passes. */
  after?: Record<string, string>;
  /** No edit: what the finding's repair says. */
  unfixed?: RegExp;
}

async function fix(row: Row): Promise<{ dir: string; outcome: FixOutcome; data: Record<string, string> }> {
  const gate = {
    id: 'D9000',
    name: 'fix-test',
    description: 'One gate.',
    severity: 'error',
    lanes: ['core'],
    fix_hint: 'Fix it.',
    rules: row.rules,
  };
  const config = { files: FILES, collections: COLLECTIONS, add_gates: [gate], ...(row.templates ? { fix_templates: row.templates } : {}) };
  const data = { [FILES.vms]: VMS, [FILES.targets]: TARGETS, [FILES.hosts]: HOSTS, [FILES.table]: TABLE, ...row.data };
  const dir = tempDir({ ...data, 'spine-hooks.config.yaml': JSON.stringify(config, null, 2) });
  const outcome = await fixRepository({ cwd: dir, gates: ['D9000'], write: true, sets: row.sets });
  return { dir, outcome, data };
}

const coverage = (requirement: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'coverage',
  id: 'touch',
  source: 'vms',
  where: { status: 'active' },
  requirements: [{ id: 'r', ...requirement }],
  ...extra,
});

const ROWS: Row[] = [
  {
    name: 'coverage: a missing list item is appended in its neighbour’s style (quotes, indentation), from the match and the parity',
    rules: [coverage({ target: 'targets', match: { source: 'name', target: 'id' }, parity: [{ source: 'ip', target: 'host' }] })],
    after: { [FILES.targets]: `${TARGETS}  - id: "db"\n    host: "10.0.0.2"\n` },
  },
  {
    name: 'coverage: a missing map entry takes the source value as its key',
    rules: [coverage({ target: 'hosts', match: { source: 'name', target: 'name' }, parity: [{ source: 'ip', target: 'ip' }] })],
    after: { [FILES.hosts]: `${HOSTS}  db:\n    ip: 10.0.0.2\n` },
  },
  {
    name: 'coverage: a missing Markdown row copies the last row (code span, pipes), other columns empty',
    rules: [coverage({ target: 'rows', match: { source: 'name', target: 'name' }, parity: [{ source: 'ip', target: 'ip' }] })],
    after: { [FILES.table]: TABLE.replace('| `web` | 10.0.0.1 | front |\n', '| `web` | 10.0.0.1 | front |\n| `db` | 10.0.0.2 |  |\n') },
  },
  {
    name: 'coverage: flow-style neighbours get a flow-style entry',
    rules: [coverage({ target: 'targets', match: { source: 'name', target: 'id' } })],
    data: { [FILES.targets]: 'targets:\n  - { id: web, host: 10.0.0.1 }\n' },
    templates: { targets: { host: '{ip}', port: 22 } },
    after: { [FILES.targets]: 'targets:\n  - { id: web, host: 10.0.0.1 }\n  - { id: db, host: 10.0.0.2, port: 22 }\n' },
  },
  {
    name: 'coverage: a template variable nobody gives is needed, named with how to give it',
    rules: [coverage({ target: 'targets', match: { source: 'name', target: 'id' } })],
    templates: { targets: { url: 'http://{ip}:{port}/health' } },
    unfixed: /^needs port: --set port=… \(or give targets a fix_templates entry that does not use \{port\}\)$/,
  },
  {
    name: 'coverage: --set gives the variable',
    rules: [coverage({ target: 'targets', match: { source: 'name', target: 'id' } })],
    templates: { targets: { url: 'http://{ip}:{port}/health' } },
    sets: { port: '8080' },
    after: { [FILES.targets]: `${TARGETS}  - id: "db"\n    url: "http://10.0.0.2:8080/health"\n` },
  },
  {
    name: 'coverage: a placeholder a gate forbids is never copied into the new entry',
    rules: [
      coverage({ target: 'targets', match: { source: 'name', target: 'id' }, parity: [{ source: 'ip', target: 'host' }] }),
      {
        kind: 'require',
        id: 'placeholder',
        source: 'targets',
        forbid: { fields: ['host'], pattern: '^PENDING_', what: 'the placeholder' },
      },
    ],
    data: { [FILES.vms]: VMS.replace('ip: 10.0.0.2', 'ip: PENDING_IP') },
    unfixed: /^needs targets\.host: give VM db a real ip first \("PENDING_IP" is the placeholder that (D69|D9000) forbids\)$/,
  },
  {
    name: 'parity: the target side takes the source’s value, quoted as it was, its comment kept',
    rules: [
      {
        kind: 'parity',
        id: 'same-ip',
        source: 'vms',
        target: 'targets',
        match: { source: 'name', target: 'id' },
        fields: [{ source: 'ip', target: 'host' }],
      },
    ],
    data: { [FILES.targets]: 'targets:\n  - id: "web"\n    host: "10.9.9.9"  # moved?\n' },
    after: { [FILES.targets]: 'targets:\n  - id: "web"\n    host: "10.0.0.1"  # moved?\n' },
  },
  {
    name: 'parity: a Markdown cell takes the source’s value, the other cells untouched',
    rules: [
      {
        kind: 'parity',
        id: 'same-ip',
        source: 'vms',
        target: 'rows',
        match: { source: 'name', target: 'name' },
        fields: [{ source: 'ip', target: 'ip' }],
      },
    ],
    data: { [FILES.table]: TABLE.replace('10.0.0.1', '10.0.0.7') },
    after: { [FILES.table]: TABLE },
  },
  {
    name: 'leftover: a live entry whose filter says what live means is disabled',
    rules: [
      {
        kind: 'leftover',
        id: 'retired',
        source: 'vms',
        where: { status: 'retired' },
        leftovers: [{ id: 'target', target: 'targets', where: { enabled: { not: false } }, match: { source: 'name', target: 'id' } }],
      },
    ],
    data: { [FILES.vms]: VMS.replace('status: active\n  - name: db', 'status: retired\n  - name: db') },
    after: { [FILES.targets]: `${TARGETS}    enabled: false\n` },
  },
  {
    name: 'leftover: otherwise the live entry is removed, the comments around it kept',
    rules: [
      {
        kind: 'leftover',
        id: 'retired',
        source: 'vms',
        where: { status: 'retired' },
        leftovers: [{ id: 'target', target: 'targets', match: { source: 'name', target: 'id' } }],
      },
    ],
    data: {
      [FILES.vms]: VMS.replace('status: active\n  - name: db', 'status: retired\n  - name: db'),
      [FILES.targets]:
        '# SSH targets\ntargets:\n  - id: "web"\n    host: "10.0.0.1"\n  # the database\n  - id: "db"\n    host: "10.0.0.2"\n',
    },
    after: { [FILES.targets]: '# SSH targets\ntargets:\n  # the database\n  - id: "db"\n    host: "10.0.0.2"\n' },
  },
  {
    name: 'reference: no automatic repair; the nearest existing key is suggested',
    rules: [{ kind: 'reference', id: 'ref', source: 'vms', field: 'target', target: 'targets', target_field: 'id' }],
    data: { [FILES.vms]: VMS.replace('status: active\n', 'status: active\n    target: wbe\n') },
    unfixed:
      /^none automatic: target names a record that does not exist, and which one was meant is not derivable; "wbe" may be a misspelling of "web"$/,
  },
  {
    name: 'unique: no automatic repair',
    rules: [{ kind: 'unique', id: 'one-ip', source: 'vms', field: 'ip' }],
    data: { [FILES.vms]: VMS.replace('10.0.0.2', '10.0.0.1') },
    unfixed: /^none automatic: which of the two records holds the wrong value is not derivable$/,
  },
  {
    name: 'orphan: no automatic repair',
    rules: [{ kind: 'orphan', id: 'orphan', source: 'targets', target: 'vms', match: { source: 'id', target: 'name' } }],
    data: { [FILES.targets]: `${TARGETS}  - id: "gone"\n    host: "10.0.0.5"\n` },
    unfixed: /^none automatic: whether to add the missing record or remove the orphan is a decision$/,
  },
  {
    name: 'require: no automatic repair',
    rules: [{ kind: 'require', id: 'fields', source: 'vms', fields: ['owner'] }],
    unfixed: /^none automatic: the right value of a required field is not derivable$/,
  },
];

describe.each(ROWS)('$name', (row) => {
  test('fix --write', async () => {
    const { dir, outcome, data } = await fix(row);
    const now = Object.fromEntries(Object.keys(data).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    if (row.after) {
      expect(outcome.plan.unfixed.map((i) => i.refused ?? i.repair)).toEqual([]);
      expect(now).toEqual({ ...data, ...row.after });
      const result = await run({ cwd: dir, gates: ['D9000'] });
      expect(result.gates.flatMap((g) => g.findings)).toEqual([]);
      // A second fix finds nothing to do.
      const again = await fixRepository({ cwd: dir, gates: ['D9000'] });
      expect([again.plan.files.length, again.plan.unfixed.length]).toEqual([0, 0]);
    } else {
      expect(now).toEqual(data);
      expect(outcome.written).toEqual([]);
      const said = outcome.plan.unfixed.flatMap((i) =>
        i.refused
          ? [i.refused]
          : i.repair.kind === 'needs'
            ? i.repair.needs.map((n) => `needs ${n.field}: ${n.how}`)
            : i.repair.kind === 'none'
              ? [i.repair.reason]
              : [],
      );
      expect(said.length).toBeGreaterThan(0);
      for (const s of said) expect(s).toMatch(row.unfixed!);
    }
  });
});
