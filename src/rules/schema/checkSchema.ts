import * as path from 'node:path';
import { globPattern } from '../../records/globPattern';
import type { SchemaRule } from './SchemaRule';
import { fileProblems } from '../../records/CollectionStore';
import { problemDraft, type RuleContext, type RuleOutcome, type Draft } from '../context';
import { MESSAGES } from './messages';
import { isRepoSchema, repoSchemaFile } from './repoSchemaFile';
import type { ValidateFn } from '../../schema/SchemaValidator';

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
    // A run limited to changed files validates those, and every file a changed repository schema validates.
    if (ctx.onlyFiles && !ctx.onlyFiles.has(file) && !(isRepoSchema(schema) && ctx.onlyFiles.has(repoSchemaFile(schema)))) continue;
    const src = ctx.store.workspace.file(file);
    // A file the gate names but the repository lacks is checked by the gates that read it.
    if (!src.exists) continue;
    checked++;
    const problems = fileProblems(src);
    findings.push(...problems.map(problemDraft));
    if (problems.some((p) => p.blinding)) continue;
    const y = src.yaml();
    const fn = isRepoSchema(schema) ? repoSchema(ctx, schema, rule, findings) : ctx.schemas.compileFile(ctx.schemaPath(schema));
    if (!fn) continue;
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

/**
 * A repository's schema as the snapshot being checked holds it (the index for a hook, each commit for
 * ci), never the working tree: a schema loosened on disk but not staged must not pass what the commit's
 * own schema refuses. It is one of the gate's inputs (gateInputs), so it is loaded with the gate's files.
 * One that is missing, not text, not JSON or not a schema Ajv compiles is a finding at the schema's file
 * (its line where JSON.parse says where), and the files it would validate are not validated.
 */
function repoSchema(ctx: RuleContext, schema: string, rule: SchemaRule, findings: Draft[]): ValidateFn | undefined {
  const file = repoSchemaFile(schema);
  const src = ctx.store.workspace.file(file);
  const c = src.content;
  const fail = (why: string, line = 1, column = 1): undefined => {
    if (!findings.some((f) => f.file === file && f.check === 'schema/unusable'))
      findings.push({
        severity: rule.severity ?? ctx.severity,
        check: 'schema/unusable',
        entity: file,
        file,
        line,
        column,
        message: MESSAGES.schemaUnusable(file, why),
      });
    return undefined;
  };
  if (c.kind !== 'text') return fail(c.kind === 'unreadable' ? c.reason : MESSAGES.schemaNotText(c.kind));
  try {
    return ctx.schemas.compileText(`${file}\0${src.id ?? c.text}`, c.text, file);
  } catch (err) {
    const why = (err as Error).message.replace(/^cannot (read|compile) JSON Schema [^:]*: /, '');
    const at = /at position (\d+)/.exec(why);
    if (!at) return fail(why);
    const before = c.text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    return fail(why, line, Number(at[1]) - before.lastIndexOf('\n'));
  }
}
