import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths';
import { HELP } from '../../src/cli/helpText';
import { COMMANDS, commandHelp } from '../../src/cli/commands';
import { OPTIONS } from '../../src/cli/parseCliArgs';
import { defaultRegistry } from '../helpers/gateHarness';
import { parse } from 'yaml';
import { contractTable, TABLE_BEGIN, TABLE_END } from '../../src/lifecycle/contractTable';

const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

describe('docs agree with the code', () => {
  const { registry } = defaultRegistry().loaded;

  test.each(registry.gates.map((g) => [g.id, g.name]))('docs/gates/%s.md is titled with its name and lists its parameters', (id, name) => {
    const doc = read(`docs/gates/${id}.md`);
    expect(doc.split('\n')[0]).toBe(`# ${id} ${name}`);
    const gate = registry.gates.find((g) => g.id === id)!;
    for (const param of Object.keys(gate.params ?? {})) expect(doc).toContain(param);
    for (const lane of gate.lanes) expect(doc).toContain(lane);
  });

  test('every option the CLI parses is in --help', () => {
    const options = Object.keys(OPTIONS);
    expect(options.length).toBeGreaterThan(10);
    for (const o of options) expect(HELP).toContain(`--${o}`);
    // Each command's own help names the options it takes (checked where the help text says so).
    for (const c of ['ci', 'run', 'hook'] as const)
      for (const o of ['--format', '--output-file', '--max-warnings']) expect(commandHelp(c)).toContain(o);
  });

  test('the README gives the two commands, and CI runs the README test command', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npx spine-hooks --all --cwd examples');
    expect(readme).toContain('npm test');
    expect(read('.ci/run')).toMatch(/^npm test\b/m);
    expect(JSON.parse(read('package.json')).scripts.example).toBe('node dist/bin/spine-hooks.js --all --cwd examples');
  });

  test('npm ci runs no install script nobody reviewed: each locked package that has one is in allowScripts', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const allow = (JSON.parse(read('package.json')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
    const scripted = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([k]) => k.replace(/^.*node_modules\//, ''));
    for (const name of scripted) expect([name, Object.hasOwn(allow, name)]).toEqual([name, true]);
  });

  test('a green test run prints nothing of its own: no test writes to the console', () => {
    const files = fs.readdirSync(path.join(ROOT, '__tests__'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|js)$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    const loud = files.filter((f) => /\bconsole\.(log|warn|error|info|debug)\(/.test(read(`__tests__/${f}`)));
    expect(loud).toEqual([]);
  });

  test("the README's Commands are the help's Usage, Options, Overrides and Exit codes, word for word", () => {
    const readme = read('README.md');
    const start = readme.indexOf('```text\n', readme.indexOf('<!-- commands:'));
    const block = readme.slice(start + '```text\n'.length, readme.indexOf('\n```', start + 1));
    // On a mismatch, paste those sections of `node dist/bin/spine-hooks.js --help` into the block.
    expect(block).toBe(HELP.slice(HELP.indexOf('Usage\n'), HELP.indexOf('\nDocs:')).trimEnd());
    for (const c of Object.keys(COMMANDS).filter((n) => !['run', 'help', 'version'].includes(n)))
      expect(block).toContain(`spine-hooks ${c}`);
    for (const o of Object.keys(OPTIONS)) expect(block).toContain(`--${o}`);
  });

  test('the README puts using it in your repository first, and marks the registry install as not yet published', () => {
    const readme = read('README.md');
    const headings = [...readme.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(headings.slice(0, 2)).toEqual(['Use it in your repository', 'Try it on the bundled example (one minute)']);
    // Every install line that names the registry package says that it works only once published.
    const lines = readme.split('\n').filter((l) => /npm install .*\bspine-hooks\b/.test(l));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines.filter((x) => /--save-dev spine-hooks\b/.test(x))) expect(l).toMatch(/once (it is )?published/);
    for (const doc of ['docs/hooks.md', 'README.md']) {
      for (const l of read(doc)
        .split('\n')
        .filter((x) => /--save-dev spine-hooks\b/.test(x)))
        expect([doc, l]).toEqual([doc, expect.stringMatching(/once (it is )?published|once on the npm registry/)]);
    }
    const use = readme.slice(readme.indexOf('## Use it in your repository'), readme.indexOf('## Try it'));
    for (const step of ['.tgz', 'git+https://', 'spine-hooks init', 'spine-hooks --all', 'baseline update --accept-new'])
      expect(use).toContain(step);
  });

  test('every lane and gate in the README table exists in the registry', () => {
    const readme = read('README.md');
    const rows = [...readme.matchAll(/^\| \[(D\d+)\]\(docs\/gates\/\1\.md\) \| ([a-z-]+) \| ([a-z-, ]+) \|/gm)];
    expect(rows.map((r) => r[1])).toEqual(registry.gates.map((g) => g.id));
    for (const [, id, name, lanes] of rows) {
      const gate = registry.gates.find((g) => g.id === id)!;
      expect([name, lanes.split(', ')]).toEqual([gate.name, gate.lanes]);
    }
  });

  test('docs/VM_CREATION_CONTRACT.md carries the contract table generated from the shipped contract', () => {
    const rows = parse(read('bindings/vm.lifecycle.contract.yaml')).statuses;
    const doc = read('docs/VM_CREATION_CONTRACT.md');
    const table = doc.slice(doc.indexOf(TABLE_BEGIN) + TABLE_BEGIN.length, doc.indexOf(TABLE_END)).trim();
    // On a mismatch: npm run build && node scripts/contract-doc.js
    expect(table).toBe(contractTable(rows));
    // Every status the contract names is there, each touchpoint the table uses is documented.
    for (const s of ['planning', 'provisioned', 'registered', 'active', 'decommissioned', 'abandoned'])
      expect(table).toContain(`| \`${s}\` |`);
    for (const t of new Set<string>(rows.flatMap((r: { touchpoints: string[] }) => r.touchpoints)))
      expect(doc).toMatch(new RegExp(`^\\| \`${t}\` \\|`, 'm'));
  });

  test('docs link only to files that exist', () => {
    const docs = [
      'README.md',
      ...fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).map((f) => `docs/${f}`),
    ].filter((f) => f.endsWith('.md'));
    for (const doc of docs) {
      for (const m of read(doc).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(m[1])) continue;
        const target = path.join(ROOT, path.dirname(doc), m[1]);
        expect([doc, m[1], fs.existsSync(target)]).toEqual([doc, m[1], true]);
      }
    }
  });
});
