import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { makeRepo, type Repo } from '../helpers/gitRepo';
import { runCli } from '../helpers/runCli';
import { exampleFiles } from '../helpers/example';
import { ciTemplate, DOCUMENTED_SETUP, GITLAB_INCLUDED_FILE, WORKFLOW_FILE } from '../../src/init/ciTemplates';
import { nodeMajor } from '../../src/init/nodeMajor';
import type { CiProvider } from '../../src/cli/parseCliArgs';
import { L, docFile } from '../helpers/paths';
import { editFile } from '../helpers/edits';

/**
 * `spine-hooks init --ci github|gitlab|gitea` in real repositories of the example estate: what is
 * written where, what it means to the CI system (parsed as YAML), that it is written once and never
 * over a user's edit, and that the `spine-hooks ci` line it holds runs, with the CI variables
 * replaced by the SHAs of a real push.
 */
jest.setTimeout(120_000);

const PROVIDERS: CiProvider[] = ['github', 'gitlab', 'gitea'];
const PKG = `${JSON.stringify({ name: 'estate', private: true, devDependencies: { 'spine-hooks': '^0.1.0' } }, null, 2)}\n`;
const LOCK = '{ "name": "estate", "lockfileVersion": 3, "packages": {} }\n';
const ZEROS = '0'.repeat(40);
const UNCHANGED = 'spine-hooks: CI workflow already installed, nothing changed\n';

/** The example estate with a package.json (and lock file), at the top level or in `sub`/. */
function estate(opts: { sub?: string; pkg?: string; lock?: boolean; extra?: Record<string, string> } = {}): Repo {
  const files: Record<string, string> = {
    ...exampleFiles(),
    'package.json': opts.pkg ?? PKG,
    ...(opts.lock === false ? {} : { 'package-lock.json': LOCK }),
  };
  const placed = Object.fromEntries(Object.entries(files).map(([k, v]) => [opts.sub ? `${opts.sub}/${k}` : k, v]));
  return makeRepo({ ...placed, ...(opts.sub ? { 'README.md': 'monorepo\n' } : {}), ...opts.extra });
}

const init = (repo: Repo, provider: CiProvider, sub = '') => runCli(['init', '--ci', provider], { cwd: path.join(repo.dir, sub) });
const exists = (repo: Repo, rel: string) => fs.existsSync(path.join(repo.dir, rel));

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface ActionsWorkflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { defaults?: { run?: { 'working-directory'?: string } }; steps: Step[] }>;
}
interface GitlabJob {
  image: string;
  variables: Record<string, unknown>;
  rules: Array<{ if?: string; when?: string }>;
  script: string[];
  artifacts: { when: string; reports: Record<string, string> };
}

const job = (wf: ActionsWorkflow) => Object.values(wf.jobs)[0];
/** The step whose run line is the spine-hooks ci command. */
const ciStep = (wf: ActionsWorkflow) => job(wf).steps.find((s) => /\bspine-hooks ci\b/.test(s.run ?? ''))!;
/** The `spine-hooks ci …` command line of a template. */
const ciLine = (text: string) => /npx spine-hooks ci .*/.exec(text)![0];

/** Words of a command line as sh splits them (quotes grouped and removed; no expansion left to do). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur ??= '';
    } else if (/\s/.test(ch)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + ch;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

/** GitHub's `${{ a || b }}`: the first operand the event's context has a value for. */
const actionsExpand = (line: string, ctx: Record<string, string>) =>
  line.replace(
    /\$\{\{\s*(.*?)\s*\}\}/g,
    (_, expr: string) =>
      expr
        .split('||')
        .map((s) => ctx[s.trim()])
        .find((v) => v) ?? '',
  );
/** sh's `${A:-$B}` and `$A`, from the pipeline's variables. */
const shellExpand = (line: string, env: Record<string, string>) =>
  line.replace(/\$\{(\w+):-\$(\w+)\}|\$(\w+)/g, (_, a: string, b: string, c: string) => (c ? (env[c] ?? '') : env[a] || env[b] || ''));

