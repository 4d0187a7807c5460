import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { exampleFiles } from '../helpers/example';
import { EXAMPLE_DIR, ROOT, SCHEMAS_DIR, schemaFile, S, CONFIG } from '../helpers/paths';

const base = exampleFiles();

describe('spine-hooks schemas', () => {
  test('lists each SSOT file with its schema, and a yaml.schemas block for yaml-language-server', async () => {
    const r = await runCli(['schemas', '--cwd', EXAMPLE_DIR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`JSON Schemas shipped with spine-hooks: ${SCHEMAS_DIR}`);
    expect(r.stdout).toMatch(/^ {2}ops\/bindings\/vm\.lifecycle\.yaml +vm\.lifecycle\.schema\.json$/m);
    expect(r.stdout).toMatch(/^ {2}spine-hooks\.config\.yaml +config\.schema\.json$/m);
    const json = JSON.parse((await runCli(['schemas', '--format', 'json', '--cwd', EXAMPLE_DIR])).stdout);
    for (const f of json.files) expect(fs.existsSync(f.schemaPath)).toBe(true);
    expect(json['yaml.schemas'][schemaFile('ssh.targets.schema.json')]).toEqual([S]);
  });

  test('follows remapped files; inside node_modules the schema is named relative to the workspace', async () => {
    const dir = tempDir({ ...base, [CONFIG]: 'files:\n  ssh_targets: net/ssh.yaml\n' });
    const json = JSON.parse((await runCli(['schemas', '--format', 'json', '--cwd', dir])).stdout);
    expect(json.files).toContainEqual(expect.objectContaining({ file: 'net/ssh.yaml', schema: 'ssh.targets.schema.json' }));
    // The package's own folder is the workspace here: the schemas are inside it.
    const inside = JSON.parse((await runCli(['schemas', '--format', 'json', '--cwd', ROOT])).stdout);
    expect(Object.keys(inside['yaml.schemas'])).toContain('./schemas/vm.lifecycle.schema.json');
  });

  test('--write-vscode merges into .vscode/settings.json: comments, other settings and other mappings stay; a second run changes nothing', async () => {
    const existing =
      '{\n  // my editor\n  "editor.tabSize": 2,\n  "yaml.schemas": {\n    "https://example.org/other.json": "other/*.yaml"\n  }\n}\n';
    const dir = tempDir({ ...base, '.vscode/settings.json': existing });
    const r = await runCli(['schemas', '--write-vscode', '--cwd', dir]);
    expect(r).toMatchObject({ code: 0, stdout: 'spine-hooks: yaml.schemas merged into .vscode/settings.json\n' });
    const text = fs.readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8');
    expect(text).toContain('// my editor');
    expect(text).toContain('"editor.tabSize": 2');
    expect(text).toContain('"https://example.org/other.json": "other/*.yaml"');
    expect(text).toContain(`"${schemaFile('vm.lifecycle.schema.json')}": [\n      "ops/bindings/vm.lifecycle.yaml"\n    ]`);
    const again = await runCli(['schemas', '--write-vscode', '--cwd', dir]);
    expect(again.stdout).toBe('spine-hooks: .vscode/settings.json already maps every schema, nothing changed\n');
    expect(fs.readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8')).toBe(text);
  });

  test('--write-vscode creates the file, and refuses a broken one without writing', async () => {
    const dir = tempDir(base);
    expect((await runCli(['schemas', '--write-vscode', '--cwd', dir])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8'))['yaml.schemas']).toBeDefined();
    const broken = tempDir({ '.vscode/settings.json': '{\n  "a": 1,\n  "b": \n}\n' });
    const r = await runCli(['schemas', '--write-vscode', '--cwd', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/settings\.json:\d+:\d+: not valid JSON with comments \(ValueExpected\): nothing written/);
    expect(fs.readFileSync(path.join(broken, '.vscode/settings.json'), 'utf8')).toBe('{\n  "a": 1,\n  "b": \n}\n');
  });

  test('every YAML file of the bundled example carries a modeline naming the schema D900 checks it with', async () => {
    const json = JSON.parse((await runCli(['schemas', '--format', 'json', '--cwd', EXAMPLE_DIR])).stdout) as {
      files: Array<{ file: string; schema: string }>;
    };
    const present = json.files.filter((f) => base[f.file] !== undefined);
    expect(present.length).toBe(13);
    for (const f of present) {
      const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(base[f.file]);
      expect([f.file, m?.[1]]).toEqual([f.file, path.relative(path.dirname(path.join(EXAMPLE_DIR, f.file)), schemaFile(f.schema))]);
    }
  });
});
