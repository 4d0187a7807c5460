import { createColors } from 'picocolors';
import { safeText } from '../report/safeText';
import type { AuditDef } from '../registry/registryTypes';
import type { Snapshot } from '../workspace/Snapshot';
import { Workspace } from '../workspace/Workspace';
import { CollectionStore } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import { MatchIndex } from '../records/matchIndex';
import type { Draft } from '../rules/context';
import { ConfigError } from '../registry/ConfigError';
import { RUN_MSG } from '../messages';
import { runPrepared, type Prepared } from '../run';
import type { Clock } from '../records/time';
import { collectionSources } from '../registry/collectionFile';

/**
 * A cell of the matrix, always what the gates concluded for that VM and touchpoint:
 *   ok        the touchpoint is required in the VM's phase and every gate checking it passes
 *   missing   a gate checking it fails (absent, or present but disagreeing: an SSH host D69 rejects)
 *   warn      a gate checking it warns (D69's stack)
 *   exempt    the gates excuse the VM (has_docker: false)
 *   left      a retired VM still has a live entry here (D141)
 *   clear     a retired VM left nothing live here
 *   n/a       no gate requires it in the VM's phase
 */
export type Cell = 'ok' | 'missing' | 'warn' | 'exempt' | 'left' | 'clear' | 'n/a';

export interface AuditFinding {
  column: string;
  gate: string;
  check: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  col: number;
}

export interface AuditRow {
  /** The VM's id (`vmid`, or `id` in newer files): rows are keyed by it, never by hostname. */
  vmid: string;
  hostname: string;
  label: string;
  status: string;
  /** The status's phase in the lifecycle contract; `unknown` when the contract has no such status. */
  phase: string;
  /** false: the phase is retired (decommissioned, abandoned): its cells show the ripple. */
  live: boolean;
  cells: Record<string, Cell>;
  /** The findings behind each ✗, `warn` and `left`, with their locations. */
  findings: AuditFinding[];
}

export interface VmAudit {
  columns: Array<{ id: string; title: string }>;
  rows: AuditRow[];
  /** How many VMs the file holds (rows may be filtered by --status). */
  total: number;
  /** Files that could not be read: what depends on them shows ✗ with the reason. */
  problems: string[];
  /** Gates the matrix would use that are switched off: their checks show nothing. */
  notChecked: string[];
  /** Cells that are `missing` or `left`. */
  gaps: number;
  warnings: number;
}

/** What a finding must carry to be shown and located. */
type Event = { gate: string; check: string; result: Draft[] | 'exempt' };

/**
 * The VM × touchpoint matrix of the registry's `audit.vms`. It runs the gates its columns name and
 * listens to what each concluded per VM (rules/context.ts, Trace): a cell is ✓ only where the gates
 * checking that touchpoint for that VM pass, so the matrix can never disagree with `--all`.
 */
export async function auditVms(p: Prepared, snapshot: Snapshot, opts: { clock?: Clock; statuses?: string[] } = {}): Promise<VmAudit> {
  const { registry } = p.loaded;
  const def = registry.audit?.vms;
  if (!def) throw new ConfigError(RUN_MSG.noAuditMatrix());
  const fileOf = (c: string) => collectionSources(registry.files, registry.collections[c].file);
  const store = new CollectionStore(await Workspace.load(snapshot, [...fileOf(def.source), ...fileOf(def.phase.collection)]), registry);
  const src = store.get(def.source);
  if (src.absent && src.problems.every((x) => x.check === 'file/missing')) {
    throw new ConfigError(RUN_MSG.auditSourceMissing(src.file, p.cwd));
  }
  const located = (x: { file: string; line: number; column: number; message: string }) =>
    `${x.file}${x.line ? `:${x.line}:${x.column}` : ''}: ${x.message}`;
  const problems = src.problems.map(located);

  const byGate = new Map<string, string[]>();
  for (const ref of allChecks(def)) {
    const [gate, check] = ref.split(':');
    byGate.set(gate, [...(byGate.get(gate) ?? []), check]);
  }
  const selected = p.loaded.gates.filter((g) => byGate.has(g.def.id));
  const notChecked = [...byGate.keys()].filter((id) => p.loaded.disabled.includes(id));

  // Every conclusion about a VM record, by the record's position (the same file and item in every store).
  const events = new Map<string, Event[]>();
  const where = (rec: SsotRecord) => {
    const l = rec.loc();
    return `${l.file}:${l.line}:${l.column}`;
  };
  const trace = (gate: string, rec: SsotRecord, check: string, result: Draft[] | 'exempt') => {
    if (rec.collection !== def.source || !byGate.get(gate)?.some((c) => check === c || check.startsWith(`${c}/`))) return;
    const k = where(rec);
    events.set(k, [...(events.get(k) ?? []), { gate, check, result }]);
  };
  await runPrepared({ ...p, selected }, { snapshot, clock: opts.clock, trace });

  const phases = store.get(def.phase.collection);
  problems.push(...phases.problems.map(located));
  const phaseIndex = new MatchIndex(def.phase.match, phases.records);
  const matches = (ev: Event, refs: readonly string[] | undefined) =>
    (refs ?? []).some((r) => {
      const [gate, check] = r.split(':');
      return ev.gate === gate && (ev.check === check || ev.check.startsWith(`${check}/`));
    });

  const rows: AuditRow[] = [];
  for (const rec of src.records) {
    const evs = events.get(where(rec)) ?? [];
    const phaseRow = phaseIndex.find(rec)[0];
    const statusFails = def.status_check
      ? evs.some((e) => matches(e, [def.status_check!]) && e.result !== 'exempt' && e.result.length > 0)
      : false;
    const live = !(phaseRow && def.phase.live && phaseRow.get(def.phase.live) === false);
    const row: AuditRow = {
      vmid: rec.key ?? '?',
      hostname: rec.value('hostname') ?? '?',
      label: rec.label,
      status: rec.value('status') ?? '(none)',
      phase: statusFails || !phaseRow ? 'unknown' : (phaseRow.value(def.phase.field) ?? 'unknown'),
      live,
      cells: {},
      findings: [],
    };
    for (const col of def.columns)
      fillCell(
        row,
        col,
        evs.filter((e) => matches(e, !live && col.ripple ? col.ripple : col.checks)),
      );
    rows.push(row);
  }
  const wanted = opts.statuses?.length ? new Set(opts.statuses) : undefined;
  const shown = wanted ? rows.filter((r) => wanted.has(r.status)) : rows;
  const count = (c: Cell) => shown.reduce((n, r) => n + Object.values(r.cells).filter((x) => x === c).length, 0);
  return {
    columns: def.columns.map((c) => ({ id: c.id, title: c.title ?? c.id })),
    rows: shown,
    total: rows.length,
    problems,
    notChecked,
    gaps: count('missing') + count('left'),
    warnings: count('warn'),
  };
}