/** The values after each `--output-file` of a command line, with the --format before it. */
function reportFiles(args: string[]): Array<{ format: string; file: string }> {
  const out: Array<{ format: string; file: string }> = [];
  args.forEach((a, i) => {
    if (a === '--output-file') out.push({ file: args[i + 1], format: args[args.lastIndexOf('--format', i) + 1] });
  });
  return out;
}

describe('init --ci writes the workflow at the top level', () => {
  test.each(PROVIDERS)('%s: the documented workflow, valid YAML, both triggers, the whole history', async (provider) => {
    const repo = estate();
    const r = await init(repo, provider);
    expect(r).toEqual({ code: 0, stdout: `spine-hooks: wrote ${WORKFLOW_FILE[provider]}\n`, stderr: '' });
    const text = repo.read(WORKFLOW_FILE[provider]);
    expect(text).toBe(ciTemplate(provider, DOCUMENTED_SETUP));
    expect(text.split('\n')[0]).toBe(`# Written by \`spine-hooks init --ci ${provider}\`.`);
    const command = shellWords(ciLine(text));
    expect(command.slice(0, 3)).toEqual(['npx', 'spine-hooks', 'ci']);

    if (provider === 'gitlab') {
      const doc = parse(text) as Record<string, GitlabJob>;
      const j = doc['spine-hooks'];
      expect(String(j.variables.GIT_DEPTH)).toBe('0');
      expect(j.image).toBe('node:22');
      const ifs = j.rules.filter((r) => r.when !== 'never').map((r) => r.if);
      expect(ifs).toEqual(expect.arrayContaining(['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_COMMIT_BRANCH']));
      expect(j.script).toEqual(['npm ci', ciLine(text)]);
      expect(j.artifacts.when).toBe('always');
      expect(reportFiles(command)).toEqual([
        { format: 'gitlab', file: j.artifacts.reports.codequality },
        { format: 'junit', file: j.artifacts.reports.junit },
      ]);
      expect(command).toEqual(
        expect.arrayContaining(['--from', '${CI_MERGE_REQUEST_DIFF_BASE_SHA:-$CI_COMMIT_BEFORE_SHA}', '--to', '$CI_COMMIT_SHA']),
      );
      return;
    }
    const wf = parse(text) as ActionsWorkflow;
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    const steps = job(wf).steps;
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with!['fetch-depth']).toBe(0);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with!['node-version']).toBe(22);
    expect(steps.map((s) => s.run).filter(Boolean)[0]).toBe('npm ci');
    expect(steps.indexOf(checkout)).toBeLessThan(steps.indexOf(ciStep(wf)));
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    if (provider === 'gitea') {
      expect(upload).toBeUndefined();
      expect(reportFiles(command)).toEqual([]);
      expect(command.slice(command.indexOf('--format'))).toEqual(['--format', 'text']);
      return;
    }
    expect(upload!.uses).toMatch(/@v\d+$/);
    expect(upload!.if).toMatch(/^always\(\)/);
    expect(wf.permissions!['security-events']).toBe('write');
    expect(reportFiles(command)).toEqual([{ format: 'sarif', file: upload!.with!.sarif_file }]);
    // An explicit --format replaces the default (text plus annotations in GitHub Actions): text is asked for.
    expect(command.slice(command.indexOf('--format'), command.indexOf('--format') + 2)).toEqual(['--format', 'text']);
  });

  test.each(PROVIDERS)('%s: only the workflow; the hooks are a separate init', async (provider) => {
    const repo = estate();
    await init(repo, provider);
    expect(exists(repo, '.husky')).toBe(false);
    expect(exists(repo, '.gitattributes')).toBe(false);
    expect(repo.tryGit(['config', '--get', 'core.hooksPath']).stdout).toBe('');
    expect(repo.git(['status', '--porcelain', '--untracked-files=all']).trim()).toBe(`?? ${WORKFLOW_FILE[provider]}`);
  });

  test.each(PROVIDERS)('%s: running it again changes nothing', async (provider) => {
    const repo = estate();
    await init(repo, provider);
    const bytes = fs.readFileSync(path.join(repo.dir, WORKFLOW_FILE[provider]));
    const state = repo.state();
    expect(await init(repo, provider)).toEqual({ code: 0, stdout: UNCHANGED, stderr: '' });
    expect(fs.readFileSync(path.join(repo.dir, WORKFLOW_FILE[provider]))).toEqual(bytes);
    expect(repo.state()).toBe(state);
  });

  test.each(PROVIDERS)('%s: a workflow edited by hand is left alone, with a note on regenerating it', async (provider) => {
    const repo = estate();
    await init(repo, provider);
    const file = WORKFLOW_FILE[provider];
    const edited = repo.read(file).replace('node-version: 22', 'node-version: 24').replace('node:22', 'node:24');
    repo.write({ [file]: edited });
    const r = await init(repo, provider);
    expect([r.code, r.stdout]).toEqual([0, UNCHANGED]);
    expect(r.stderr).toBe(
      `spine-hooks: note: ${file} differs from what spine-hooks init --ci ${provider} writes (edited by hand?), ` +
        `so it was left as it is; to regenerate it, delete it and run spine-hooks init --ci ${provider} again\n`,
    );
    expect(repo.read(file)).toBe(edited);
    expect(exists(repo, GITLAB_INCLUDED_FILE)).toBe(false);
  });

  test('a checkout with CRLF line ends is not an edit', async () => {
    const repo = estate();
    await init(repo, 'github');
    editFile(repo, WORKFLOW_FILE.github, (t) => t.replace(/\n/g, '\r\n'));
    expect(await init(repo, 'github')).toEqual({ code: 0, stdout: UNCHANGED, stderr: '' });
  });

  test('--ci with --no-husky is a usage error: the workflow and the hooks are two inits', async () => {
    const repo = estate();
    const r = await runCli(['init', '--ci', 'github', '--no-husky'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('init --ci writes the CI workflow only');
    expect(exists(repo, WORKFLOW_FILE.github)).toBe(false);
  });
});

