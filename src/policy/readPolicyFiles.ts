import * as path from 'node:path';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { packageRoot } from '../packageRoot';
import { ConfigError } from '../registry/ConfigError';
import { CONFIG_MSG, LOG_MSG } from '../messages';
import type { Baseline, OverrideRecord } from './policyRecords';

export interface LogProblem {
  file: string;
  line: number;
  message: string;
}

/** Parses and validates the baseline file; a broken baseline is exit 2 with file:line, never ignored. */
export function parseBaseline(text: string | undefined, file: string, schemas: SchemaValidator): Baseline {
  if (text === undefined) return { version: 1, entries: [] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the YAML parser loads only when there is a baseline to read
  const { parseYaml } = require('../workspace/parseYaml') as typeof import('../workspace/parseYaml'); // JSON is YAML: positions for free
  const y = parseYaml(text.replace(/^\uFEFF/, ''));
  const p = y.problems[0];
  if (p) throw new ConfigError(CONFIG_MSG.invalidBaseline(p.message), file, p.line, p.column);
  const errors = schemas.validate(schemas.compileFile(path.join(packageRoot(), 'schemas', 'baseline.schema.json')), y.data);
  if (errors.length) {
    const pos = y.pointerPosition(errors[0].pointer);
    throw new ConfigError(CONFIG_MSG.invalidBaselineAt(errors[0].pointer, errors[0].message), file, pos.line, pos.column);
  }
  return y.data as Baseline;
}

/**
 * Parses a JSON Lines policy file (the override log, the verified bases) line by line against its
 * schema. A line that is not a valid record is a problem with its line number (these files are
 * evidence: a damaged line must be seen, not skipped silently).
 */
export function parseJsonLines<T>(
  text: string | undefined,
  file: string,
  schemaFile: string,
  what: string,
  schemas: SchemaValidator,
): { records: Array<T & { line: number }>; problems: LogProblem[] } {
  const records: Array<T & { line: number }> = [];
  const problems: LogProblem[] = [];
  if (text === undefined) return { records, problems };
  const validate = schemas.compileFile(path.join(packageRoot(), 'schemas', schemaFile));
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (err) {
      problems.push({ file, line, message: LOG_MSG.notJson((err as Error).message) });
      return;
    }
    const errors = schemas.validate(validate, data);
    if (errors.length) problems.push({ file, line, message: LOG_MSG.notValid(what, errors[0].pointer, errors[0].message) });
    else records.push({ ...(data as T), line });
  });
  return { records, problems };
}

/** The override log's records (see parseJsonLines). */
export function parseOverrideLog(
  text: string | undefined,
  file: string,
  schemas: SchemaValidator,
): { records: Array<OverrideRecord & { line: number }>; problems: LogProblem[] } {
  const parsed = parseJsonLines<OverrideRecord>(text, file, 'override-record.schema.json', 'override record', schemas);
  // An id names one record: a second line with it (a record copied, or a hand-made twin) would let one
  // trailer stand for two overrides.
  const seen = new Map<string, number>();
  const records = parsed.records.filter((r) => {
    const first = seen.get(r.id);
    if (first === undefined) return (seen.set(r.id, r.line), true);
    parsed.problems.push({ file, line: r.line, message: LOG_MSG.duplicateId(r.id, first) });
    return false;
  });
  return { records, problems: parsed.problems.sort((a, b) => a.line - b.line) };
}
