import type { ReportInput } from './reportInput';
import type { GateResult } from '../../types';

/**
 * JUnit XML, the shape GitLab, Jenkins (its xunit plugin's junit-10.xsd) and Azure DevOps read: one
 * testsuite per run (per checked commit in `ci`), one testcase per gate, one `<failure>` per open error finding (its location and
 * message), `<skipped>` for a gate that does not apply; warnings and suppressed findings go to the
 * testcase's system-out.
 */
export function formatJunit(input: ReportInput): string {
  const suites = input.runs.map((r) =>
    suite(
      r.commit
        ? `spine-hooks ci: commit ${r.commit.sha.slice(0, 12)} ${r.commit.subject}`
        : `spine-hooks ${input.mode === 'staged' ? 'pre-commit (index)' : 'all gates'}`,
      r.result.gates,
    ),
  );
  const total = (k: 'tests' | 'failures') => suites.reduce((n, s) => n + s[k], 0);
  const time = suites.reduce((n, s) => n + s.time, 0);
  // `<testsuites>` carries only what Jenkins' xunit schema (junit-10.xsd) allows there: name, time,
  // tests, failures, errors. The skipped count lives on each `<testsuite>`, where the schema has it.
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="spine-hooks" tests="${total('tests')}" failures="${total('failures')}" errors="0" time="${secs(time)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(name: string, gates: GateResult[]) {
  let failures = 0;
  let skipped = 0;
  const cases = gates.map((g) => {
    const open = g.findings.filter((f) => !f.suppressed);
    const errors = open.filter((f) => f.severity === 'error');
    const other = g.findings.filter((f) => !errors.includes(f));
    const at = (f: { file: string; line: number; column: number }) =>
      `${f.file}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}`;
    const body: string[] = [];
    if (g.status === 'skip') {
      skipped++;
      body.push(`      <skipped message="${attr(g.note ?? 'does not apply')}"/>`);
    } else if (errors.length) {
      failures++;
      for (const f of errors) {
        const related = f.related
          ? `\n→ ${f.related.message} (${at({ file: f.related.file, line: f.related.line ?? 0, column: f.related.column ?? 0 })})`
          : '';
        body.push(
          `      <failure message="${attr(`${at(f)} ${f.message}`)}" type="${attr(`${g.id}/${f.check}`)}">${text(`${at(f)} ${f.message}${related}`)}</failure>`,
        );
      }
    }
    const notes = [
      ...(g.note && g.status !== 'skip' ? [g.note] : []),
      ...other.map(
        (f) => `${f.suppressed ? (f.suppressed.by === 'baseline' ? 'pre-existing' : 'overridden') : 'warning'} ${at(f)} ${f.message}`,
      ),
    ];
    if (notes.length) body.push(`      <system-out>${text(notes.join('\n'))}</system-out>`);
    const open_ = `    <testcase classname="spine-hooks.${attr(g.lanes[0] ?? 'gates')}" name="${attr(`${g.id} ${g.name}`)}" time="${secs(g.durationMs)}"`;
    return body.length ? `${open_}>\n${body.join('\n')}\n    </testcase>` : `${open_}/>`;
  });
  const time = gates.reduce((n, g) => n + g.durationMs, 0);
  const xml = [
    `  <testsuite name="${attr(name)}" tests="${gates.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(time)}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: gates.length, failures, skipped, time };
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

/** XML 1.0 allows neither most control characters nor unpaired surrogates, even escaped. */
function clean(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- these control characters are exactly what XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