describe('GitLab: an existing .gitlab-ci.yml is included into, never replaced', () => {
  const MAIN = [
    '# Pipeline of the estate repository. Owned by ops.',
    'stages: [lint, test]',
    '',
    'variables:',
    '  TZ: Europe/Berlin # the NAS schedules are local time',
    '',
    '.node: &node',
    '  image: node:22',
    '',
    'lint:',
    '  <<: *node',
    '  stage: lint',
    '  script:',
    '    - "echo \'lint: ok\'"   # quoted on purpose',
    '',
  ].join('\n');
  const INCLUDE_LINE = `- local: ${GITLAB_INCLUDED_FILE}`;

  test('no include: yet: one is appended, every other byte kept; a second run changes nothing', async () => {
    const repo = estate({ extra: { '.gitlab-ci.yml': MAIN } });
    const r = await init(repo, 'gitlab');
    expect(r).toEqual({
      code: 0,
      stdout: `spine-hooks: wrote ${GITLAB_INCLUDED_FILE}\nspine-hooks: .gitlab-ci.yml: added "${INCLUDE_LINE}" to include:\n`,
      stderr: '',
    });
    expect(repo.read(GITLAB_INCLUDED_FILE)).toBe(ciTemplate('gitlab', DOCUMENTED_SETUP));
    expect(repo.read('.gitlab-ci.yml')).toBe(`${MAIN}\ninclude:\n  ${INCLUDE_LINE}\n`);
    const doc = parse(repo.read('.gitlab-ci.yml'));
    expect(doc.include).toEqual([{ local: GITLAB_INCLUDED_FILE }]);
    expect(doc.lint.script).toEqual(["echo 'lint: ok'"]);
    const state = repo.state();
    expect(await init(repo, 'gitlab')).toEqual({ code: 0, stdout: UNCHANGED, stderr: '' });
    expect(repo.state()).toBe(state);
  });

  test('include: as a block list: the entry joins it after the last item, comments and layout kept', async () => {
    const main = [
      '# shared templates first',
      'include:',
      '    - project: ops/ci-templates # pinned below',
      '      ref: v3',
      '      file: /node.yml',
      "    - remote: 'https://example.test/lint.yml'  # lint",
      '',
      '# our own jobs',
      'build:',
      '  script: [make]',
      '',
    ].join('\n');
    const repo = estate({ extra: { '.gitlab-ci.yml': main } });
    expect((await init(repo, 'gitlab')).code).toBe(0);
    expect(repo.read('.gitlab-ci.yml')).toBe(main.replace('  # lint\n', `  # lint\n    ${INCLUDE_LINE}\n`));
    expect(parse(repo.read('.gitlab-ci.yml')).include).toHaveLength(3);
    expect(await init(repo, 'gitlab')).toEqual({ code: 0, stdout: UNCHANGED, stderr: '' });
  });

  test.each([
    ['a local glob that matches the job file', 'include:\n  - local: .gitlab/ci/*.yml\nbuild:\n  script: [make]\n'],
    ['the entry with a leading slash', "include:\n  - local: '/.gitlab/ci/spine-hooks.yml'\nbuild:\n  script: [make]\n"],
    ['a plain string entry', 'include: .gitlab/ci/spine-hooks.yml\nbuild:\n  script: [make]\n'],
  ])('an include: that already brings the job in (%s) is left as it is', async (_, main) => {
    const repo = estate({ extra: { '.gitlab-ci.yml': main } });
    expect(await init(repo, 'gitlab')).toEqual({ code: 0, stdout: `spine-hooks: wrote ${GITLAB_INCLUDED_FILE}\n`, stderr: '' });
    expect(repo.read('.gitlab-ci.yml')).toBe(main);
  });

  test.each([
    ['include: as one string', 'include: /templates/base.yml\nbuild:\n  script: [make]\n', 'its include: is not a block list'],
    ['include: as a flow list', 'include: [{ local: base.yml }]\nbuild:\n  script: [make]\n', 'its include: is not a block list'],
    ['a flow map at the top', '{ build: { script: [make] } }\n', 'its top level is not a block map'],
    ['YAML that does not parse', 'build:\n  script: [make\n', 'it does not parse as YAML'],
  ])('%s cannot be edited safely: untouched, and the note says what to add (exit 0)', async (_, main, why) => {
    const repo = estate({ extra: { '.gitlab-ci.yml': main } });
    const r = await init(repo, 'gitlab');
    expect([r.code, r.stdout]).toEqual([0, `spine-hooks: wrote ${GITLAB_INCLUDED_FILE}\n`]);
    expect(r.stderr).toContain(
      `spine-hooks: note: .gitlab-ci.yml was left as it is (${why}): to run the spine-hooks job, ` +
        `add this entry to its include: list yourself:\n  ${INCLUDE_LINE}\n`,
    );
    expect(repo.read('.gitlab-ci.yml')).toBe(main);
  });

  test('stages: without test gets a note (the job runs in stage test)', async () => {
    const repo = estate({ extra: { '.gitlab-ci.yml': 'stages: [build, deploy]\nbuild:\n  stage: build\n  script: [make]\n' } });
    const r = await init(repo, 'gitlab');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("runs in stage test (GitLab's default), which the stages: of .gitlab-ci.yml does not list");
    expect(parse(repo.read('.gitlab-ci.yml')).include).toEqual([{ local: GITLAB_INCLUDED_FILE }]);
  });
});

