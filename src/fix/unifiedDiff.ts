/**
 * A unified diff of two versions of a file (`--- a/file`, `+++ b/file`, hunks with three lines of
 * context), as `git diff` shows it. Line ends and a BOM are not shown; the lines are compared as text.
 */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = lines(before);
  const b = lines(after);
  const ops = diffLines(a, b);
  if (!ops.some((o) => o.kind !== ' ')) return '';
  const out = [`--- a/${file}`, `+++ b/${file}`];
  // Indices into ops of changed lines, grouped into hunks whose contexts touch.
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j].kind !== ' ') end = j;
      else if (j - end > 2 * context) break;
      j++;
    }
    const stop = Math.min(ops.length, end + context + 1);
    const hunk = ops.slice(start, stop);
    const aStart = ops[start].a;
    const bStart = ops[start].b;
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.text}`);
    i = stop;
  }
  return `${out.join('\n')}\n`;
}

interface LineOp {
  kind: ' ' | '-' | '+';
  text: string;
  /** Lines of each side before this one. */
  a: number;
  b: number;
}

function lines(text: string): string[] {
  const t = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const ls = t.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** The edit script of two line lists: common head and tail, and a longest common subsequence between. */
function diffLines(a: string[], b: string[]): LineOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const n = am.length;
  const m = bm.length;
  const lcs = new Int32Array((n + 1) * (m + 1));
  for (let x = n - 1; x >= 0; x--)
    for (let y = m - 1; y >= 0; y--)
      lcs[x * (m + 1) + y] =
        am[x] === bm[y] ? lcs[(x + 1) * (m + 1) + y + 1] + 1 : Math.max(lcs[(x + 1) * (m + 1) + y], lcs[x * (m + 1) + y + 1]);
  const ops: LineOp[] = [];
  let ai = 0;
  let bi = 0;
  for (let k = 0; k < head; k++) ops.push({ kind: ' ', text: a[k], a: ai++, b: bi++ });
  let x = 0;
  let y = 0;
  while (x < n || y < m) {
    if (x < n && y < m && am[x] === bm[y]) {
      ops.push({ kind: ' ', text: am[x], a: ai++, b: bi++ });
      x++;
      y++;
    } else if (x < n && (y >= m || lcs[(x + 1) * (m + 1) + y] >= lcs[x * (m + 1) + y + 1])) {
      ops.push({ kind: '-', text: am[x++], a: ai++, b: bi });
    } else {
      ops.push({ kind: '+', text: bm[y++], a: ai, b: bi++ });
    }
  }
  for (let k = a.length - tail; k < a.length; k++) ops.push({ kind: ' ', text: a[k], a: ai++, b: bi++ });
  return ops;
}
