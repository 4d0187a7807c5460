import { createColors } from 'picocolors';
import { ExitCode, type Finding, type GateResult, type RunResult } from '../types';
import { safeText as t } from './safeText';
import type { WarningLimit } from './maxWarnings';

export interface TextOptions {
  color: boolean;
  quiet?: boolean;
  /** Heading line, e.g. `spine-hooks 0.1.0 · working tree · 8 gates`. */
  title?: string;
  /** fix hints by gate id, printed under failing gates. */
  hints?: Record<string, string>;
  /** What to tell the reader about overriding a failing gate (hook mode). */
  footer?: string;
  /** More open warnings than `--max-warnings` allows: the verdict fails and says so. */
  warningLimit?: WarningLimit;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - s.length)) + s;

/** The human report: gate lines, findings grouped by gate, the lane summary, a verdict line. */
export function formatText(result: RunResult, opts: TextOptions): string {
  const c = createColors(opts.color);
  const badge = {
    pass: c.green('PASS'),
    fail: c.bold(c.red('FAIL')),
    warn: c.yellow('WARN'),
    skip: c.dim('SKIP'),
  } as const;
  const out: string[] = [];
  if (opts.title && !opts.quiet) out.push(c.bold(t(opts.title)), '');
  const nameWidth = Math.max(0, ...result.gates.map((g) => g.id.length + 1 + g.name.length));
  for (const g of result.gates) {
    if (opts.quiet && (g.status === 'pass' || g.status === 'skip')) continue;
    const ms = c.dim(lpad(`${g.durationMs.toFixed(1)} ms`, 9));
    const extra = g.status === 'skip' && g.note ? c.dim(`  ${t(g.note)}`) : g.cached ? c.dim('  cached') : '';
    out.push(`${badge[g.status]}  ${pad(t(`${g.id} ${g.name}`), nameWidth)}  ${ms}${extra}`);
  }
  // Quiet (hook) reports list only what is open; covered findings are counted in the verdict line.
  const listed = (g: GateResult) => (opts.quiet ? g.findings.filter((f) => !f.suppressed) : g.findings);
  const withFindings = result.gates.filter((g) => listed(g).length || (g.note && g.status !== 'skip'));
  for (const g of withFindings) {
    out.push('', c.bold(t(`${g.id} ${g.name}`)) + c.dim(` — ${count(g)}`));
    for (const f of listed(g)) out.push(...findingLines(f, c));
    if (g.note && g.status !== 'skip') out.push(`  ${g.id} ${c.yellow('warning')} ${t(g.note)}`);
    // A gate failing only because a change weakens it is fixed by undoing the change, not the data.
    const open = g.findings.filter((f) => !f.suppressed && f.severity === 'error');
    const weakenedOnly = open.length > 0 && open.every((f) => f.check.startsWith('governance/'));
    // A gate failing only because a file cannot be read as data is fixed in that file, not by its hint.
    const fileOnly = open.length > 0 && open.every((f) => f.check.startsWith('file/'));
    const hint = weakenedOnly ? GOVERNANCE_HINT(g.id) : fileOnly ? fileHint(open.map((f) => f.check)) : opts.hints?.[g.id];
    if (hint && g.status === 'fail') out.push(c.cyan(`  fix: ${t(hint)}`));
  }
  if (!opts.quiet && result.lanes.length) {
    out.push('', laneTable(result));
  }
  const policy = result.policy;
  if (policy?.baselineFixed.length) {
    const n = policy.baselineFixed.length;
    out.push(
      '',
      c.green(
        `${n} baseline ${n === 1 ? 'entry' : 'entries'} no longer found (fixed): run \`spine-hooks baseline update\` to drop ${n === 1 ? 'it' : 'them'}`,
      ),
    );
    for (const e of policy.baselineFixed)
      out.push(c.dim(t(`  ${e.gate} ${e.check}${e.entity ? ` ${e.entity}` : ''}${e.ref ? ` (${e.ref})` : ''}`)));
  }
  for (const o of policy?.appliedOverrides ?? [])
    out.push(
      '',
      c.yellow(t(`override ${o.id} by ${o.author} covers ${plural(o.covered, 'finding')} of ${o.gates.join(', ')}: "${o.reason}"`)),
    );
  for (const id of policy?.unusedOverrides ?? [])
    out.push('', c.yellow(`override ${id} covers nothing: the gates it names have no open finding`));
  out.push('', verdict(result, c, opts.warningLimit));
  if (opts.footer && result.exitCode !== ExitCode.Pass) out.push(opts.footer);
  return out.join('\n');
}

