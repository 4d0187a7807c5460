import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';
import { hookedRepo, makeRepo } from '../helpers/gitRepo';
import { exampleFiles, lineOf } from '../helpers/example';
import { defaultRegistry } from '../helpers/gateHarness';
import { L, S, H, EXAMPLE_DIR, SEQ, ST, PACKAGE_JSON, schemaFile } from '../helpers/paths';
import { stageEdit, withEdit } from '../helpers/edits';
import { jenkinsJunitProblems } from '../helpers/jenkinsJunit';
import { SchemaValidator } from '../../src/schema/SchemaValidator';

/** The official SARIF 2.1.0 schema (OASIS, rtm.5), as Microsoft ships it with its jest matchers. */
const SARIF_SCHEMA = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// The schema's own language pattern is not valid in unicode mode (a stray `]`): compiled without the u flag.
const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
const validSarif = ajv.compile(SARIF_SCHEMA);

const base = exampleFiles();
const noProbes = (t: string) => t.replace(/host: monitoring$/gm, 'host: monitoring-old');
const gates = defaultRegistry().loaded.registry.gates;

/** The example with monitoring's probes removed (a D69 error with a related location) and one stack warning. */
function drifted(): string {
  return tempDir({
    ...base,
    [H]: noProbes(base[H]),
    // VM 303 forge loses its stack: D69's stack requirement is a warning.
    [ST]: base[ST].replace('deploy_target: proxmox:vm-303', 'deploy_target: proxmox:vm-3030').replace(
      /name: Forge \(forge\)/,
      'name: Source hosting',
    ),
  });
}

