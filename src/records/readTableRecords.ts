import type { TableColumn } from '../registry/registryTypes';
import type { SourceFile } from '../workspace/SourceFile';
import type { FileProblem } from './FileProblem';
import { SsotRecord, type RecordShape } from './SsotRecord';
import { MSG } from '../messages';

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/;

/**
 * Rows of the first table under the heading containing `heading`, one record per row. A row whose
 * cell count differs from the header's (a missing or extra `|` shifts every column after it) and a
 * value that is not an IPv4 address in a column read as one are findings at that row; the other rows
 * are still read. A missing table is reported at its heading, saying why nothing there is one.
 */
export function readTableRecords(
  file: SourceFile,
  heading: string,
  columns: Record<string, TableColumn>,
  shape: RecordShape,
  optional: boolean,
): { records: SsotRecord[]; problems: FileProblem[] } {
  const wanted = heading.toLowerCase();
  const doc = file.markdown();
  const table = doc.tables.find((t) => t.heading.toLowerCase().includes(wanted));
  const problem = (line: number, column: number, message: string, blinding: boolean, entity?: string): FileProblem => ({
    check: blinding ? 'file/shape' : 'file/table',
    file: file.path,
    line,
    column,
    message,
    blinding,
    ...(entity ? { entity } : {}),
  });
  if (!table) {
    if (optional) return { records: [], problems: [] };
    const h = doc.headings.find((x) => x.text.toLowerCase().includes(wanted));
    if (!h) return { records: [], problems: [problem(0, 0, MSG.headingMissing(heading), true)] };
    const end = doc.headings.find((x) => x.line > h.line && x.level <= h.level)?.line ?? Infinity;
    const miss = doc.misses.find((m) => m.line > h.line && m.line < end);
    return {
      records: [],
      problems: [
        problem(h.line, 1, MSG.tableMissing(heading, miss && `the table-like line ${miss.line} is not a table: ${miss.reason}`), true),
      ],
    };
  }
  const headerIndex = new Map(table.header.map((c, i) => [clean(c.text).toLowerCase(), i]));
  const problems: FileProblem[] = [];
  const indexes: Array<[string, number, TableColumn]> = [];
  for (const [field, col] of Object.entries(columns)) {
    const i = headerIndex.get(col.header.toLowerCase());
    if (i === undefined) problems.push(problem(table.line, 1, MSG.columnMissing(heading, col.header), true));
    else indexes.push([field, i, col]);
  }
  if (problems.length) return { records: [], problems };
  const records = table.rows.map((row) => {
    if (row.cells.length !== table.header.length) {
      problems.push(
        problem(
          row.line,
          row.cells[0]?.column ?? 1,
          MSG.rowCells(row.cells.length, table.header.length, table.line),
          false,
          `${file.path}#row:${clean(row.cells[0]?.text ?? '')}`,
        ),
      );
    }
    const data: Record<string, unknown> = {};
    const cols: Record<string, number> = {};
    for (const [field, i, col] of indexes) {
      const cell = row.cells[i];
      const value = cell ? extract(cell.text, col.extract ?? 'text') : undefined;
      if (cell && value === undefined && notAnAddress(col, cell.text)) {
        problems.push(
          problem(
            row.line,
            cell.column,
            MSG.notIpv4(col.header, clean(cell.text)),
            false,
            `${file.path}#${col.header}:${clean(row.cells[0]?.text ?? '')}`,
          ),
        );
      }
      data[field] = value;
      cols[field] = cell?.column ?? 1;
    }
    return new SsotRecord(shape, file.path, data, (f) => ({ line: row.line, column: (f && cols[f]) || row.cells[0]?.column || 1 }), {
      row: row.line,
    });
  });
  return { records, problems };
}

/** A cell of a column read as IPv4 that holds text but no address (and is not a placeholder saying "nothing here"). */
function notAnAddress(col: TableColumn, text: string): boolean {
  return col.extract === 'ipv4' && !col.mixed && clean(text) !== '' && !PLACEHOLDER.test(clean(text));
}

/** Cells that say "nothing here" on purpose (an em or en dash, written as escapes: the bundled CLI stays ASCII). */
const PLACEHOLDER = /^(\u2014|\u2013|-|n\/a|tbd|none)$/i;

/** Cell text without Markdown emphasis, code ticks or links. */
function clean(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/(\*\*|__|~~)/g, '')
    .trim();
}

function extract(text: string, how: NonNullable<TableColumn['extract']>): string | undefined {
  let v: string | undefined;
  switch (how) {
    case 'code':
      v = /`([^`]+)`/.exec(text)?.[1] ?? clean(text);
      break;
    case 'ipv4':
      v = IPV4.exec(text)?.[0];
      break;
    case 'int':
      v = /-?\d+/.exec(clean(text))?.[0];
      break;
    default:
      v = clean(text);
  }
  v = v?.trim();
  return v === '' || v === '—' || v === '–' || v === '-' ? undefined : v;
}
