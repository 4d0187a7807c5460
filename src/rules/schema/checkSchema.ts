import * as path from 'node:path';
import { globPattern } from '../../records/globPattern';
import type { SchemaRule } from './SchemaRule';
import { fileProblems } from '../../records/CollectionStore';
import { problemDraft, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { MESSAGES } from './messages';

/** Files the schema rule validates, resolved against the workspace listing for globs. */
export function schemaTargets(rule: SchemaRule, ctx: Pick<RuleContext, 'store'>): Array<{ file: string; schema: string }> {
  const out: Array<{ file: string; schema: string }> = [];
  for (const entry of rule.files) {
    if (entry.file) out.push({ file: ctx.store.path(entry.file), schema: entry.schema });
    if (entry.glob) {
      const glob = globPattern(entry.glob);
      for (const p of ctx.store.workspace.listed()) if (glob.test(p)) out.push({ file: p, schema: entry.schema });
    }
  }
  return out;
}

/** Each file validates against its JSON Schema; errors point at the YAML line of the offending value. */
export function checkSchema(rule: SchemaRule, ctx: RuleContext): RuleOutcome {
  const findings: Draft[] = [];
  let checked = 0;
  for (const { file, schema } of schemaTargets(rule, ctx)) {
    if (ctx.onlyFiles && !ctx.onlyFiles.has(file)) continue;
    const src = ctx.store.workspace.file(file);
    // A file the gate names but the repository lacks is checked by the gates that read it.
    if (!src.exists) continue;
    checked++;
    const problems = fileProblems(src);
    findings.push(...problems.map(problemDraft));
    if (problems.some((p) => p.blinding)) continue;
    const y = src.yaml();
    const fn = ctx.schemas.compileFile(ctx.schemaPath(schema));
    for (const err of ctx.schemas.validate(fn, y.data)) {
      const pos = y.pointerPosition(err.pointer);
      findings.push({
        severity: rule.severity ?? ctx.severity,
        check: `schema/${path.basename(schema)}${err.pointer.replace(/\/\d+/g, '/*')}`,
        entity: `${file}#${err.pointer}`,
        file,
        ...pos,
        message: MESSAGES.schemaError(err.pointer || '/', err.message),
      });
    }
  }
  return { findings, checked, empty: 'files' };
}
