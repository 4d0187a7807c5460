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

export interface MarkdownHeading {
  text: string;
  level: number;
  line: number;
}

/** Something that looks like a table but is not one, and why (for "no table under this heading"). */
export interface TableMiss {
  line: number;
  reason: string;
}

export interface MarkdownDoc {
  tables: MarkdownTable[];
  headings: MarkdownHeading[];
  misses: TableMiss[];
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const DELIMITER_CELL = /^:?-+:?$/;

/**
 * The GitHub-flavoured pipe tables of a Markdown document (at the top level and in block quotes),
 * each with its heading and line numbers, read by the rules of the GFM spec (pinned by a conformance
 * test against micromark): a table is a header row and a delimiter row with the same number of cells;
 * it runs to the first blank line or the start of another block (a line without pipes still makes a
 * row); fenced and indented code and HTML comments hide what they hold; tables in list items are not
 * read. A heading is named by its text as rendered (`### Shop VM [LAN IPs](…)` is "Shop VM LAN IPs").
 * Lines that look like a table but are not one are kept with the reason, so a missing table can be
 * explained at its heading.
 */
export function parseMarkdown(text: string): MarkdownDoc {
  const doc: MarkdownDoc = { tables: [], headings: [], misses: [] };
  readBlocks(text.split(/\r?\n/), doc, { offset: 0, heading: { text: '', level: 0, line: 0 } });
  return doc;
}

/**
 * Where a run of lines sits in the document: `offset` lines below its top, each line's text starting
 * `shift[i]` characters in (a block quote's `> ` markers stripped), under `heading`.
 */
interface Region {
  offset: number;
  shift?: readonly number[];
  heading: MarkdownHeading;
}

const QUOTE = /^ {0,3}> ?/;

/** Reads the blocks of `lines` into `doc`; says whether the last line left a paragraph open (a quote's lazy lines continue it). */
function readBlocks(lines: string[], doc: MarkdownDoc, region: Region): boolean {
  let heading = region.heading;
  let paragraph = false; // the previous line continues a paragraph (setext underline, lazy rows)
  let container = false; // inside a list item, or a block quote's lazy lines: not read as blocks
  const at = (i: number) => region.offset + i + 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      paragraph = container = false;
      continue;
    }
    if (container) continue;
    if (QUOTE.test(line)) {
      const end = readQuote(lines, i, doc, { ...region, heading });
      // A paragraph the quote left open takes the lines below it lazily, up to a blank line.
      container = end.paragraph;
      paragraph = false;
      i = end.last;
      continue;
    }
    if (LIST_ITEM.test(line)) {
      container = true;
      continue;
    }
    const hidden = skipHidden(lines, i, doc, region.offset);
    if (hidden !== undefined) {
      i = hidden;
      paragraph = false;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      heading = { text: inlineText(atx[2] ?? ''), level: atx[1].length, line: at(i) };
      doc.headings.push(heading);
      paragraph = false;
      continue;
    }
    if (paragraph && SETEXT.test(line) && !line.includes('|')) {
      // The paragraph line above is a heading (`Title` over `=====` or `-----`).
      heading = { text: inlineText(lines[i - 1]), level: line.trim()[0] === '=' ? 1 : 2, line: at(i - 1) };
      doc.headings.push(heading);
      paragraph = false;
      continue;
    }
    if (!paragraph && /^( {4,}|\t)/.test(line)) {
      if (line.includes('|')) doc.misses.push({ line: at(i), reason: 'indented by four spaces or more, which makes it code' });
      continue;
    }
    const next = lines[i + 1];
    // A table may interrupt a paragraph: the lines above stay a paragraph.
    if (line.includes('|') && next !== undefined && isDelimiterRow(next)) {
      const end = readTable(lines, i, { ...region, heading }, doc);
      paragraph = end === undefined;
      if (end !== undefined) i = end;
      continue;
    }
    if (!paragraph && line.includes('|') && /^\s*\|/.test(line)) {
      doc.misses.push({
        line: at(i),
        reason:
          next !== undefined && next.includes('|')
            ? 'the line below it is not a separator row (| --- | --- |)'
            : 'it has no separator row (| --- | --- |) below it',
      });
    }
    paragraph = true;
  }
  return paragraph || container;
}

/**
 * The block quote starting at line `i`: its `>` lines, markers stripped, read as a document of their
 * own under the current heading (GFM: a table in a quote ends with the quote's `>` lines).
 */
function readQuote(lines: string[], i: number, doc: MarkdownDoc, region: Region): { last: number; paragraph: boolean } {
  const inner: string[] = [];
  const shift: number[] = [];
  let j = i;
  for (; j < lines.length && QUOTE.test(lines[j]); j++) {
    const marker = QUOTE.exec(lines[j])![0].length;
    inner.push(lines[j].slice(marker));
    shift.push(marker + (region.shift?.[j] ?? 0));
  }
  const paragraph = readBlocks(inner, doc, { offset: region.offset + i, shift, heading: region.heading });
  return { last: j - 1, paragraph };
}

