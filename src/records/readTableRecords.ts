import type { TableColumn } from '../registry/model';
import type { SourceFile } from '../workspace/SourceFile';
import type { FileProblem } from './CollectionStore';
import { SsotRecord, type RecordShape } from './SsotRecord';
import { MSG } from '../messages';

const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/;

/** Rows of the first table under the heading containing `heading`, one record per row. */
export function readTableRecords(
  file: SourceFile,
  heading: string,
  columns: Record<string, TableColumn>,
  shape: RecordShape,
  optional: boolean,
): { records: SsotRecord[]; problems: FileProblem[] } {
  const wanted = heading.toLowerCase();
  const table = file.markdown().tables.find((t) => t.heading.toLowerCase().includes(wanted));
  if (!table) {
    return optional
      ? { records: [], problems: [] }
      : { records: [], problems: [{ check: 'file/shape', file: file.path, line: 0, column: 0, message: MSG.tableMissing(heading) }] };
  }
  const headerIndex = new Map(table.header.map((c, i) => [clean(c.text).toLowerCase(), i]));
  const problems: FileProblem[] = [];
  const indexes: Array<[string, number, TableColumn]> = [];
  for (const [field, col] of Object.entries(columns)) {
    const i = headerIndex.get(col.header.toLowerCase());
    if (i === undefined) {
      problems.push({ check: 'file/shape', file: file.path, line: table.line, column: 1, message: MSG.columnMissing(heading, col.header) });
    } else indexes.push([field, i, col]);
  }
  if (problems.length) return { records: [], problems };
  const records = table.rows.map((row) => {
    const data: Record<string, unknown> = {};
    const cols: Record<string, number> = {};
    for (const [field, i, col] of indexes) {
      const cell = row.cells[i];
      data[field] = cell ? extract(cell.text, col.extract ?? 'text') : undefined;
      cols[field] = cell?.column ?? 1;
    }
    return new SsotRecord(shape, file.path, data, (f) => ({ line: row.line, column: (f && cols[f]) || row.cells[0]?.column || 1 }));
  });
  return { records, problems };
}

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
