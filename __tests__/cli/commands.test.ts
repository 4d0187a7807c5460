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
      hostname: ['--hostname', 'h'],
      vmid: ['--vmid', '1'],
      'lan-ip': ['--lan-ip', '10.0.0.1'],
      site: ['--site', 'home'],
      'dry-run': ['--dry-run'],
    };
    const owned = Object.values(COMMANDS).flatMap((spec) =>
      Object.entries(spec.flags ?? {}).map(([flag, goesWith]) => ({ spec, flag, goesWith })),
    );
    expect([...new Set(owned.map((o) => o.flag))].sort()).toEqual(Object.keys(value).sort());
    for (const { spec, flag, goesWith } of owned) {
      expect(Object.keys(OPTIONS)).toContain(flag);
      const other = spec.name === 'list' ? 'overrides' : 'list';
      // A flag several commands take (--set: fix and vm add) names each of them.
      expect(() => parseCliArgs([other, ...value[flag]], {})).toThrow(`--${flag} goes with `);
      expect(() => parseCliArgs([other, ...value[flag]], {})).toThrow(goesWith);
    }
    expect(
      parseCliArgs(['vm', 'add', '--hostname', 'h', '--vmid', '7', '--lan-ip', '10.0.0.1', '--set', 'role=x', '--dry-run'], {}),
    ).toMatchObject({
      command: 'vm',
      positionals: ['add'],
      hostname: 'h',
      vmid: '7',
      lanIp: '10.0.0.1',
      sets: ['role=x'],
      dryRun: true,
    });
    expect(parseCliArgs(['vm', 'retire', '310', '--status', 'abandoned'], {})).toMatchObject({
      positionals: ['retire', '310'],
      statuses: ['abandoned'],
    });
    expect(() => parseCliArgs(['vm', 'destroy', '310'], {})).toThrow('usage: spine-hooks vm add');
    expect(() => parseCliArgs(['audit', 'vms', '--dry-run'], {})).toThrow('--dry-run goes with vm');
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