/**
 * A heading's text as GFM renders it: links by their text, images dropped (only their `alt` would
 * show), code spans, emphasis, autolinks, inline HTML tags and backslash escapes undone
 * (`Shop VM [LAN IPs](#ips)` → `Shop VM LAN IPs`).
 */
export function inlineText(source: string): string {
  return source
    .replace(/!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])/g, '')
    .replace(/\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]*|[^>\s@]+@[^>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`+([^`]*?)`+/g, '$1')
    .replace(/(?<!\\)\*+|~~|(^|[^\w\\])_+|(?<!\\)_+(?!\w)/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A code fence or an HTML comment opening at line `i`: the misses inside it, and the last line it hides. */
function skipHidden(lines: string[], i: number, doc: MarkdownDoc, offset: number): number | undefined {
  const line = lines[i];
  const fence = FENCE_OPEN.exec(line);
  if (fence && !(fence[2][0] === '`' && fence[3].includes('`'))) {
    const end = closingFence(lines, i, fence[2]);
    missesInside(
      lines,
      i + 1,
      end,
      doc,
      offset,
      `inside a code fence opened at line ${offset + i + 1}${end === lines.length ? ' and never closed' : ''}`,
    );
    return end;
  }
  if (/^ {0,3}<!--/.test(line)) {
    const end = commentEnd(lines, i);
    missesInside(
      lines,
      i,
      end + 1,
      doc,
      offset,
      `inside an HTML comment opened at line ${offset + i + 1}${end === lines.length ? ' and never closed' : ''}`,
    );
    return end;
  }
  return undefined;
}

/**
 * The table whose header row is line `i` (the delimiter row below it): returns its last line, or
 * undefined, with the reason kept, when the header and delimiter rows differ in cells.
 */
function readTable(lines: string[], i: number, region: Region, doc: MarkdownDoc): number | undefined {
  const row = (j: number) => splitRow(lines[j]).map((c) => ({ ...c, column: c.column + (region.shift?.[j] ?? 0) }));
  const header = row(i);
  const delimiter = splitRow(lines[i + 1]);
  if (header.length !== delimiter.length) {
    doc.misses.push({
      line: region.offset + i + 1,
      reason: `its header row has ${header.length} cells and the separator row below it ${delimiter.length}`,
    });
    return undefined;
  }
  const { heading } = region;
  const table: MarkdownTable = { heading: heading.text, headingLevel: heading.level, line: region.offset + i + 1, header, rows: [] };
  let j = i + 2;
  for (; j < lines.length && lines[j].trim() !== '' && !startsBlock(lines[j]); j++)
    table.rows.push({ line: region.offset + j + 1, cells: row(j) });
  doc.tables.push(table);
  return j - 1;
}

const LIST_ITEM = /^ {0,3}([-+*]|\d{1,9}[.)])([ \t]|$)/;

/** A line that starts another block and so ends a table: a heading, a fence, a quote, a list item, a rule, HTML. */
function startsBlock(line: string): boolean {
  return (
    ATX.test(line) ||
    FENCE_OPEN.test(line) ||
    /^ {0,3}>/.test(line) ||
    /^ {0,3}<!--/.test(line) ||
    LIST_ITEM.test(line) ||
    /^ {0,3}([-*_])( *\1){2,} *$/.test(line)
  );
}

function isDelimiterRow(line: string): boolean {
  // Four spaces of indentation make code; `- | -` is a list item before it is a delimiter row.
  if (/^( {4,}|\t)/.test(line) || LIST_ITEM.test(line)) return false;
  const cells = splitRow(line);
  // A lone `---` under a line is a setext heading, not a one-column table: GFM wants a pipe.
  if (!line.includes('|')) return false;
  return cells.length > 0 && cells.every((c) => DELIMITER_CELL.test(c.text.replace(/\s+/g, '')));
}

/** The line index of the fence that closes the one opened at `open` (same character, at least as long), or the end. */
function closingFence(lines: string[], open: number, marker: string): number {
  const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  for (let j = open + 1; j < lines.length; j++) if (close.test(lines[j])) return j;
  return lines.length;
}

/** The line index holding the `-->` that ends the comment opened at `open`, or the end. */
function commentEnd(lines: string[], open: number): number {
  const first = lines[open];
  if (first.indexOf('-->', first.indexOf('<!--') + 4) >= 0) return open;
  for (let j = open + 1; j < lines.length; j++) if (lines[j].includes('-->')) return j;
  return lines.length;
}

function missesInside(lines: string[], from: number, to: number, doc: MarkdownDoc, offset: number, reason: string): void {
  for (let j = from; j < Math.min(to, lines.length) - 1; j++) {
    if (lines[j].includes('|') && isDelimiterRow(lines[j + 1])) doc.misses.push({ line: offset + j + 1, reason: `it is ${reason}` });
  }
}

/**
 * Splits a row on every unescaped pipe, as GFM does (a pipe inside a code span splits too, unless
 * escaped as `\|`). Leading and trailing pipes are optional.
 */
export function splitRow(line: string): MarkdownCell[] {
  const cells: MarkdownCell[] = [];
  const first = line.search(/\S/);
  if (first < 0) return cells;
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
