// The reference reading of GFM tables (micromark with its GFM table extension), for the conformance
// test of src/workspace/parseMarkdown.ts. Reads a JSON list of documents on stdin; prints, for each,
// the tables outside list items (at the top level and in block quotes) as { header: [cell text], rows: [[cell text]] },
// and the text of its headings outside list items, as rendered.
import { micromark } from 'micromark';
import { gfmTable, gfmTableHtml } from 'micromark-extension-gfm-table';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const text = (html) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
const out = JSON.parse(input).map((md) => {
  const html = micromark(md, { extensions: [gfmTable()], htmlExtensions: [gfmTableHtml()], allowDangerousHtml: true })
    // Tables and headings outside list items: drop what sits in them.
    .replace(/<li>[\s\S]*?<\/li>/g, '');
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) => {
    const rows = [...t[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1])),
    );
    return { header: rows[0] ?? [], rows: rows.slice(1) };
  });
  const headings = [...html.matchAll(/<h[1-6]>([\s\S]*?)<\/h[1-6]>/g)].map((h) => text(h[1]));
  return { tables, headings };
});
process.stdout.write(JSON.stringify(out));
