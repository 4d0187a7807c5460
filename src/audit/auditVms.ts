import { createColors } from 'picocolors';
import { safeText } from '../report/safeText';
import type { Registry } from '../registry/model';
import type { Snapshot } from '../workspace/Snapshot';
import { Workspace } from '../workspace/Workspace';
import { CollectionStore } from '../records/CollectionStore';
import { compileWhere } from '../records/compileWhere';
import { MatchIndex } from '../rules/matchIndex';
import { ConfigError } from '../registry/ConfigError';

export type Cell = 'ok' | 'missing' | 'exempt' | 'n/a';

export interface VmAudit {
  columns: Array<{ id: string; title: string; file: string }>;
  rows: Array<{ vm: string; label: string; status: string; cells: Record<string, Cell> }>;
  /** Files that could not be read: the matrix is incomplete where they are concerned. */
  problems: string[];
  gaps: number;
}

/** The VM × touchpoint coverage matrix, from the registry's `audit.vms` definition. */
export async function auditVms(registry: Registry, snapshot: Snapshot): Promise<VmAudit> {
  const def = registry.audit?.vms;
  if (!def) throw new ConfigError('the registry defines no audit.vms matrix');
  const collections = [def.source, ...def.columns.map((c) => c.target)];
  const paths = collections.map((c) => registry.files[registry.collections[c].file] ?? registry.collections[c].file);
  const store = new CollectionStore(await Workspace.load(snapshot, paths), registry);
  const src = store.get(def.source);
  const problems = src.problems.map((p) => `${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}`);
  const required = compileWhere(def.required_when);
  const columns = def.columns.map((col) => {
    const tgt = store.get(col.target);
    problems.push(...tgt.problems.map((p) => `${p.file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}`));
    return {
      col,
      file: tgt.file,
      readable: tgt.problems.length === 0,
      matchers: (Array.isArray(col.match) ? col.match : [col.match]).map((m) => new MatchIndex(m, tgt.records)),
      applies: compileWhere(col.applies),
      exempt: col.exempt ? compileWhere(col.exempt) : () => false,
    };
  });
  let gaps = 0;
  const rows = src.records.map((rec) => {
    const cells: Record<string, Cell> = {};
    for (const c of columns) {
      const found = c.readable && c.matchers.some((m) => m.find(rec).length > 0);
      let cell: Cell;
      if (!c.applies(rec)) cell = 'n/a';
      else if (found) cell = 'ok';
      else if (c.exempt(rec)) cell = 'exempt';
      else cell = required(rec) ? 'missing' : 'n/a';
      if (cell === 'missing') gaps++;
      cells[c.col.id] = cell;
    }
    return { vm: rec.entity, label: rec.label, status: rec.value('status') ?? '(none)', cells };
  });
  return { columns: columns.map((c) => ({ id: c.col.id, title: c.col.title, file: c.file })), rows, problems, gaps };
}

const SYMBOL: Record<Cell, string> = { ok: '✓', missing: '✗', exempt: 'exempt', 'n/a': 'n.a.' };

export function formatAudit(a: VmAudit, color: boolean): string {
  const c = createColors(color);
  const paint: Record<Cell, (s: string) => string> = { ok: c.green, missing: c.red, exempt: c.cyan, 'n/a': c.dim };
  const head = ['VM', 'status', ...a.columns.map((x) => x.title)];
  const body = a.rows.map((r) => [safeText(r.label), safeText(String(r.status)), ...a.columns.map((x) => SYMBOL[r.cells[x.id]])]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[], cellKinds?: Cell[]) =>
    cells.map((v, i) => (i >= 2 && cellKinds ? paint[cellKinds[i - 2]](v.padEnd(widths[i])) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [c.bold(line(head)), ...a.rows.map((r, i) => line(body[i], a.columns.map((x) => r.cells[x.id])))];
  out.push('', `${a.rows.length} VMs, ${a.gaps} missing touchpoint${a.gaps === 1 ? '' : 's'}`);
  for (const p of a.problems) out.push(c.red(safeText(`cannot read ${p}`)));
  return out.join('\n');
}