describe('a project in a subfolder of the repository', () => {
  test.each(PROVIDERS)('%s: the workflow goes to the top level and its job works in infra/', async (provider) => {
    const repo = estate({ sub: 'infra' });
    const r = await init(repo, provider, 'infra');
    expect(r).toEqual({
      code: 0,
      stdout: `spine-hooks: wrote ${WORKFLOW_FILE[provider]} (at the top level of the repository; the job works in infra/)\n`,
      stderr: '',
    });
    expect(exists(repo, `infra/${WORKFLOW_FILE[provider]}`)).toBe(false);
    const text = repo.read(WORKFLOW_FILE[provider]);
    expect(text).toBe(ciTemplate(provider, { ...DOCUMENTED_SETUP, sub: 'infra' }));
    if (provider === 'gitlab') {
      const j = (parse(text) as Record<string, GitlabJob>)['spine-hooks'];
      expect(j.script[0]).toBe('cd infra');
      expect(Object.values(j.artifacts.reports)).toEqual(['infra/gl-code-quality-report.json', 'infra/spine-hooks.junit.xml']);
    } else {
      const wf = parse(text) as ActionsWorkflow;
      expect(job(wf).defaults?.run?.['working-directory']).toBe('infra');
      const upload = job(wf).steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
      if (provider === 'github')
        expect([upload!.with!.sarif_file, upload!.if]).toEqual([
          'infra/spine-hooks.sarif',
          expect.stringContaining("hashFiles('infra/spine-hooks.sarif')"),
        ]);
    }
    expect(await init(repo, provider, 'infra')).toEqual({ code: 0, stdout: UNCHANGED, stderr: '' });
  });
});

