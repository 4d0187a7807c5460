import type { ReportInput } from './reportInput';
import { hostPath, reported } from './reportInput';

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=D69 …::message` per open
 * finding (`::warning` for warnings, `::notice` for overridden and baselined ones), which GitHub
 * shows as annotations on the changed lines. Data is escaped as the runner requires.
 */
export function formatGithub(input: ReportInput): string {
  const lines = reported(input).map(({ gate, finding: f, commit }) => {
    const kind = f.suppressed ? 'notice' : f.severity === 'error' ? 'error' : 'warning';
    const props = [`file=${prop(hostPath(input, f.file))}`];
    if (f.line > 0) props.push(`line=${f.line}`);
    if (f.line > 0 && f.column > 0) props.push(`col=${f.column}`);
    props.push(
      `title=${prop(`${gate.id} ${gate.name}${f.suppressed ? (f.suppressed.by === 'baseline' ? ' (pre-existing)' : ' (overridden)') : ''}`)}`,
    );
    const why = f.suppressed
      ? f.suppressed.by === 'baseline'
        ? ` [baseline${f.suppressed.ref ? ` ${f.suppressed.ref}` : ''}]`
        : ` [override ${f.suppressed.id}: ${f.suppressed.reason}]`
      : '';
    const related = f.related ? `\n→ ${f.related.message} (${f.related.file}${f.related.line ? `:${f.related.line}` : ''})` : '';
    return `::${kind} ${props.join(',')}::${data(`${f.message}${why}${related}${commit ? `\n(commit ${commit.sha.slice(0, 12)} ${commit.subject})` : ''}`)}`;
  });
  for (const x of input.integrity ?? [])
    lines.push(
      `::error file=${prop(hostPath(input, x.file))}${x.line ? `,line=${x.line}` : ''},title=spine-hooks override log::${data(x.message)}`,
    );
  return lines.join('\n');
}

/** Message data: %, CR and LF escaped. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values: also `:` and `,`. */
function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
