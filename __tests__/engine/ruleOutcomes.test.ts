import { makeRepo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { withEdit, type Files } from '../helpers/edits';
import { run } from '../../src/run';
import { RunMemo } from '../../src/engine/RunMemo';
import { fixedClock } from '../../src/records/time';
import { ExitCode } from '../../src/types';
import { L, S, SR } from '../helpers/paths';
import { countHits, verdictOf } from '../helpers/keptVsFresh';

/**
 * Outcomes kept by what a rule reads (src/engine/ruleOutcomes.ts: an orphan's or a reference's targets by
 * the values of their index) and per-record verdicts of rules that join their own source's file (a D141
 * leftover excused by a live VM of the same name: the join by its index's values). Over edits that keep
 * those values and edits that change them, each state's verdict with what earlier states kept is the
 * verdict of a run that kept nothing, and what was kept was used.
 */
const clock = fixedClock(Date.parse('2026-03-01T00:00:00Z'));
const RETIRED_SSH = '    - id: "fileserver-old"\n      host: "172.20.10.250"\n      user: "ubuntu"\n';

const steps: Array<[string, (f: Files) => Files]> = [
  ['the example', (f) => f],
  ["a VM's role reworded (no name changes)", (f) => withEdit(f, L, (t) => t.replace('role: monitoring', 'role: monitoring-and-alerting'))],
  ['the role back', (f) => withEdit(f, L, (t) => t.replace('role: monitoring-and-alerting', 'role: monitoring'))],
  [
    'an SSH target left for the retired VM (a leftover)',
    (f) => withEdit(f, S, (t) => t.replace(/\n {2}targets:\n/, `\n  targets:\n${RETIRED_SSH}`)),
  ],
  ["a VM's role reworded while the leftover stays", (f) => withEdit(f, L, (t) => t.replace('role: monitoring', 'role: monitor'))],
  [
    "a live VM takes the retired VM's name (the leftover is excused; the VM's touchpoints drift)",
    (f) => withEdit(f, L, (t) => t.replace(/^ {4}hostname: monitoring$/m, '    hostname: fileserver-old')),
  ],
  ['the name back', (f) => withEdit(f, L, (t) => t.replace(/^ {4}hostname: fileserver-old$/m, '    hostname: monitoring'))],
  ['the leftover removed', (f) => withEdit(f, S, (t) => t.replace(RETIRED_SSH, ''))],
  [
    'a VM renamed: an SSH target is an orphan',
    (f) => withEdit(f, L, (t) => t.replace(/^ {4}hostname: monitoring$/m, '    hostname: monitoring-x')),
  ],
  ['a service host renamed in the registry alone', (f) => withEdit(f, SR, (t) => t.replace(/host: monitoring$/m, 'host: monitoring-y'))],
  [
    'both back',
    (f) =>
      withEdit(
        withEdit(f, L, (t) => t.replace('hostname: monitoring-x', 'hostname: monitoring')),
        SR,
        (t) => t.replace('host: monitoring-y', 'host: monitoring'),
      ),
  ],
];

const verdict = verdictOf;

test('each state: the verdict with kept outcomes and joined verdicts is the verdict of a run that kept nothing', async () => {
  let files = exampleFiles();
  const memo = new RunMemo();
  const used = countHits(memo.ruleOutcomes);
  const seen = new Set<string>();
  for (const [name, step] of steps) {
    files = step(files);
    const repo = makeRepo(files);
    const kept = await run({ cwd: repo.dir, clock, memo });
    const fresh = await run({ cwd: repo.dir, clock });
    expect({ name, verdict: verdict(kept) }).toEqual({ name, verdict: verdict(fresh) });
    const failing = fresh.gates.filter((g) => g.status === 'fail').map((g) => g.id);
    seen.add(`${name}: ${fresh.exitCode === ExitCode.Pass ? 'pass' : failing.join(',')}`);
  }
  // The series passes and fails where it should, and what was kept was used.
  expect([...seen].some((s) => s.startsWith('an SSH target left for the retired VM') && s.includes('D141'))).toBe(true);
  expect([...seen].some((s) => s.startsWith('a VM renamed: an SSH target is an orphan') && s.includes('D69'))).toBe(true);
  expect(seen).toContain('the role back: pass');
  expect(seen).toContain('both back: pass');
  expect(used.hits).toBeGreaterThan(5);
  // Per-record verdicts of the leftover rule, which joins the lifecycle it reads, were kept too.
  expect([...memo.recordVerdicts.keys()].some((k) => k.includes('\0joins '))).toBe(true);
}, 240_000);