describe('what the job installs follows package.json', () => {
  test('engines.node picks the Node major, no lock file means npm install', async () => {
    const pkg = `${JSON.stringify({ name: 'estate', engines: { node: '^20.17.0' }, devDependencies: { 'spine-hooks': '*' } })}\n`;
    const repo = estate({ pkg, lock: false });
    await init(repo, 'github');
    const wf = parse(repo.read(WORKFLOW_FILE.github)) as ActionsWorkflow;
    expect(job(wf).steps.find((s) => s.uses?.startsWith('actions/setup-node@'))!.with!['node-version']).toBe(20);
    expect(
      job(wf)
        .steps.map((s) => s.run)
        .filter(Boolean)[0],
    ).toBe('npm install');
  });

  test.each([
    [undefined, 22],
    ['>=20.17', 22],
    ['>= 22.1 < 23', 22],
    ['^20', 20],
    ['20.x', 20],
    ['~18.19.0', 18],
    ['<22', 20],
    ['18 || 20', 20],
    ['20 - 21', 20],
    ['>=24', 24],
    ['>=21 <22', 21],
    ['>21', 22],
    ['>=25', 25],
    ['*', 22],
    ['latest', undefined],
  ])('engines.node %p → Node %p', (range, major) => {
    expect(nodeMajor(range)).toBe(major);
  });

  test('notes: an engines.node it cannot read, spine-hooks missing from the dependencies', async () => {
    const repo = estate({ pkg: `${JSON.stringify({ name: 'estate', engines: { node: 'lts' } })}\n` });
    const r = await init(repo, 'gitea');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'spine-hooks: note: cannot tell which Node versions engines.node "lts" allows: the workflow installs Node 22',
    );
    expect(r.stderr).toContain('spine-hooks: note: spine-hooks is not a dependency of this project');
  });
});

