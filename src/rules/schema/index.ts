import fragment from './schema.json';
import { MESSAGES } from './messages';
import { BASE_PARAMS, SOURCE_PARAMS, type ReadPath, type RuleKind } from '../RuleKind';
import type { SchemaRule } from './SchemaRule';
import { checkSchema } from './checkSchema';
import { fixSchema } from './fixSchema';

export type { SchemaRule } from './SchemaRule';

/** Files validate against JSON Schemas (docs/rules/schema.md). */
export const schemaKind: RuleKind<SchemaRule> = {
  schema: fragment,
  messages: MESSAGES,
  check: checkSchema,
  fix: fixSchema,
  refs: () => [],
  reads: (r) =>
    r.files.flatMap((f, j) => {
      const out: ReadPath[] = [];
      if (f.file) out.push({ value: f.file, pointer: `/files/${j}/file`, as: 'repo' });
      if (f.glob) out.push({ value: f.glob, pointer: `/files/${j}/glob`, as: 'glob' });
      out.push({ value: f.schema, pointer: `/files/${j}/schema`, as: 'schema' });
      return out;
    }),
  validates: (r) => r.files,
  // The registry schema lets a schema rule carry `source` and `where` (ruleBase), though they select nothing here.
  params: { ...BASE_PARAMS, ...SOURCE_PARAMS, files: 'opaque' },
  // A glob runs on the same engine as every pattern: the loader compiles it before anything runs.
  patterns: {
    files: (v) =>
      Array.isArray(v)
        ? v.flatMap((f, i) =>
            typeof f === 'object' && f !== null && typeof (f as { glob?: unknown }).glob === 'string'
              ? [{ pointer: `/${i}/glob`, pattern: (f as { glob: string }).glob, glob: true as const }]
              : [],
          )
        : undefined,
  },
  checksFiles: true,
};