function findingLines(f: Finding, c: ReturnType<typeof createColors>): string[] {
  const where = t(`${f.file}${f.line ? `:${f.line}:${f.column}` : ''}`);
  const sev = f.suppressed
    ? c.dim(
        t(
          f.suppressed.by === 'baseline'
            ? `pre-existing${f.suppressed.ref ? ` (${f.suppressed.ref})` : ''}`
            : `overridden by ${f.suppressed.author}: "${f.suppressed.reason}"`,
        ),
      )
    : f.severity === 'error'
      ? c.red('error')
      : c.yellow('warning');
  const lines = [`  ${f.gate} ${c.underline(where)} ${sev} ${t(f.message)}`];
  if (f.related) {
    const rel = `${f.related.file}${f.related.line ? `:${f.related.line}:${f.related.column ?? 1}` : ''}`;
    lines.push(c.dim(t(`      → ${f.related.message} (${rel})`)));
  }
  return lines;
}

function count(g: GateResult): string {
  const e = g.findings.filter((f) => f.severity === 'error' && !f.suppressed).length;
  const w = warnings(g);
  const b = g.findings.filter((f) => f.suppressed?.by === 'baseline').length;
  const o = g.findings.filter((f) => f.suppressed?.by === 'override').length;
  return (
    [e && plural(e, 'error'), w && plural(w, 'warning'), b && `${b} pre-existing`, o && `${o} overridden`].filter(Boolean).join(', ') ||
    'nothing open'
  );
}

/** Warning findings, plus the "checked nothing" note, which is a warning too. */
function warnings(g: GateResult): number {
  return g.findings.filter((f) => f.severity === 'warn' && !f.suppressed).length + (g.note && g.status !== 'skip' ? 1 : 0);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function laneTable(result: RunResult): string {
  const head = ['lane', 'gates', 'passed', 'failed', 'warned', 'skipped'];
  const rows = result.lanes.map((l) => [l.lane, l.gates, l.passed, l.failed, l.warned, l.skipped].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? pad(cell, widths[i]) : lpad(cell, widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function verdict(result: RunResult, c: ReturnType<typeof createColors>, limit?: WarningLimit): string {
  const n = (s: string) => result.gates.filter((g) => g.status === s).length;
  const errors = result.gates.reduce((a, g) => a + g.findings.filter((f) => f.severity === 'error' && !f.suppressed).length, 0);
  const warned = result.gates.reduce((a, g) => a + warnings(g), 0);
  const covered = result.gates.reduce((a, g) => a + g.findings.filter((f) => f.suppressed).length, 0);
  const counts = `${n('pass')} passed, ${n('fail')} failed, ${n('warn')} warned, ${n('skip')} skipped`;
  const over = limit ? `, more than --max-warnings ${limit.max} allows` : '';
  const open = `${plural(errors, 'error')}, ${plural(warned, 'warning')}${over}${covered ? `, ${covered} pre-existing or overridden` : ''}`;
  // Verdicts read from the result cache (inputs unchanged since an earlier run) are not evaluated again: said, not hidden.
  const cached = result.gates.filter((g) => g.cached).length;
  const fromCache = cached ? `; ${plural(cached, 'verdict')} from the cache (inputs unchanged)` : '';
  const text = `${plural(result.gates.length, 'gate')}: ${counts} (${open})${fromCache}`;
  return result.exitCode === ExitCode.Pass && !limit ? c.green(`✔ ${text}`) : c.red(`✖ ${text}`);
}

const GOVERNANCE_HINT = (id: string) =>
  `undo the change that weakens ${id}, or make it with a logged reason: SPINE_OVERRIDE=${id} SPINE_OVERRIDE_REASON="…" ` +
  '(spine-hooks explain overrides, "Weakening a gate")';

/** The fix for files a gate cannot read as data (the gate's own hint is about data that parses). */
function fileHint(checks: string[]): string {
  const has = (c: string) => checks.includes(`file/${c}`);
  const parts: string[] = [];
  if (has('parse') || has('duplicate-key') || has('encoding'))
    parts.push('fix the file at the reported line so that it parses (YAML syntax, one value per key, UTF-8), then stage it again');
  if (has('missing')) parts.push('restore the missing file, or map its key to where it now lives (files: in spine-hooks.config.yaml)');
  if (has('binary') || has('link')) parts.push('replace the binary file or the link with the text file the gate reads');
  if (has('shape') || has('table'))
    parts.push(
      'give the file the structure the gate reads (the key, list or table named above; spine-hooks explain configuration, "Collections")',
    );
  return `${parts.join('; ') || 'fix the file at the reported line'}.`;
}
