import { COMMANDS, commandHelp } from '../../src/cli/commands';
import { HELP } from '../../src/cli/helpText';
import { OPTIONS, parseCliArgs } from '../../src/cli/parseCliArgs';
import type { Command } from '../../src/cli/CliArgs';

// The command table is the one place a command is declared: help, usage checks and dispatch read it.
describe('COMMANDS', () => {
  const named = (Object.keys(COMMANDS) as Command[]).filter((c) => c !== 'run' && c !== 'help' && c !== 'version');

  test('each entry is filed under its own name, and the general help lists every named command', () => {
    for (const [key, spec] of Object.entries(COMMANDS)) expect(spec.name).toBe(key);
    for (const c of named) expect(HELP).toContain(`spine-hooks ${c}`);
  });

  test("`<command> --help` and `help <command>` print the entry's help", () => {
    for (const c of named) {
      expect(parseCliArgs([c, '--help'], {})).toMatchObject({ command: 'help', helpFor: c });
      expect(parseCliArgs(['help', c], {})).toMatchObject({ command: 'help', helpFor: c });
      expect(commandHelp(c)).toBe(`${COMMANDS[c].help}\n`);
    }
    expect(commandHelp('help')).toBe(`${HELP}\n`);
  });

  test('an option that belongs to one command is refused with another, naming its command', () => {
    const value: Record<string, string[]> = {
      status: ['--status', 'active'],
      ci: ['--ci', 'github'],
      'write-vscode': ['--write-vscode'],
      write: ['--write'],
      set: ['--set', 'port=8080'],
    };
    const owned = Object.values(COMMANDS).flatMap((spec) =>
      Object.entries(spec.flags ?? {}).map(([flag, goesWith]) => ({ spec, flag, goesWith })),
    );
    expect(owned.map((o) => o.flag).sort()).toEqual(Object.keys(value).sort());
    for (const { spec, flag, goesWith } of owned) {
      expect(Object.keys(OPTIONS)).toContain(flag);
      const other = spec.name === 'list' ? 'overrides' : 'list';
      expect(() => parseCliArgs([other, ...value[flag]], {})).toThrow(`--${flag} goes with ${goesWith}`);
    }
    expect(parseCliArgs(['init', '--ci', 'gitea'], {}).ci).toBe('gitea');
    expect(parseCliArgs(['audit', 'vms', '--status', 'active,retired'], {}).statuses).toEqual(['active', 'retired']);
    expect(parseCliArgs(['fix', '--write', '--set', 'port=8080', '--set', 'a.b=c'], {})).toMatchObject({
      write: true,
      sets: ['port=8080', 'a.b=c'],
    });
    expect(parseCliArgs(['fix', '-f', 'sarif'], {}).format).toBe('sarif');
    expect(() => parseCliArgs(['list', '-f', 'sarif'], {})).toThrow(/sarif/);
    expect(() => parseCliArgs(['fix', '--all'], {})).toThrow('usage: spine-hooks fix [--gate ID]…');
    expect(() => parseCliArgs(['fix', 'D69'], {})).toThrow('usage: spine-hooks fix [--gate ID]…');
  });

  test("a command's own usage check runs from its entry", () => {
    expect(() => parseCliArgs(['baseline'], {})).toThrow('usage: spine-hooks baseline update');
    expect(parseCliArgs(['baseline', 'update'], {}).command).toBe('baseline');
    expect(() => parseCliArgs(['ci'], {})).toThrow('ci needs --from REF');
    expect(() => parseCliArgs([], {})).toThrow('nothing to run');
  });
});
