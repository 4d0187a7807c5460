import type { Finding, Severity } from '../types';
import type { CollectionStore, FileProblem } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { compileWhere, type Where } from '../records/compileWhere';

/** A finding before the engine stamps the gate id on it. */
export type Draft = Omit<Finding, 'gate'>;

export interface RuleContext {
  store: CollectionStore;
  schemas: SchemaValidator;
  severity: Severity;
  /** When set, schema rules validate only these paths (pre-commit validates what changed). */
  onlyFiles?: ReadonlySet<string>;
}

export interface RuleOutcome {
  findings: Draft[];
  /** How many records (or files) the rule looked at; 0 means it checked nothing. */
  checked: number;
  /** What was empty, for the "checked nothing" warning. */
  empty?: string;
}

export function problemDraft(p: FileProblem): Draft {
  const { check, file, line, column, message, entity } = p;
  return { severity: 'error', check, file, line, column, message, ...(entity ? { entity } : {}), ...(p.blinding ? { blinding: true as const } : {}) };
}

/** Records of a collection that pass a filter, or the problems that make the collection unreadable. */
export function select(
  ctx: RuleContext,
  collection: string,
  where?: Where,
): { records: SsotRecord[]; file: string; problems: Draft[] } {
  const c = ctx.store.get(collection);
  if (c.problems.length) return { records: [], file: c.file, problems: c.problems.map(problemDraft) };
  const keep = compileWhere(where);
  return { records: c.records.filter(keep), file: c.file, problems: [] };
}

export function describeWhere(where: Where | undefined): string {
  if (!where || Object.keys(where).length === 0) return '';
  return ` matching ${JSON.stringify(where)}`;
}
