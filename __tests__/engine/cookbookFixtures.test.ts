import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/run';
import { fixedClock, type Clock } from '../../src/records/time';
import type { Finding } from '../../src/types';
import { cookbookConfig, copyCookbookFixture } from '../helpers/cookbook';
import { CONFIG } from '../helpers/paths';
import { changed, type Edit } from '../helpers/edits';
import { tempDir } from '../helpers/tempDir';

/**
 * The cookbook recipes whose files the corpus snapshots lack (docs/cookbook/<id>.md), each on a small
 * estate of invented names (__tests__/fixtures/cookbook/<id>/). The configuration is read from the page
 * itself. Each passes on its fixture and fails on single-point mutations at the asserted check id, entity
 * and file:line.
 */
const MARCH_5 = fixedClock(Date.parse('2026-03-05T12:00:00Z'));

interface Estate {
  dir: string;
  /** The line of the first `needle` in `rel` (after `from`, itself a needle). */
  line: (rel: string, needle: string, from?: string) => number;
  check: (clock?: Clock) => Promise<{ status: string; note?: string; findings: Array<{ check: string; entity?: string; at: string }> }>;
  findings: (clock?: Clock) => Promise<Finding[]>;
}

/** A fresh copy of the recipe's fixture with its page's configuration, and `edits` applied (null: the file removed). */
function estate(id: string, edits: Record<string, Edit | null> = {}): Estate {
  const dir = tempDir();
  copyCookbookFixture(id, dir);
  fs.writeFileSync(path.join(dir, CONFIG), cookbookConfig([id]));
  for (const [rel, edit] of Object.entries(edits)) {
    const abs = path.join(dir, rel);
    if (edit === null) fs.rmSync(abs, { recursive: true });
    else fs.writeFileSync(abs, changed(fs.readFileSync(abs, 'utf8'), edit, rel));
  }
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const gate = async (clock: Clock) => (await run({ cwd: dir, gates: [id], clock })).gates[0];
  return {
    dir,
    line(rel, needle, from) {
      const text = read(rel);
      const start = from === undefined ? 0 : text.indexOf(from);
      const at = text.indexOf(needle, Math.max(0, start));
      if (start < 0 || at < 0) throw new Error(`${needle} not in ${rel}`);
      return text.slice(0, at).split('\n').length;
    },
    async check(clock = MARCH_5) {
      const g = await gate(clock);
      const findings = g.findings.map((f) => ({ check: f.check, entity: f.entity, at: `${f.file}:${f.line}` }));
      return { status: g.status, ...(g.note ? { note: g.note } : {}), findings };
    },
    async findings(clock = MARCH_5) {
      return (await gate(clock)).findings;
    },
  };
}

const PASS = { status: 'pass', findings: [] };

describe('D67 capability-map-lock', () => {
  const CAPS = 'ops/capabilities.yaml';
  const MAP = 'ops/bindings/capability_map.yaml';

  test('passes when the map names exactly the capabilities', async () => {
    expect(await estate('D67').check()).toEqual(PASS);
  });

  test('a capability missing from the map, and a phantom entry in it', async () => {
    const e = estate('D67', {
      [CAPS]: (t) => t.replace('  notes.sync:', '  notes.export:'),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'missing/from-map', entity: 'notes.export', at: `${CAPS}:${e.line(CAPS, 'notes.export:')}` },
      { check: 'phantom/in-capabilities', entity: 'notes.sync', at: `${MAP}:${e.line(MAP, 'notes.sync:')}` },
    ]);
  });

  test('an empty map, and a missing map', async () => {
    const empty = estate('D67', { [MAP]: () => 'capabilities: {}\n' });
    expect((await empty.check()).findings.map((f) => f.check)).toEqual([
      'missing/from-map',
      'missing/from-map',
      'missing/from-map',
      'map/count',
    ]);
    const gone = estate('D67', { [MAP]: null });
    expect((await gone.check()).findings).toEqual([{ check: 'file/missing', entity: undefined, at: `${MAP}:0` }]);
  });
});
