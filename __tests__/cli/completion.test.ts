import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/cli/commands';
import { OPTIONS } from '../../src/cli/parseCliArgs';
import { HELP } from '../../src/cli/helpText';
import { completionModel, OPTION_VALUES } from '../../src/cli/completion/completionModel';
import { runBuilt } from '../helpers/gitRepo';
import { runCli } from '../helpers/runCli';
import { tempDir } from '../helpers/tempDir';

/**
 * `spine-hooks completion bash|zsh|fish`: scripts generated from the command table and the options,
 * loaded into the real shells and asked what they offer. zsh and fish are Debian packages that
 * .ci/run installs; where one is missing its tests are skipped, and their names say so.
 */
const model = completionModel(COMMANDS, OPTIONS, HELP);
const named = Object.keys(COMMANDS).filter((c) => c !== 'run' && c !== 'version');
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
const onShell = (shell: string) =>
  has(shell) ? test : (name: string, fn: () => void) => test.skip(`${name} — skipped: ${shell} is not installed (.ci/run installs it)`, fn);

/** The script as the built CLI prints it (what a user's shell loads), in a file. */
function script(shell: string): string {
  const r = runBuilt(['completion', shell], tempDir());
  expect([r.status, r.stderr]).toEqual([0, '']);
  const file = path.join(tempDir(), `spine-hooks.${shell}`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

describe('the completion model comes from the tables the CLI runs on', () => {
  test('every command and every option, with its description from --help', () => {
    expect(model.commands.map((c) => c.name).sort()).toEqual([...named].sort());
    expect(model.commands.find((c) => c.name === 'hook')!.args).toEqual(['pre-commit', 'pre-merge-commit', 'pre-push', 'commit-msg']);
    expect(model.commands.find((c) => c.name === 'help')!.args).toEqual(named.filter((c) => c !== 'help'));
    for (const c of model.commands) expect([c.name, c.summary.length > 10]).toEqual([c.name, true]);
    expect(model.options.map((o) => o.long.slice(2)).sort()).toEqual(Object.keys(OPTIONS).sort());
    for (const o of model.options) expect([o.long, o.description.length > 3]).toEqual([o.long, true]);
    expect(model.options.find((o) => o.long === '--cwd')).toMatchObject({ value: 'dir', description: 'repository root to check' });
    expect(model.options.find((o) => o.long === '--ci')).toMatchObject({
      command: 'init',
      value: { words: ['github', 'gitlab', 'gitea'] },
    });
  });

  test('every option that takes a value says what the value completes to', () => {
    const valued = Object.entries(OPTIONS)
      .filter(([, o]) => o.type === 'string')
      .map(([n]) => n);
    expect(valued.sort()).toEqual(Object.keys(OPTION_VALUES).sort());
  });

  test('a shell it does not know, or none, is a usage error', async () => {
    for (const args of [['completion'], ['completion', 'tcsh'], ['completion', 'bash', 'zsh']]) {
      const r = await runCli(args);
      expect([args.join(' '), r.code, r.stdout]).toEqual([args.join(' '), 2, '']);
      expect(r.stderr).toContain('usage: spine-hooks completion bash|zsh|fish');
    }
    expect((await runCli(['completion', '--help'])).stdout).toContain('source <(spine-hooks completion bash)');
  });
});

describe('bash', () => {
  const offers = (file: string, line: string[]) => {
    const words = line.map((w) => `'${w}'`).join(' ');
    const r = spawnSync(
      'bash',
      [
        '--norc',
        '-c',
        `source '${file}'; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _spine_hooks; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { cwd: tempDir({ 'dir-a/x.txt': 'x\n', 'notes.txt': 'n\n' }), encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  test('commands, their arguments, options and option values', () => {
    const file = script('bash');
    expect(offers(file, ['spine-hooks', ''])).toEqual(named);
    expect(offers(file, ['spine-hooks', 'ba'])).toEqual(['baseline']);
    expect(offers(file, ['spine-hooks', 'hook', 'pre'])).toEqual(['pre-commit', 'pre-merge-commit', 'pre-push']);
    expect(offers(file, ['spine-hooks', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(offers(file, ['spine-hooks', '--format', 'j'])).toEqual(['json', 'junit']);
    expect(offers(file, ['spine-hooks', '-f', 's'])).toEqual(['sarif']);
    // An option of one command only after that command.
    expect(offers(file, ['spine-hooks', 'init', '--c'])).toEqual(['--cwd', '--config', '--color', '--ci']);
    expect(offers(file, ['spine-hooks', 'list', '--c'])).toEqual(['--cwd', '--config', '--color']);
    // A value is not taken for the command: after --cwd DIR the command is still to come.
    expect(offers(file, ['spine-hooks', '--cwd', 'dir-a', 've'])).toEqual(['verified-base']);
    expect(offers(file, ['spine-hooks', '--cwd', 'di'])).toEqual(['dir-a']);
    expect(offers(file, ['spine-hooks', '--config', 'no'])).toEqual(['notes.txt']);
    // Free text (a reason, a ref) and a second argument are offered nothing.
    expect(offers(file, ['spine-hooks', 'verified-base', 'HEAD', '--reason', ''])).toEqual([]);
    expect(offers(file, ['spine-hooks', 'hook', 'pre-commit', ''])).toEqual([]);
  });
});

describe('zsh', () => {
  onShell('zsh')('registers with compinit, and offers commands, arguments, options and values', () => {
    const file = script('zsh');
    // The completion system's builtins print what they are given; the script's own logic runs in real zsh.
    const driver = `autoload -Uz compinit && compinit -u -d '${tempDir()}/zcompdump'
source '${file}'
print -r -- "registered: \${_comps[spine-hooks]}"
compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -r -- "compadd: $*"; }
_describe() { local arr=\${@[-1]}; print -r -- "describe \${@[-2]}: \${(j: | :)\${(P)arr}}"; }
_files() { print -r -- "files: $*"; }
t() { words=("$@"); CURRENT=\${#words}; _spine_hooks; }
t spine-hooks ''
t spine-hooks hook pre
t spine-hooks --format j
t spine-hooks --cwd /t
t spine-hooks init --c
t spine-hooks --cwd /tmp list -
t spine-hooks hook pre-commit ''
`;
    const r = spawnSync('zsh', ['-f', '-c', driver], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('registered: _spine_hooks');
    expect(out[1]).toMatch(/^describe command: list:list gates, severities and lanes \| explain:/);
    expect(out[1].split(' | ').map((x) => x.replace(/^describe command: /, '').split(':')[0])).toEqual(named);
    expect(out.slice(2, 5)).toEqual([
      'compadd: pre-commit pre-merge-commit pre-push commit-msg',
      'compadd: text json sarif junit github gitlab',
      'files: -/',
    ]);
    expect(out[5]).toContain('--ci:with init: write only a CI workflow running ci over the pushed range');
    expect(out[6]).not.toContain('--ci:');
    expect(out[6]).toMatch(/^describe option: --all:run every enabled gate \| /);
    expect(out[7]).toBe('');
  });
});

describe('fish', () => {
  onShell('fish')('offers commands with their summaries, arguments, options and values', () => {
    const file = script('fish');
    const ask = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], {
        cwd: tempDir({ 'dir-a/x.txt': 'x\n' }),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(ask('spine-hooks ba')).toEqual(['baseline\trecord known gaps by fingerprint (baseline update)']);
    expect(ask('spine-hooks ').map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(named));
    expect(ask('spine-hooks hook pre')).toEqual(['pre-commit', 'pre-merge-commit', 'pre-push']);
    expect(ask('spine-hooks --format j').map((l) => l.split('\t')[0])).toEqual(['json', 'junit']);
    expect(ask('spine-hooks init --c').map((l) => l.split('\t')[0])).toEqual(['--ci', '--color', '--config', '--cwd']);
    expect(ask('spine-hooks list --c').map((l) => l.split('\t')[0])).toEqual(['--color', '--config', '--cwd']);
    expect(ask('spine-hooks --cwd di')).toEqual(['dir-a/\tDirectory']);
    expect(ask('spine-hooks hook pre-commit ')).toEqual([]);
  });
});
