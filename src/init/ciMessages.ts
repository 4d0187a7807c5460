import type { CiProvider } from './ciTemplates';

/** Text `init --ci` prints (kept apart from the gate messages in messages.ts, like hookMessages.ts). */
export const CI_MSG = {
  unchanged: 'spine-hooks: CI workflow already installed, nothing changed',
  wrote: (file: string, sub: string) => `wrote ${file}${sub ? ` (at the top level of the repository; the job works in ${sub}/)` : ''}`,
  includeAdded: (main: string, line: string) => `${main}: added "${line}" to include:`,
  differs: (file: string, provider: CiProvider) =>
    `${file} differs from what spine-hooks init --ci ${provider} writes (edited by hand?), so it was left as it is; to regenerate it, delete it and run spine-hooks init --ci ${provider} again`,
  includeByHand: (main: string, why: string, included: string) =>
    `${main} was left as it is (${why}): to run the spine-hooks job, add this entry to its include: list yourself:\n  - local: ${included}\n(or, without an include: key yet:\ninclude:\n  - local: ${included}\n)`,
  stageMissing: (main: string, included: string) =>
    `the spine-hooks job runs in stage test (GitLab's default), which the stages: of ${main} does not list: add test there, or give the job a stage: in ${included}`,
  notADependency:
    'spine-hooks is not a dependency of this project, so npx in CI would download whatever version is newest: run `npm install --save-dev spine-hooks` and commit package.json and the lock file',
  enginesUnread: (range: string, major: string) =>
    `cannot tell which Node versions engines.node "${range}" allows: the workflow installs Node ${major}; change node-version in it if needed`,
  noHuskyWithCi:
    'init --ci writes the CI workflow only, and --no-husky is about installing the hooks: run spine-hooks init --ci PROVIDER and spine-hooks init --no-husky separately',
} as const;
