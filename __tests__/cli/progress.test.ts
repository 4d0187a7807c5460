import { runCli } from '../helpers/runCli';
import { EXAMPLE_DIR } from '../helpers/paths';

/** A clock that moves `step` ms each time it is read. */
const ticking = (step: number) => {
  let t = 0;
  return () => (t += step);
};
const all = (opts: Parameters<typeof runCli>[1]) => runCli(['--all', '--cwd', EXAMPLE_DIR], opts);
// eslint-disable-next-line no-control-regex -- the progress line is drawn with terminal escapes (ESC [2K)
const DRAWN = /\r\x1b\[2Kspine-hooks: (\d+) of (\d+) gates done/g;

describe('--all shows progress on a terminal once it has run a second', () => {
  test('a slow run draws "n of total gates done" on stderr, counting up, and wipes it before the report', async () => {
    const r = await all({ errIsTTY: true, now: ticking(400) });
    expect(r.code).toBe(0);
    const drawn = [...r.stderr.matchAll(DRAWN)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.every(([, total]) => total === 11)).toBe(true);
    expect(drawn.map(([n]) => n)).toEqual([...drawn.map(([n]) => n)].sort((a, b) => a - b));
    expect(Math.max(...drawn.map(([n]) => n))).toBeLessThan(11);
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    // The report is the one a run without progress prints.
    const plain = await all({});
    expect(r.stdout.replace(/ +[\d.]+ ms/g, '')).toBe(plain.stdout.replace(/ +[\d.]+ ms/g, ''));
  });

  test('a run under a second draws nothing', async () => {
    expect((await all({ errIsTTY: true, now: ticking(10) })).stderr).toBe('');
  });

  test('not on a terminal, with TERM=dumb, or in CI: nothing, however long it runs', async () => {
    expect((await all({ now: ticking(5000) })).stderr).toBe('');
    expect((await all({ errIsTTY: true, now: ticking(5000), env: { TERM: 'dumb' } })).stderr).toBe('');
    expect((await all({ errIsTTY: true, now: ticking(5000), env: { CI: 'true' } })).stderr).toBe('');
  });
});
