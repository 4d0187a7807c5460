/** The CI systems `init --ci` writes a workflow for. */
export const CI_PROVIDERS = ['github', 'gitlab', 'gitea'] as const;
export type CiProvider = (typeof CI_PROVIDERS)[number];

/** What a generated job depends on in the project it checks. */
export interface CiSetup {
  /** The SSOT project's folder below the git top level ('' when it is the top level). */
  sub: string;
  /** The Node major the job installs. */
  node: number;
  /** `npm ci` with a lock file, else `npm install`. */
  install: 'npm ci' | 'npm install';
}

/** The set-up docs/ci.md shows (a top-level project with a lock file, the default Node). */
export const DOCUMENTED_SETUP: CiSetup = { sub: '', node: 22, install: 'npm ci' };

/** Where each provider looks for the workflow, relative to the git top level. */
export const WORKFLOW_FILE: Record<CiProvider, string> = {
  github: '.github/workflows/spine-hooks.yml',
  gitlab: '.gitlab-ci.yml',
  gitea: '.gitea/workflows/spine-hooks.yml',
};
/** The GitLab job's own file when the repository already has a .gitlab-ci.yml (which then includes it). */
export const GITLAB_INCLUDED_FILE = '.gitlab/ci/spine-hooks.yml';

/** First line of every generated file: how init tells its own .gitlab-ci.yml from the user's. */
export function headerLine(provider: CiProvider): string {
  return `# Written by \`spine-hooks init --ci ${provider}\`.`;
}

/** The report files the jobs write (relative to the project folder, where spine-hooks runs). */
const SARIF = 'spine-hooks.sarif';
const CODE_QUALITY = 'gl-code-quality-report.json';
const JUNIT = 'spine-hooks.junit.xml';

/**
 * The pushed range in GitHub's (and Gitea's) expression language: a pull request's base..head, else
 * a push's before..after. An all-zero `before` (a new branch) is `spine-hooks ci`'s own business.
 */
const ACTIONS_RANGE =
  '--from "${{ github.event.pull_request.base.sha || github.event.before }}" --to "${{ github.event.pull_request.head.sha || github.sha }}"';
/** GitLab: a merge request's diff base, else the branch's previous tip (all zeros for a new branch). */
const GITLAB_RANGE = '--from "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-$CI_COMMIT_BEFORE_SHA}" --to "$CI_COMMIT_SHA"';

/** The workflow `spine-hooks init --ci <provider>` writes, as YAML text. */
export function ciTemplate(provider: CiProvider, setup: CiSetup): string {
  switch (provider) {
    case 'github':
    case 'gitea':
      return actions(provider, setup);
    case 'gitlab':
      return gitlab(setup);
  }
}

function header(provider: CiProvider, setup: CiSetup, what: string[]): string[] {
  return [
    headerLine(provider),
    `# It checks every commit a push or a ${provider === 'gitlab' ? 'merge' : 'pull'} request brings with \`spine-hooks ci\`, each commit`,
    '# on its own tree, so that drift which got past the local hooks (--no-verify, SPINE_HOOKS=0, a',
    '# web editor) still fails here.',
    ...what.map((l) => `# ${l}`),
    '# init leaves this file alone once it differs from what init writes: to regenerate it, delete it',
    `# and run \`npx spine-hooks init --ci ${provider}\`${setup.sub ? ` in ${setup.sub}/` : ''} again (npx spine-hooks explain ci).`,
  ];
}

/** GitHub Actions, and Gitea Actions (the same workflow language; Gitea has no code scanning). */
function actions(provider: 'github' | 'gitea', setup: CiSetup): string {
  const github = provider === 'github';
  const sarif = setup.sub ? `${setup.sub}/${SARIF}` : SARIF;
  return lines(
    ...header(
      provider,
      setup,
      github
        ? ['The findings go to the log and, as SARIF, to code scanning (the Security tab and the pull', 'request).']
        : ['The findings go to the log (Gitea has no code scanning).'],
    ),
    'name: spine-hooks',
    '',
    'on:',
    '  push:',
    "    branches: ['**']",
    '  pull_request:',
    '',
    ...(github
      ? [
          'permissions:',
          '  contents: read',
          '  # For upload-sarif: security-events to store the results, actions to read the run (private',
          '  # repositories).',
          '  security-events: write',
          '  actions: read',
          '',
        ]
      : []),
    'jobs:',
    '  spine-hooks:',
    '    runs-on: ubuntu-latest',
    ...(setup.sub ? ['    defaults:', '      run:', `        working-directory: ${yamlScalar(setup.sub)}`] : []),
    '    steps:',
    ...(github ? [] : ['      # The v4 actions run on node20, which every act_runner supports.']),
    `      - uses: actions/checkout@${github ? 'v5' : 'v4'}`,
    '        with:',
    '          fetch-depth: 0 # the whole history: every commit of the range, and its base',
    `      - uses: actions/setup-node@${github ? 'v5' : 'v4'}`,
    '        with:',
    `          node-version: ${setup.node}`,
    `      - run: ${setup.install}`,
    '      # A pull request: base..head. A push: before..after (a new branch has an all-zero before:',
    '      # then every commit it brings is checked, up to the verified bases it declares).',
    ...(github
      ? [
          `      - run: npx spine-hooks ci ${ACTIONS_RANGE} --format text --format sarif --output-file ${SARIF}`,
          '      # Also when the check failed, which is when the findings matter; not when there is no report',
          '      # (spine-hooks could not run) or for a pull request from a fork (its token cannot write).',
          '      - uses: github/codeql-action/upload-sarif@v4',
          `        if: always() && hashFiles('${sarif.replace(/'/g, "''")}') != '' && !github.event.pull_request.head.repo.fork`,
          '        with:',
          `          sarif_file: ${yamlScalar(sarif)}`,
          '          category: spine-hooks',
        ]
      : [
          '      # --format text: Gitea sets GITHUB_ACTIONS=true but shows no workflow-command annotations.',
          `      - run: npx spine-hooks ci ${ACTIONS_RANGE} --format text`,
        ]),
  );
}

function gitlab(setup: CiSetup): string {
  const report = (file: string) => yamlScalar(setup.sub ? `${setup.sub}/${file}` : file);
  return lines(
    ...header('gitlab', setup, [
      'The findings go to the log, to the merge request as a Code Quality report and to the pipeline',
      "as JUnit test results. The job runs in stage test, GitLab's default.",
    ]),
    'spine-hooks:',
    `  image: node:${setup.node}`,
    '  variables:',
    '    GIT_DEPTH: 0 # the whole history: every commit of the range, and its base',
    '  rules:',
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    '    - if: $CI_COMMIT_BRANCH',
    '  script:',
    ...(setup.sub ? [`    - cd ${yamlScalar(shellWord(setup.sub))}`] : []),
    `    - ${setup.install}`,
    '    # A merge request: its diff base..head. A push: before..after (a new branch has an all-zero',
    '    # before: then every commit it brings is checked, up to the verified bases it declares).',
    `    - npx spine-hooks ci ${GITLAB_RANGE} --format text --format gitlab --output-file ${CODE_QUALITY} --format junit --output-file ${JUNIT}`,
    '  artifacts:',
    '    when: always',
    '    reports:',
    `      codequality: ${report(CODE_QUALITY)}`,
    `      junit: ${report(JUNIT)}`,
  );
}

function lines(...ls: string[]): string {
  return `${ls.join('\n')}\n`;
}

/** A plain YAML scalar where that is safe, else a double-quoted one (JSON strings are valid YAML). */
function yamlScalar(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : JSON.stringify(s);
}

function shellWord(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
