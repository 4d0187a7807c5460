import { parseMarkdown, type MarkdownTable } from '../workspace/parseMarkdown';
import type { EntryValue } from '../rules/kinds';
import { FIX_MSG } from '../messages';
import { EditRefused } from './yamlEdits';

/**
 * Edits of a Markdown pipe table as splices of its lines: a cell keeps its padding (an aligned column stays
 * aligned where the value fits), a new row copies the last row's pipes, padding and code spans. Text has LF
 * line ends (textFile.ts).
 */

interface Segment {
  /** Offsets in the line of the text between two pipes. */
  start: number;
  end: number;
}

/** The cells of a row line as segments between unescaped pipes (the leading and trailing pipe optional). */
function segments(line: string): { cells: Segment[]; lead: boolean; trail: boolean } {
  const first = line.search(/\S/);
  const lead = line[first] === '|';
  const cells: Segment[] = [];
  let start = lead ? first + 1 : 0;
  for (let i = start; i <= line.length; i++) {
    if (i === line.length || (line[i] === '|' && line[i - 1] !== '\\')) {
      if (i < line.length || line.slice(start).trim() !== '') cells.push({ start, end: i });
      start = i + 1;
    }
  }
  return { cells, lead, trail: /\|\s*$/.test(line) };
}

const escapeCell = (v: string) => v.replace(/\|/g, '\\|');

/**
 * The content of one cell written as the model cell is: a code span if it had one, and in an aligned table
 * (every row's cells of a column as wide) its width where the value fits.
 */
function cellText(model: string | undefined, value: string, aligned: boolean): string {
  const inner = model?.trim() ?? '';
  const shown = value === '' ? '' : /^`[^`]*`$/.test(inner) ? `\`${value}\`` : escapeCell(value);
  if (model === undefined || !aligned) return ` ${shown} `;
  const lead = model.length - model.trimStart().length || 1;
  const width = model.length;
  const body = `${' '.repeat(lead)}${shown}`;
  return body.length + 1 <= width ? body.padEnd(width) : `${body} `;
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Sets the cell under `header` of the row at `line` (1-based). */
export function setCell(text: string, line: number, header: string, value: EntryValue): string {
  const ls = lines(text);
  const table = tableOfRow(text, line);
  const col = headerIndex(table, header);
  const row = ls[line - 1];
  const seg = segments(row).cells[col];
  if (!seg) throw new EditRefused(FIX_MSG.notThere(`${header} of line ${line}`));
  ls[line - 1] =
    row.slice(0, seg.start) + cellText(row.slice(seg.start, seg.end), String(value), isAligned(ls, table)) + row.slice(seg.end);
  return ls.join('\n');
}

/** Appends a row after the table's last row, cells by header (a header without a value: an empty cell). */
export function appendRow(text: string, heading: string, byHeader: Record<string, EntryValue>): string {
  const table = parseMarkdown(text).tables.find((t) => t.heading.toLowerCase().includes(heading.toLowerCase()));
  if (!table) throw new EditRefused(FIX_MSG.notThere(`a table under "${heading}"`));
  const ls = lines(text);
  const modelLine = table.rows.length ? table.rows[table.rows.length - 1].line : table.line + 1;
  const model = ls[modelLine - 1];
  const shape = segments(model);
  const wanted = new Map(Object.entries(byHeader).map(([h, v]) => [h.toLowerCase(), String(v)]));
  const cells = table.header.map((h, i) => {
    const seg = shape.cells[i];
    const m = seg && table.rows.length ? model.slice(seg.start, seg.end) : undefined;
    return cellText(m, wanted.get(h.text.replace(/[*_`]/g, '').trim().toLowerCase()) ?? '', isAligned(ls, table));
  });
  const indent = model.slice(0, model.search(/\S/));
  const row = `${indent}${shape.lead ? '|' : ''}${cells.join('|')}${shape.trail ? '|' : ''}`.replace(/[ \t]+$/, '');
  ls.splice(modelLine, 0, row);
  return ls.join('\n');
}

/** Removes the row at `line`. */
export function removeRow(text: string, line: number): string {
  tableOfRow(text, line);
  const ls = lines(text);
  ls.splice(line - 1, 1);
  return ls.join('\n');
}

/** Whether every row of the table (the header too) has cells of the same widths: a new or edited cell keeps them. */
function isAligned(ls: readonly string[], table: MarkdownTable): boolean {
  const widths = [table.line, ...table.rows.map((r) => r.line)].map((l) =>
    segments(ls[l - 1])
      .cells.map((c) => c.end - c.start)
      .join(','),
  );
  return widths.every((w) => w === widths[0]);
}

function tableOfRow(text: string, line: number): MarkdownTable {
  const t = parseMarkdown(text).tables.find((x) => x.rows.some((r) => r.line === line));
  if (!t) throw new EditRefused(FIX_MSG.notThere(`a table row at line ${line}`));
  return t;
}

function headerIndex(table: MarkdownTable, header: string): number {
  const i = table.header.findIndex((h) => h.text.replace(/[*_`]/g, '').trim().toLowerCase() === header.toLowerCase());
  if (i < 0) throw new EditRefused(FIX_MSG.notThere(`the column ${header}`));
  return i;
}