/** One cell of a VM's row, from what the gates of its column (`mine`) concluded, and the findings behind it. */
function fillCell(row: AuditRow, col: AuditDef['columns'][number], mine: Event[]): void {
  const retired = !row.live && col.ripple;
  const found = mine.flatMap((e) => (e.result === 'exempt' ? [] : e.result));
  let cell: Cell;
  if (retired) cell = found.length ? 'left' : mine.length ? 'clear' : 'n/a';
  else if (found.some((f) => f.severity === 'error')) cell = 'missing';
  else if (found.length) cell = 'warn';
  else if (mine.some((e) => e.result !== 'exempt')) cell = 'ok';
  else cell = mine.length ? 'exempt' : 'n/a';
  row.cells[col.id] = cell;
  for (const e of mine) {
    if (e.result === 'exempt') continue;
    for (const f of e.result) {
      const { check, severity, message, file, line, column } = f;
      row.findings.push({ column: col.id, gate: e.gate, check, severity, message, file, line, col: column });
    }
  }
}

function allChecks(def: AuditDef): string[] {
  return [...(def.status_check ? [def.status_check] : []), ...def.columns.flatMap((c) => [...(c.checks ?? []), ...(c.ripple ?? [])])];
}

const SYMBOL: Record<Cell, string> = { ok: '✓', missing: '✗', warn: 'warn', exempt: 'exempt', left: 'left', clear: '–', 'n/a': '·' };

export const LEGEND =
  'legend: ✓ the gates checking it pass · ✗ missing or disagreeing (a gate fails) · warn a gate warns · exempt excused (has_docker: false)\n' +
  '        · not required in this phase · retired VMs: left a live entry left behind (D141), – nothing left behind';

export function formatAudit(a: VmAudit, color: boolean): string {
  const c = createColors(color);
  const paint: Record<Cell, (s: string) => string> = {
    ok: c.green,
    missing: c.red,
    warn: c.yellow,
    exempt: c.cyan,
    left: c.red,
    clear: c.dim,
    'n/a': c.dim,
  };
  const head = ['VM', 'status', 'phase', ...a.columns.map((x) => x.title)];
  const body = a.rows.map((r) => [safeText(r.label), safeText(r.status), r.phase, ...a.columns.map((x) => SYMBOL[r.cells[x.id]])]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const FIXED = 3;
  const line = (cells: string[], kinds?: Cell[], phaseKnown = true) =>
    cells
      .map((v, i) => {
        const padded = v.padEnd(widths[i]);
        if (i === 2 && !phaseKnown) return c.red(padded);
        return i >= FIXED && kinds ? paint[kinds[i - FIXED]](padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [
    c.bold(line(head)),
    ...a.rows.map((r, i) =>
      line(
        body[i],
        a.columns.map((x) => r.cells[x.id]),
        r.phase !== 'unknown',
      ),
    ),
  ];
  out.push('', c.dim(LEGEND));
  const details = a.rows.filter((r) => r.findings.length);
  if (details.length) {
    out.push('');
    for (const r of details) {
      out.push(c.bold(safeText(`${r.label} — ${r.status}${r.live ? '' : ' (retired)'}`)));
      for (const f of r.findings) {
        const at = `${f.file}${f.line ? `:${f.line}:${f.col}` : ''}`;
        out.push(
          `  ${f.column}: ${f.gate} ${safeText(at)} ${f.severity === 'error' ? c.red('error') : c.yellow('warn')} ${safeText(f.message)}`,
        );
      }
    }
  }
  const shown = a.rows.length === a.total ? `${a.total} VMs` : `${a.rows.length} of ${a.total} VMs`;
  out.push('', `${shown}, ${a.gaps} gap${a.gaps === 1 ? '' : 's'}, ${a.warnings} warning${a.warnings === 1 ? '' : 's'}`);
  for (const g of a.notChecked) out.push(c.yellow(`${g} is switched off: the cells it decides show nothing (·)`));
  for (const p of a.problems) out.push(c.red(safeText(`cannot read ${p}`)));
  return out.join('\n');
}
