import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaValidator } from '../../src/schema/SchemaValidator';
import { packageRoot } from '../../src/packageRoot';
import { hookedRepo, runBuilt } from '../helpers/gitRepo';
import { CONFIG } from '../helpers/paths';

/**
 * A repository's own JSON Schema, through real `git commit` and the installed hooks: the hook validates the
 * staged data against the staged schema, never the working tree's (a schema loosened on disk but not
 * staged passed what the commit's own schema refuses, and ci, which reads each commit, failed it); a
 * commit that changes only the schema selects the gates validating with it; `spine-hooks ci` agrees.
 */
const config = [
  'files:',
  '  vms: inv/vms.yaml',
  'add_gates:',
  '  - id: D1200',
  '    name: vms-schema',
  '    description: The inventory follows its own schema.',
  '    severity: error',
  '    lanes: [infra]',
  '    fix_hint: Follow schemas/vms.json.',
  '    rules:',
  '      - { kind: schema, files: [{ file: vms, schema: schemas/vms.json }] }',
  '',
].join('\n');
/** The inventory's schema: at most `max` cores a VM. */
const strict = (max: number) => {
  const vm = { type: 'object', properties: { cores: { type: 'integer', maximum: max } } };
  return `${JSON.stringify({ type: 'object', properties: { vms: { type: 'array', items: vm } } }, null, 2)}\n`;
};

const estate = {
  [CONFIG]: config,
  'schemas/vms.json': strict(4),
  'inv/vms.yaml': 'vms:\n  - { name: web, cores: 2 }\n',
};

describe("a repository's JSON Schema is read from the commit being made", () => {
  test('a schema loosened in the working tree only does not let the staged data past; ci agrees', () => {
    const repo = hookedRepo(estate);
    repo.write({ 'schemas/vms.json': strict(64), 'inv/vms.yaml': 'vms:\n  - { name: web, cores: 2 }\n  - { name: db, cores: 32 }\n' });
    repo.git(['add', 'inv/vms.yaml']);
    const bad = repo.tryGit(['commit', '-q', '-m', 'db with 32 cores']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/D1200[\s\S]*inv\/vms\.yaml:3\b/);
    // Past the hooks, ci (reading the commit, with its schema) refuses it at the same line.
    repo.git(['commit', '-q', '--no-verify', '-m', 'db with 32 cores']);
    const ci = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout + ci.stderr).toMatch(/inv\/vms\.yaml:3\b/);
  });

  test('a commit changing only the schema runs the gates that validate with it, against the staged version', () => {
    const repo = hookedRepo(estate);
    // Tightened so that the data already committed breaks it: the hook must say so.
    repo.write({ 'schemas/vms.json': strict(1) });
    repo.git(['add', 'schemas/vms.json']);
    const bad = repo.tryGit(['commit', '-q', '-m', 'at most one core']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toMatch(/D1200[\s\S]*inv\/vms\.yaml:2\b/);
    // A staged schema that is no JSON is a finding at its line, not a crash or a pass.
    repo.write({ 'schemas/vms.json': '{\n  "type": "object",\n  oops\n}\n' });
    repo.git(['add', 'schemas/vms.json']);
    const broken = repo.tryGit(['commit', '-q', '-m', 'broken schema']);
    expect(broken.status).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/schemas\/vms\.json:3\b/);
    // Tightened within what the data holds, and staged: the gate passes (loosening it would be a weakening,
    // refused without an override: governance/weakening.test.ts).
    repo.write({ 'schemas/vms.json': strict(3) });
    repo.git(['add', 'schemas/vms.json']);
    const good = repo.tryGit(['commit', '-q', '-m', 'at most three cores']);
    expect(good.stdout + good.stderr).toContain('1 gate: 1 passed');
    expect(good.status).toBe(0);
    const ci = runBuilt(['ci', '--from', 'HEAD~1'], repo.dir);
    expect(ci.status).toBe(0);
  });
});

test('two versions of one schema sharing an $id (a range, or an $id of the package) each validate as written', () => {
  const v = new SchemaValidator();
  const withId = (max: number, id: string) =>
    JSON.stringify({ $id: id, type: 'object', properties: { n: { type: 'integer', maximum: max } } });
  const first = v.compileText('schemas/n.json\0a', withId(1, 'https://example.test/n.json'), 'schemas/n.json');
  const second = v.compileText('schemas/n.json\0b', withId(5, 'https://example.test/n.json'), 'schemas/n.json');
  expect(v.validate(first, { n: 3 })).not.toEqual([]);
  expect(v.validate(second, { n: 3 })).toEqual([]);
  // The package's own schema keeps its $id: a repository schema claiming it does not replace it.
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schemas', 'baseline.schema.json'), 'utf8')) as { $id: string };
  const claim = v.compileText('schemas/b.json\0c', JSON.stringify({ $id: pkg.$id, type: 'string' }), 'schemas/b.json');
  expect(v.validate(claim, 'text')).toEqual([]);
  expect(v.validate(v.compileFile(path.join(packageRoot(), 'schemas', 'baseline.schema.json')), 'text')).not.toEqual([]);
});