describe('the spine-hooks ci line of each template runs', () => {
  /** The example estate (top level or infra/), then a second commit that touches a file the gates read. */
  function pushedRange(sub: string) {
    const repo = estate({ sub });
    const base = repo.git(['rev-parse', 'HEAD']).trim();
    const file = sub ? `${sub}/${L}` : L;
    repo.write({ [file]: `${repo.read(file)}# reviewed\n` });
    repo.git(['commit', '-q', '-am', 'review the lifecycle']);
    return { repo, base, head: repo.git(['rev-parse', 'HEAD']).trim() };
  }

  type Scenario = [CiProvider, string, string, (b: string, h: string) => Record<string, string>];
  const scenarios: Scenario[] = [
    ['github', 'a push', '', (b, h) => ({ 'github.event.before': b, 'github.sha': h })],
    [
      'github',
      'a pull request',
      '',
      (b, h) => ({ 'github.event.pull_request.base.sha': b, 'github.event.pull_request.head.sha': h, 'github.sha': 'f'.repeat(40) }),
    ],
    ['github', 'a new branch (all-zero before)', '', (_, h) => ({ 'github.event.before': ZEROS, 'github.sha': h })],
    ['github', 'a push, project in infra/', 'infra', (b, h) => ({ 'github.event.before': b, 'github.sha': h })],
    ['gitea', 'a push', '', (b, h) => ({ 'github.event.before': b, 'github.sha': h })],
    ['gitea', 'a pull request', '', (b, h) => ({ 'github.event.pull_request.base.sha': b, 'github.event.pull_request.head.sha': h })],
    ['gitlab', 'a branch push', '', (b, h) => ({ CI_COMMIT_BEFORE_SHA: b, CI_COMMIT_SHA: h })],
    ['gitlab', 'a merge request', '', (b, h) => ({ CI_MERGE_REQUEST_DIFF_BASE_SHA: b, CI_COMMIT_BEFORE_SHA: ZEROS, CI_COMMIT_SHA: h })],
    ['gitlab', 'a branch push, project in infra/', 'infra', (b, h) => ({ CI_COMMIT_BEFORE_SHA: b, CI_COMMIT_SHA: h })],
  ];

  test.each(scenarios)('%s, %s: exit 0 and the report files it names, parsed', async (provider, _, sub, vars) => {
    const { repo, base, head } = pushedRange(sub);
    const text = ciTemplate(provider, { ...DOCUMENTED_SETUP, sub });
    // Where the job runs its commands: the template's working directory, or its `cd`.
    const dir =
      provider === 'gitlab'
        ? ((parse(text) as Record<string, GitlabJob>)['spine-hooks'].script.find((l) => l.startsWith('cd ')) ?? 'cd .').slice(3)
        : (job(parse(text) as ActionsWorkflow).defaults?.run?.['working-directory'] ?? '.');
    expect(dir).toBe(sub || '.');
    const ctx = vars(base, head);
    const line = provider === 'gitlab' ? shellExpand(ciLine(text), ctx) : actionsExpand(ciLine(text), ctx);
    const words = shellWords(line);
    expect(words.slice(0, 2)).toEqual(['npx', 'spine-hooks']);
    const args = words.slice(2);
    expect(args.slice(args.indexOf('--from'), args.indexOf('--from') + 4)).toEqual([
      '--from',
      ctx['github.event.pull_request.base.sha'] ??
        ctx.CI_MERGE_REQUEST_DIFF_BASE_SHA ??
        ctx['github.event.before'] ??
        ctx.CI_COMMIT_BEFORE_SHA,
      '--to',
      head,
    ]);
    const cwd = path.join(repo.dir, dir);
    const r = await runCli(args, { cwd });
    expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
    // The range was not empty: the commit that touched the lifecycle file was checked.
    expect(r.stdout).toMatch(/^spine-hooks: checked [1-9]\d* of [1-9]\d* commits?/m);
    for (const { format, file } of reportFiles(args)) {
      const written = path.join(cwd, file);
      expect([file, fs.existsSync(written)]).toEqual([file, true]);
      const content = fs.readFileSync(written, 'utf8');
      if (format === 'junit') expect(content.startsWith('<?xml')).toBe(true);
      else if (format === 'sarif') expect(JSON.parse(content).version).toBe('2.1.0');
      else expect(Array.isArray(JSON.parse(content))).toBe(true);
    }
  });
});

describe('docs/ci.md shows each template as init writes it', () => {
  const doc = fs.readFileSync(docFile('ci.md'), 'utf8');
  test.each([
    ['GitHub Actions', 'github'],
    ['GitLab CI', 'gitlab'],
    ['Gitea Actions', 'gitea'],
  ] as Array<[string, CiProvider]>)('## %s', (heading, provider) => {
    const at = doc.indexOf(`\n## ${heading}\n`);
    expect(at).toBeGreaterThan(-1);
    const open = doc.indexOf('```yaml\n', at) + '```yaml\n'.length;
    const block = doc.slice(open, doc.indexOf('\n```\n', open) + 1);
    expect(doc.indexOf('\n## ', at + 1) === -1 || doc.indexOf('\n## ', at + 1) > open).toBe(true);
    expect(block).toBe(ciTemplate(provider, DOCUMENTED_SETUP));
  });
});
