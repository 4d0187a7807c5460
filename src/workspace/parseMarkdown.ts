export interface MarkdownCell {
  text: string;
  /** 1-based column of the cell's first non-blank character. */
  column: number;
}

export interface MarkdownRow {
  line: number;
  cells: MarkdownCell[];
}

export interface MarkdownTable {
  /** Text of the nearest heading above the table ('' before any heading). */
  heading: string;
  headingLevel: number;
  line: number;
  header: MarkdownCell[];
  rows: MarkdownRow[];
}

export interface MarkdownDoc {
  tables: MarkdownTable[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
const SEPARATOR_CELL = /^:?-{1,}:?$/;

/** Finds the GitHub-flavoured pipe tables of a Markdown document, each with its heading and line numbers. */
export function parseMarkdown(text: string): MarkdownDoc {
  const lines = text.split(/\r?\n/);
  const tables: MarkdownTable[] = [];
  let heading = '';
  let headingLevel = 0;
  let inFence = false;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // HTML comments hide what they hold from the rendered page: a table inside one is not a table.
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (!inFence && line.trimStart().startsWith('<!--') && !line.includes('-->', line.indexOf('<!--') + 4)) {
      inComment = true;
      continue;
    }
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const h = HEADING.exec(line);
    if (h) {
      heading = h[2];
      headingLevel = h[1].length;
      continue;
    }
    if (!isRow(line) || i + 1 >= lines.length || !isSeparator(lines[i + 1])) continue;
    const table: MarkdownTable = { heading, headingLevel, line: i + 1, header: splitRow(line), rows: [] };
    let j = i + 2;
    for (; j < lines.length && isRow(lines[j]); j++) table.rows.push({ line: j + 1, cells: splitRow(lines[j]) });
    tables.push(table);
    i = j - 1;
  }
  return { tables };
}

/** A table row: GFM allows leading and trailing pipes to be left out. */
function isRow(line: string): boolean {
  return line.trimStart().startsWith('|') || (line.trim() !== '' && /(^|[^\\])\|/.test(line));
}

function isSeparator(line: string): boolean {
  if (!isRow(line)) return false;
  const cells = splitRow(line);
  return cells.length > 0 && cells.every((c) => SEPARATOR_CELL.test(c.text.replace(/\s+/g, '')));
}

/**
 * Splits a row on every unescaped pipe, as GFM does (a pipe inside a code span splits too, unless
 * escaped as `\|`). Leading and trailing pipes are optional.
 */
function splitRow(line: string): MarkdownCell[] {
  const cells: MarkdownCell[] = [];
  const first = line.search(/\S/);
  let start = line[first] === '|' ? first + 1 : first;
  for (let i = start; i <= line.length; i++) {
    if (i === line.length || (line[i] === '|' && line[i - 1] !== '\\')) {
      const raw = line.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      if (i < line.length || raw.trim() !== '') {
        cells.push({ text: raw.trim().replace(/\\\|/g, '|'), column: start + lead + 1 });
      }
      start = i + 1;
    }
  }
  return cells;
}
