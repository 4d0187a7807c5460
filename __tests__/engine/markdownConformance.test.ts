import { spawnSync } from 'node:child_process';
import { parseMarkdown } from '../../src/workspace/parseMarkdown';
import { atRoot } from '../helpers/paths';

/**
 * parseMarkdown is the project's own reader of GFM tables (fast, with line numbers and reasons for
 * near misses). This pins its rules to a reference GFM parser, micromark with its table extension:
 * for each document, the same tables outside list items (at the top level and in block quotes), with
 * the same cells (a short row padded with empty cells and a long one cut to the header, as GFM renders
 * them), and the same heading texts as rendered (a link, code span or emphasis in a heading is its text).
 */
const DOCS: Array<[string, string]> = [
  ['a plain table', '## T\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n'],
  ['no outer pipes', 'a | b\n--- | ---\n1 | 2\n'],
  ['alignment colons', '| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n'],
  ['an escaped pipe stays in its cell', '| a \\| b | c |\n|---|---|\n| 1 \\| 2 | 3 |\n'],
  ['a pipe inside a code span still splits (so this is not a table)', '| a `x|y` | b |\n|---|---|\n'],
  ['a short and a long row', '| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n'],
  ['a line without pipes continues the table', '| a | b |\n|---|---|\n| 1 | 2 |\nlazy\n\nafter\n'],
  ['a blank line ends it', '| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n'],
  ['a table interrupts a paragraph', 'some text\n| a | b |\n|---|---|\n| 1 | 2 |\n'],
  ['header and separator cell counts differ: no table', '| a | b |\n|---|\n| 1 | 2 |\n'],
  ['a separator without pipes is a setext heading', '| a |\n---\n'],
  ['indented four spaces: code', '    | a | b |\n    |---|---|\n'],
  ['inside a backtick fence', '```\n| a | b |\n|---|---|\n```\n'],
  ['inside a tilde fence with a longer close', '~~~\n| a | b |\n|---|---|\n~~~~~\n| c | d |\n|---|---|\n'],
  ['inside an unclosed fence', '```md\n| a | b |\n|---|---|\n'],
  ['a fence needs the same character to close', '```\n| a | b |\n|---|---|\n~~~\n| c |\n'],
  ['inside a one-line HTML comment', '<!-- x --> \n| a | b |\n|---|---|\n'],
  ['inside a multi-line HTML comment', '<!-- x\n| a | b |\n|---|---|\n-->\n| c | d |\n|---|---|\n'],
  [
    'ended by a heading, a quote, a list item, a fence',
    '| a | b |\n|---|---|\n# h\n| c | d |\n|---|---|\n> q\n| e | f |\n|---|---|\n- i\n| g | h |\n|---|---|\n```\n',
  ],
  ['a separator that is a list item', 'a | b\n- | -\n1 | 2\n'],
  ['two tables under two headings', '# One\n| a |\n|---|\n| 1 |\n\n# Two\n| b | c |\n|---|---|\n| 2 | 3 |\n'],
  ['a setext heading above a table', 'Title\n=====\n| a | b |\n|---|---|\n'],
  ['a table in a quote', '> | a | b |\n> |---|---|\n> | 1 | 2 |\n'],
  ['a table in a quote without spaces after the markers', '>| a | b |\n>|---|---|\n>|1|2|\n'],
  ['a table in a nested quote', '> > | a | b |\n> > |---|---|\n> > | 1 | 2 |\n'],
  ['a table in a quote ends with its > lines', '> | a | b |\n> |---|---|\n> | 1 | 2 |\n| 3 | 4 |\nlazy\n'],
  ["a quote's lazy paragraph line is not a table", '> text\n| a | b |\n|---|---|\n'],
  ['a delimiter row outside the quote', '> | a | b |\n|---|---|\n'],
  ['a heading and a table in a quote', '> ### Shop VM LAN IPs\n>\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n'],
  ['a table in a list item is not read', '- | a | b |\n  |---|---|\n  | 1 | 2 |\n'],
  [
    'headings with links, code, emphasis, images, autolinks and escapes',
    '### Shop VM [LAN IPs](http://x "t")\n## `D54` **shop** _LAN_ IPs\n# ![icon](i.png) Devices <https://x.org>\n' +
      '## a\\_b snake_case_name \\*x\\* [ref][r]\n\nTitle [x](y)\n---\n\n[r]: http://r\n',
  ],
  ['CRLF line ends', '| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n'],
  ['emphasis and links in cells', '| **a** | [b](http://x) |\n|---|---|\n| `1` | _2_ |\n'],
];

type Table = { header: string[]; rows: string[][] };

/** Cell text as rendered: inline markup dropped (the comparison is of the table structure and cells, not of inline rendering). */
const plain = (s: string) =>
  s
    .replace(/[`*_]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();

function ours(md: string): Table[] {
  return parseMarkdown(md).tables.map((t) => ({
    header: t.header.map((c) => plain(c.text)),
    rows: t.rows.map((r) => t.header.map((_, i) => plain(r.cells[i]?.text ?? ''))),
  }));
}

test.each(DOCS)('GFM conformance: %s', (_name, md) => {
  const ref = reference()[DOCS.findIndex(([, d]) => d === md)];
  expect(ours(md)).toEqual(ref.tables.map((t) => ({ header: t.header.map(plain), rows: t.rows.map((r) => r.map(plain)) })));
  expect(parseMarkdown(md).headings.map((h) => h.text)).toEqual(ref.headings);
});

type Reference = { tables: Table[]; headings: string[] };

let cached: Reference[] | undefined;
function reference(): Reference[] {
  if (cached) return cached;
  const r = spawnSync(process.execPath, [atRoot('__tests__', 'helpers', 'gfmReference.mjs')], {
    input: JSON.stringify(DOCS.map(([, d]) => d)),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the reference parser failed: ${r.stderr}`);
  return (cached = JSON.parse(r.stdout) as Reference[]);
}

test('near misses are kept with their reason, for the finding at the heading', () => {
  const doc = parseMarkdown('## Shop VM LAN IPs\n\n```\n| a | b |\n|---|---|\n```\n\n## Other\n| a | b |\n| c | d |\n');
  expect(doc.tables).toEqual([]);
  expect(doc.misses).toEqual([
    { line: 4, reason: 'it is inside a code fence opened at line 3' },
    { line: 9, reason: 'the line below it is not a separator row (| --- | --- |)' },
  ]);
});
