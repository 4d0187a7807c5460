import * as fs from 'node:fs';
import * as path from 'node:path';
import { hookedRepo, makeRepo, runBuilt } from '../helpers/gitRepo';
import { runCli } from '../helpers/runCli';
import { CONFIG } from '../helpers/paths';
import { y } from '../helpers/gateHarness';

/**
 * `path_exists: executable | file | folder` reads the kind of a path where each mode keeps it: git's
 * modes in the index (pre-commit) and in commits (ci), the file system's for `--all`.
 */
jest.setTimeout(120_000);

const config = y`
  files:
    jobs: ops/jobs.yaml
  collections:
    jobs: { file: jobs, shape: list, select: jobs, key: id, label: "job {id}" }
  add_gates:
    - id: D701
      name: job-scripts-runnable
      description: Every job's script exists and is executable.
      severity: error
      lanes: [core]
      fix_hint: Commit the script with its executable bit (git update-index --chmod=+x).
      rules:
        - kind: require
          id: script
          source: jobs
          satisfies: { script: { path_exists: executable }, logs: { path_exists: folder } }
`;
const files = {
  [CONFIG]: config,
  'ops/jobs.yaml': 'jobs:\n  - id: backup\n    script: bin/backup.sh\n    logs: var/log\n',
  'bin/backup.sh': '#!/bin/sh\necho backup\n',
  'var/log/.keep': '',
};

describe('path kinds in every mode', () => {
  test('the index decides at pre-commit, the commit in ci, the file system under --all', async () => {
    const repo = makeRepo(files);
    // Committed without the executable bit: every mode refuses.
    expect((await runCli(['--all', '--gate', 'D701'], { cwd: repo.dir })).code).toBe(1);
    const head = repo.git(['rev-parse', 'HEAD']).trim();
    expect(runBuilt(['ci', '--from', head + '~0', '--to', 'HEAD'], repo.dir).status).toBe(0); // an empty range
    // The bit set in the index only (as `git update-index --chmod=+x` does): the index is what is committed.
    repo.git(['update-index', '--chmod=+x', 'bin/backup.sh']);
    repo.write({ 'ops/jobs.yaml': files['ops/jobs.yaml'] + '# touched\n' });
    repo.git(['add', 'ops/jobs.yaml']);
    const staged = await runCli(['--staged', '--gate', 'D701'], { cwd: repo.dir });
    expect(staged.code).toBe(0);
    // The working tree still has no bit: --all says so, with what it found.
    const all = await runCli(['--all', '--gate', 'D701', '--no-color'], { cwd: repo.dir });
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(
      'ops/jobs.yaml:3:5 error job backup: script is "bin/backup.sh", expected an executable file in the repository, found a file',
    );
    repo.git(['commit', '-q', '--no-verify', '-m', 'make the script executable']);
    expect(runBuilt(['ci', '--from', head, '--to', 'HEAD', '--gate', 'D701'], repo.dir).status).toBe(0);
    // The bit dropped again in a commit: ci refuses it.
    repo.git(['update-index', '--chmod=-x', 'bin/backup.sh']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'lose the bit']);
    const ci = runBuilt(['ci', '--from', head, '--to', 'HEAD', '--gate', 'D701', '--no-color'], repo.dir);
    expect(ci.status).toBe(1);
    expect(ci.stdout).toContain('expected an executable file in the repository, found a file');
  });

  test('a folder where a file is meant, and a file where a folder is meant, are refused at the record', async () => {
    const repo = makeRepo({ ...files, 'ops/jobs.yaml': 'jobs:\n  - id: backup\n    script: bin\n    logs: bin/backup.sh\n' });
    const r = await runCli(['--all', '--gate', 'D701', '--no-color'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'ops/jobs.yaml:3:5 error job backup: script is "bin", expected an executable file in the repository, found a folder',
    );
    expect(r.stdout).toContain(
      'ops/jobs.yaml:4:5 error job backup: logs is "bin/backup.sh", expected a folder in the repository, found a file',
    );
  });

  test('deleting a script the data names is a change the gate sees, though its data did not change', async () => {
    const repo = makeRepo({ ...files, 'bin/backup.sh': '' });
    repo.git(['update-index', '--chmod=+x', 'bin/backup.sh']);
    repo.git(['commit', '-q', '-m', 'executable']);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    repo.git(['rm', '-q', '-f', 'bin/backup.sh']);
    const r = await runCli(['--staged', '--no-color'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('script is "bin/backup.sh", expected an executable file in the repository');
    repo.git(['commit', '-q', '--no-verify', '-m', 'drop the script']);
    expect(runBuilt(['ci', '--from', start, '--to', 'HEAD'], repo.dir).status).toBe(1);
  });

  test('a real `git commit` through the installed hook: refused without the bit, accepted with it', () => {
    const repo = hookedRepo(files);
    repo.write({ 'ops/jobs.yaml': files['ops/jobs.yaml'].replace('backup.sh', 'backup2.sh'), 'bin/backup2.sh': '#!/bin/sh\n' });
    repo.git(['add', '-A']);
    const refused = repo.tryGit(['commit', '-q', '-m', 'a new script, not executable']);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('expected an executable file in the repository, found a file');
    fs.chmodSync(path.join(repo.dir, 'bin/backup2.sh'), 0o755);
    repo.git(['add', 'bin/backup2.sh']);
    expect(repo.tryGit(['commit', '-q', '-m', 'a new script, executable']).status).toBe(0);
  });
});
