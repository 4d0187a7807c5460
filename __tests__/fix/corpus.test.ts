import * as path from 'node:path';
import { corpusSuite } from '../helpers/corpus';
import { CORPUS } from '../helpers/paths';
import { readTree, tempDir } from '../helpers/tempDir';
import { fixRepository } from '../../src/fix';
import { run } from '../../src/run';

/**
 * On copies of the real snapshots, whatever drift they hold: `fix --write` writes only verified edits, every
 * finding it fixed is gone and no new one appears, and a second fix finds nothing more to do.
 */
const prints = async (dir: string) => new Set((await run({ cwd: dir })).gates.flatMap((g) => g.findings.map((f) => f.fingerprint)));

for (const snapshot of ['spine-2026-02-11', 'spine-2026-02-17', 'spine-2026-03-05']) {
  corpusSuite(snapshot, `fix on a copy of ${snapshot}`, () => {
    test('fixed findings are gone, none is new, a second fix changes nothing', async () => {
      const dir = tempDir(readTree(path.join(CORPUS, snapshot)));
      const before = await prints(dir);
      const out = await fixRepository({ cwd: dir, write: true });
      expect(out.refused).toEqual([]);
      expect(out.written).toEqual(out.plan.files.map((f) => f.file));
      const after = await prints(dir);
      const fixed = out.plan.files.flatMap((f) => f.items.map((i) => i.finding.fingerprint));
      expect(fixed.filter((p) => after.has(p))).toEqual([]);
      expect([...after].filter((p) => !before.has(p))).toEqual([]);
      // Every finding left is listed with why it was not fixed.
      const listed = new Set(out.plan.unfixed.map((i) => i.finding.fingerprint));
      const open = (await run({ cwd: dir })).gates.flatMap((g) => g.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint));
      expect(open.filter((p) => !listed.has(p))).toEqual([]);
      const again = await fixRepository({ cwd: dir });
      expect(again.plan.files).toEqual([]);
    });
  });
}