describe('--format sarif', () => {
  test('validates against the official SARIF 2.1.0 schema: a rule per gate, results with regions, related locations and fingerprints', async () => {
    const dir = drifted();
    const r = await runCli(['--all', '--format', 'sarif', '--cwd', dir]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validSarif(log) ? [] : validSarif.errors).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(gates.map((g) => g.id));
    const d69 = run.tool.driver.rules.find((x: { id: string }) => x.id === 'D69');
    expect(d69).toMatchObject({ name: 'VmCreationGovernanceLock', defaultConfiguration: { level: 'error' } });
    // No documentation URL configured: no link that could lead nowhere (the package is not published yet).
    expect(d69.helpUri).toBeUndefined();
    expect(run.tool.driver.informationUri).toBeUndefined();
    expect(d69.help.markdown).not.toContain('](');
    expect(d69.help.text).toContain(gates.find((g) => g.id === 'D69')!.fix_hint);
    const probe = run.results.find((x: { properties: { check: string } }) => x.properties.check === 'touchpoint/health-probe');
    expect(probe).toMatchObject({
      ruleId: 'D69',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: L, uriBaseId: 'SRCROOT' },
            region: { startLine: lineOf(base[L], 'hostname: monitoring'), startColumn: 5 },
          },
        },
      ],
      relatedLocations: [{ id: 1, physicalLocation: { artifactLocation: { uri: H } } }],
      partialFingerprints: { 'spineHooksFinding/v1': expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
    expect(run.results.find((x: { properties: { check: string } }) => x.properties.check === 'touchpoint/stack')).toMatchObject({
      level: 'warning',
    });
    expect(run.invocations[0]).toMatchObject({ exitCode: 1, executionSuccessful: true });
  });

  test('with docs_url configured, each shipped gate links its page there ({version} filled in); a repository gate has none', async () => {
    const dir = tempDir({
      ...base,
      'spine-hooks.config.yaml':
        'docs_url: https://docs.example.org/spine-hooks/{version}/docs\n' +
        'add_gates:\n  - { id: D1500, name: own-gate, description: d, severity: error, lanes: [core], fix_hint: f,\n' +
        '      rules: [{ kind: require, source: ssh_targets, fields: [host] }] }\n',
    });
    const r = await runCli(['--all', '--format', 'sarif', '--cwd', dir]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(validSarif(log) ? [] : validSarif.errors).toEqual([]);
    const version = (JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
    const rules = log.runs[0].tool.driver.rules as Array<{ id: string; helpUri?: string; help: { markdown: string } }>;
    const d69 = rules.find((x) => x.id === 'D69')!;
    expect(d69.helpUri).toBe(`https://docs.example.org/spine-hooks/${version}/docs/gates/D69.md`);
    expect(d69.help.markdown).toContain(`(${d69.helpUri})`);
    expect(log.runs[0].tool.driver.informationUri).toBe(`https://docs.example.org/spine-hooks/${version}/docs/`);
    expect(rules.find((x) => x.id === 'D1500')!.helpUri).toBeUndefined();
    const bad = await runCli(['--all', '--cwd', tempDir({ ...base, 'spine-hooks.config.yaml': 'docs_url: docs/\n' })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('spine-hooks.config.yaml:1:');
  });

  test('baselined and overridden findings are suppressed results with their justification', async () => {
    // Through the real hooks: one drift baselined, one overridden (its record and trailer written by the hooks).
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [H]: noProbes(base[H]) });
    expect((await runCli(['baseline', 'update', '--accept-new', '--ref', 'GAP-7', '--owner', '@ines', '--cwd', repo.dir])).code).toBe(0);
    repo.git(['add', '-A']);
    // Growing the baseline is itself an override (docs/overrides.md, "The baseline").
    repo.git(['commit', '-q', '-m', 'probes moved, baselined'], {
      env: { SPINE_OVERRIDE: 'D69', SPINE_OVERRIDE_REASON: 'the probes move with the VM, known gap GAP-7' },
    });
    stageEdit(repo, S, (t) => t.replace(/ {4}- id: "forge"\n(?: {6}.*\n)+/, ''));
    const env = { SPINE_OVERRIDE: 'D69:forge,D142', SPINE_OVERRIDE_REASON: 'forge is rebuilt; its SSH target comes back Friday (GAP-8)' };
    const c = repo.tryGit(['commit', '-q', '-m', 'forge rebuilt'], { env });
    expect(c.stdout + c.stderr).toContain('override');
    expect(c.status).toBe(0);
    const r = await runCli(['ci', '--from', start, '--format', 'sarif', '--cwd', repo.dir]);
    const log = JSON.parse(r.stdout);
    expect(validSarif(log) ? [] : validSarif.errors).toEqual([]);
    const suppressed = log.runs[0].results.filter((x: { suppressions?: unknown[] }) => x.suppressions);
    expect(suppressed.map((x: { suppressions: Array<{ properties: { by: string } }> }) => x.suppressions[0].properties.by).sort()).toEqual(
      expect.arrayContaining(['baseline', 'override']),
    );
    const o = suppressed.find(
      (x: { suppressions: Array<{ properties: { by: string }; justification: string }> }) =>
        x.suppressions[0].properties.by === 'override' && x.suppressions[0].justification.includes('forge'),
    );
    expect(o.suppressions[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
      justification: expect.stringContaining('forge is rebuilt'),
    });
    expect(o.properties.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('--format junit', () => {
  test('well-formed XML: a testcase per gate, a failure per error finding with file:line, skipped gates as skipped', async () => {
    const files = { ...base, [H]: noProbes(base[H]) };
    delete (files as Record<string, string>)[SEQ];
    const dir = tempDir(files);
    const r = await runCli(['--all', '--format', 'junit', '--cwd', dir]);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => ['testsuite', 'testcase', 'failure'].includes(n),
    }).parse(r.stdout);
    const suite = xml.testsuites.testsuite[0];
    expect(suite.testcase.map((c: { name: string }) => c.name.split(' ')[0])).toEqual(gates.map((g) => g.id));
    const d69 = suite.testcase.find((c: { name: string }) => c.name.startsWith('D69 '));
    expect(d69.failure.length).toBe(1);
    expect(d69.failure[0].message).toMatch(
      new RegExp(`^${L.replace(/\./g, '\\.')}:\\d+:5 VM 302 \\(monitoring\\): missing from ${H.replace(/\./g, '\\.')}`),
    );
    const d138 = suite.testcase.find((c: { name: string }) => c.name.startsWith('D138 '));
    expect(d138.skipped).toBeDefined();
    expect(Number(xml.testsuites.failures)).toBe(suite.testcase.filter((c: { failure?: unknown }) => c.failure).length);
    expect(Number(suite.skipped)).toBe(1);
  });

  test("valid against Jenkins' xunit schema (junit-10.xsd): no skipped count on <testsuites>", async () => {
    const files = { ...base, [H]: noProbes(base[H]) };
    delete (files as Record<string, string>)[SEQ];
    const r = await runCli(['--all', '--format', 'junit', '--cwd', tempDir(files)]);
    expect(r.stdout).toMatch(/<testsuites [^>]*>/);
    expect(r.stdout).not.toMatch(/<testsuites [^>]*skipped=/);
    expect(r.stdout).toMatch(/<testsuite [^>]*skipped="1"/);
    expect(jenkinsJunitProblems(r.stdout)).toEqual([]);
    // The check itself refuses what the plugin refuses (what this format wrote before).
    expect(jenkinsJunitProblems(r.stdout.replace('<testsuites name="spine-hooks"', '<testsuites name="spine-hooks" skipped="1"'))).toEqual([
      '/testsuites: attribute "skipped" is not allowed',
    ]);
    expect(jenkinsJunitProblems(r.stdout.replace(/<testcase /, '<testcase file="x" '))).toEqual([
      '/testsuites/testsuite/testcase: attribute "file" is not allowed',
    ]);
  });

  test('a ci range: one testsuite per checked commit, valid against the same schema', async () => {
    const repo = makeRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [H]: noProbes(base[H]) });
    repo.git(['commit', '-q', '-am', 'drop probes']);
    repo.write({ [H]: base[H] });
    repo.git(['commit', '-q', '-am', 'probes back']);
    const r = await runCli(['ci', '--from', start, '--format', 'junit', '--cwd', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/<testsuite /g)).toHaveLength(2);
    expect(jenkinsJunitProblems(r.stdout)).toEqual([]);
  });

  test('data with markup and control characters stays well-formed', async () => {
    const dir = tempDir(withEdit(base, L, (t) => t.replace('hostname: monitoring\n', 'hostname: "mon<it>&\\"or\\u0001ing"\n')));
    const r = await runCli(['--all', '--format', 'junit', '--cwd', dir]);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout).toContain('mon&lt;it&gt;&amp;');
  });
});

describe('--format github', () => {
  test('workflow commands with file, line, col and title; data escaped', async () => {
    const dir = drifted();
    const r = await runCli(['--all', '--format', 'github', '--cwd', dir]);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) file=[^,]+(,line=\d+(,col=\d+)?)?,title=D\d+ [^:]+::.+$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^::error file=${L.replace(/\./g, '\\.')},line=${lineOf(base[L], 'hostname: monitoring')},col=5,title=D69 vm-creation-governance-lock::VM 302 \\(monitoring\\): missing from`,
        ),
      ),
    );
    expect(lines.find((l) => l.includes('touchpoint') || l.includes('STACK_REGISTRY'))).toBeDefined();
    // A multi-line message (the related location) is one command: its newline is escaped.
    expect(lines.every((l) => !l.includes('\r'))).toBe(true);
    expect(r.stdout).toContain('%0A→ add an entry');
  });

  test('chosen by itself in GitHub Actions when no format is given: text and annotations', async () => {
    const dir = drifted();
    const r = await runCli(['--all', '--cwd', dir], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.stdout).toMatch(/^FAIL {2}D69 /m);
    expect(r.stdout).toMatch(/^::error file=/m);
    const plain = await runCli(['--all', '--cwd', dir]);
    expect(plain.stdout).not.toMatch(/^::error/m);
    const json = await runCli(['--all', '--format', 'json', '--cwd', dir], { env: { GITHUB_ACTIONS: 'true' } });
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});

describe('--format gitlab', () => {
  test('Code Quality issues with unique fingerprints, severity and location', async () => {
    const dir = drifted();
    const r = await runCli(['--all', '--format', 'gitlab', '--cwd', dir]);
    const issues = JSON.parse(r.stdout) as Array<{
      fingerprint: string;
      severity: string;
      check_name: string;
      description: string;
      location: { path: string; lines: { begin: number } };
    }>;
    expect(issues.length).toBeGreaterThan(1);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.find((i) => i.check_name === 'D69/touchpoint/health-probe')).toMatchObject({
      severity: 'major',
      location: { path: L, lines: { begin: lineOf(base[L], 'hostname: monitoring') } },
    });
    expect(issues.find((i) => i.check_name === 'D69/touchpoint/stack')).toMatchObject({ severity: 'minor' });
  });
});

describe('several formats in one run (Spectral style)', () => {
  test('--format and --output-file pair in order; a format without a file goes to stdout; in --all, --staged and ci', async () => {
    const dir = drifted();
    const out = tempDir();
    const r = await runCli([
      '--all',
      '--cwd',
      dir,
      '--format',
      'json',
      '--output-file',
      path.join(out, 'r.json'),
      '--format',
      'sarif',
      '-o',
      path.join(out, 'sub/r.sarif'),
      '--format',
      'text',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}D69 /m);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'r.json'), 'utf8')).tool).toBe('spine-hooks');
    expect(validSarif(JSON.parse(fs.readFileSync(path.join(out, 'sub/r.sarif'), 'utf8')))).toBe(true);

    const repo = makeRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.write({ [H]: noProbes(base[H]) });
    repo.git(['add', H]);
    const staged = await runCli([
      '--staged',
      '--cwd',
      repo.dir,
      '--format',
      'junit',
      '-o',
      path.join(out, 'staged.xml'),
      '-f',
      'gitlab',
      '-o',
      path.join(out, 'staged.json'),
    ]);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toBe('');
    expect(XMLValidator.validate(fs.readFileSync(path.join(out, 'staged.xml'), 'utf8'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'staged.json'), 'utf8')).length).toBeGreaterThan(0);
    repo.git(['commit', '-q', '--no-verify', '-m', 'drop probes']);
    const ci = await runCli([
      'ci',
      '--from',
      start,
      '--cwd',
      repo.dir,
      '--format',
      'text',
      '--format',
      'github',
      '-o',
      path.join(out, 'gh.txt'),
    ]);
    expect(ci.code).toBe(1);
    expect(ci.stdout).toContain('drop probes');
    expect(fs.readFileSync(path.join(out, 'gh.txt'), 'utf8')).toMatch(/^::error file=.*\(commit [0-9a-f]{12} drop probes\)$/m);
  });

  test('usage mistakes are exit 2 with one line', async () => {
    const bad: Array<[string[], RegExp]> = [
      [
        ['--all', '--format', 'sarf'],
        /--format must be one of text, json, sarif, junit, github, gitlab, not "sarf" \(did you mean "sarif"\?\)/,
      ],
      [['--all', '--output-file', 'x.json'], /each --output-file needs a --format before it/],
      [['--all', '--format', 'json', '--format', 'sarif'], /only one of json, sarif can go to stdout/],
      [['list', '--format', 'sarif'], /--format sarif goes with --all, --staged, a hook, ci and fix; list writes text or json/],
      [['--all', '--max-warnings', 'many'], /--max-warnings must be a whole number/],
    ];
    for (const [args, says] of bad) {
      const r = await runCli([...args, '--cwd', EXAMPLE_DIR]);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toMatch(says);
    }
  });

  test('an output file that cannot be written is exit 2, not a silent pass', async () => {
    const file = path.join(tempDir({ blocker: 'a file, not a folder\n' }), 'blocker', 'r.sarif');
    const r = await runCli(['--all', '--cwd', EXAMPLE_DIR, '--format', 'sarif', '--output-file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write the sarif report to .*r\.sarif: (ENOTDIR|EEXIST)/);
  });
});

describe('spine-hooks fix --format sarif|json: each finding with its repair', () => {
  /** monitoring's SSH target renamed away (an SSH target fix can derive) and its probes gone (a probe needs a port). */
  const broken = () => tempDir({ ...base, [S]: base[S].replace('- id: "monitoring"', '- id: "monitoring-old"'), [H]: noProbes(base[H]) });
  /** A text with a replacement of 1-based lines and columns (end exclusive) made, as a SARIF consumer makes it. */
  const replace = (text: string, r: { startLine: number; startColumn: number; endLine: number; endColumn: number }, by: string) => {
    const offset = (line: number, column: number) =>
      text
        .split('\n')
        .slice(0, line - 1)
        .reduce((n, l) => n + l.length + 1, 0) +
      column -
      1;
    return text.slice(0, offset(r.startLine, r.startColumn)) + by + text.slice(offset(r.endLine, r.endColumn));
  };

  test('sarif: results carry fixes whose artifactChanges are valid SARIF 2.1.0 and make the same edit as --write', async () => {
    const dir = broken();
    const r = await runCli(['fix', '--format', 'sarif', '--cwd', dir]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validSarif(log) ? [] : validSarif.errors).toEqual([]);
    const results = log.runs[0].results as Array<{ properties: { check: string; entity?: string }; fixes?: unknown[] }>;
    const ssh = results.find((x) => x.properties.check === 'touchpoint/ssh-target' && x.properties.entity === 'monitoring')!;
    const change = (
      ssh.fixes as Array<{
        artifactChanges: Array<{
          artifactLocation: { uri: string };
          replacements: Array<{ deletedRegion: never; insertedContent: { text: string } }>;
        }>;
      }>
    )[0].artifactChanges[0];
    expect(change.artifactLocation.uri).toBe(S);
    const before = fs.readFileSync(path.join(dir, S), 'utf8');
    const edited = replace(before, change.replacements[0].deletedRegion, change.replacements[0].insertedContent.text);
    expect((await runCli(['fix', '--write', '--gate', 'D69', '--cwd', dir])).code).toBe(0);
    expect(edited).toBe(fs.readFileSync(path.join(dir, S), 'utf8'));
    // A finding whose repair needs a value has no fix to offer.
    expect(results.find((x) => x.properties.check === 'touchpoint/health-probe')?.fixes).toBeUndefined();
  });

  test('json: findings carry fix (file, range, replacement) or the fields it needs, valid against schemas/report.schema.json', async () => {
    const r = await runCli(['fix', '--format', 'json', '--cwd', broken()]);
    const json = JSON.parse(r.stdout);
    const v = new SchemaValidator({ precompiled: false });
    expect(v.validate(v.compileFile(schemaFile('report.schema.json')), json)).toEqual([]);
    const findings = (json.gates as Array<{ findings: Array<{ check: string; entity?: string; fix?: unknown }> }>).flatMap(
      (g) => g.findings,
    );
    expect(findings.find((f) => f.check === 'touchpoint/ssh-target' && f.entity === 'monitoring')?.fix).toMatchObject({
      file: S,
      range: { start: { line: expect.any(Number), column: 1 } },
      replacement: expect.stringContaining('- id: "monitoring"'),
    });
    expect(findings.find((f) => f.check === 'touchpoint/health-probe')?.fix).toEqual({
      needs: [{ field: 'port', how: '--set port=… (or give health_endpoints a fix_templates entry that does not use {port})' }],
    });
  });
});
