import type { Finding, Severity } from '../types';
import type { CollectionStore, FileProblem } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { compileWhere, type JoinSpec, type Where, type WhereEnv } from '../records/compileWhere';
import type { Clock } from '../records/time';
import type { MatchDef } from './ruleParts';
import { MatchIndex, targetSide } from '../records/matchIndex';
import { pureWhere } from '../records/filterReads';
import type { Position } from '../workspace/parseYaml';

/** A finding before the engine stamps the gate id on it. */
export type Draft = Omit<Finding, 'gate'>;

export interface RuleContext {
  store: CollectionStore;
  schemas: SchemaValidator;
  severity: Severity;
  /** When set, schema rules validate only these paths (pre-commit validates what changed). */
  onlyFiles?: ReadonlySet<string>;
  /** Absolute path of a schema named in the registry. */
  schemaPath: (schema: string) => string;
  /** What filters may consult: the run's clock, the snapshot's paths, other collections (see compileWhere). */
  env: WhereEnv;
  /** Told, per record and check, what the rule concluded (see Trace); only `audit vms` listens. */
  trace?: Trace;
  /** The commit's base, for rules that compare with it (RuleKind.readsBase); undefined: the run was given none. */
  base?: BaseView;
  /**
   * A collection's records as they were before the change being checked (its first parent), when
   * the run knows it; undefined when it does not or the collection was unreadable then. Read only to
   * decide which of two records a finding names (the unique rule: the one that brought the value).
   */
  prior?: (collection: string) => readonly SsotRecord[] | undefined;
}

/**
 * The commit's base as rules see it: the first parent of the commit checked or being made (HEAD for
 * `--all`), its collections read with the same definitions, and how findings name it (`parent 1a2b3c4`);
 * or why there is none to compare with (not a git repository), which the rule says in a note.
 */
export type BaseView = { label: string; store: CollectionStore; env: WhereEnv } | { unavailable: string };

/**
 * What a rule concluded about one record for one check (`touchpoint/ssh-target`, `ripple/backup`):
 * the findings it made (none: the record passes) or `exempt` (an `unless` excused it). A record the
 * check does not concern is not reported at all. This is how `audit vms` shows ✓ only where the gate
 * passes: it does not judge, it listens to the gates.
 */
export type Trace = (rec: SsotRecord, check: string, result: Draft[] | 'exempt') => void;

export interface RuleOutcome {
  findings: Draft[];
  /** How many records (or files) the rule looked at; 0 means it checked nothing. */
  checked: number;
  /** What was empty, for the "checked nothing" warning. */
  empty?: string;
  /** What the rule could not check and says so (the gate warns): a base it could not read, or none at all. */
  note?: string;
}

export function problemDraft(p: FileProblem): Draft {
  const { check, file, message, entity } = p;
  const d = {
    severity: 'error',
    check,
    file,
    message,
    ...(entity ? { entity } : {}),
    ...(p.blinding ? { blinding: true as const } : {}),
  } as Draft;
  // The location is read from the problem when the draft is reported: a problem that is dropped
  // (an `if_present` collection found absent) never computes it, so a passing run never builds the
  // syntax tree of a large file.
  Object.defineProperty(d, 'line', { get: () => p.line, enumerable: true, configurable: true });
  Object.defineProperty(d, 'column', { get: () => p.column, enumerable: true, configurable: true });
  return d;
}

/**
 * Records of a collection that pass a filter, or the problems that make the collection unreadable.
 * `absent`: the file or the key it selects is not there (a rule or requirement marked `if_present`
 * then does not apply).
 */
export function select(
  ctx: RuleContext,
  collection: string,
  where?: Where,
): { records: SsotRecord[]; file: string; problems: Draft[]; absent: boolean; locate?: () => Position | undefined } {
  const c = ctx.store.get(collection);
  if (c.problems.length) return { records: [], file: c.file, problems: c.problems.map(problemDraft), absent: c.absent };
  if (!where || Object.keys(where).length === 0)
    return { records: c.records, file: c.file, problems: [], absent: c.absent, locate: c.locate };
  // The same filter over the same collection (D69's scope, read by several rules and gates) is run
  // once; a filter that reads only the record, once per version of the file (see RunMemo).
  const key = JSON.stringify(where);
  const held = ctx.store.selections(c, pureWhere(key));
  let records = held.get(key);
  if (!records) {
    records = c.records.filter(compileWhere(where, ctx.env));
    held.set(key, records);
  }
  return { records, file: c.file, problems: [], absent: c.absent, locate: c.locate };
}

/**
 * The index of `records` (a selection) for one way of matching, built once per run: the gates that
 * join the VMs with the SSH targets the same way share it.
 */
export function indexOf(ctx: Pick<RuleContext, 'store'>, match: MatchDef, records: readonly SsotRecord[]): MatchIndex {
  let byMatch = ctx.store.indexes.get(records);
  if (!byMatch) {
    byMatch = new Map();
    ctx.store.indexes.set(records, byMatch);
  }
  const key = JSON.stringify(match);
  let index = byMatch.get(key);
  if (!index) {
    // Another match of these records with the same target side has built the table: shared, not built again.
    const side = `\0${targetSide(match)}`;
    const same = byMatch.get(side);
    index = new MatchIndex(match, records, same?.table);
    byMatch.set(key, index);
    if (!same) byMatch.set(side, index);
  }
  return index;
}

/** The environment filters run in: the run's clock, the snapshot's paths, `$join` over the store's collections. */
export function whereEnv(store: CollectionStore, clock: Clock | undefined, pathKind?: WhereEnv['pathKind']): WhereEnv {
  const indexes = new Map<JoinSpec, MatchIndex>();
  const indexFor = (spec: JoinSpec): MatchIndex => {
    let index = indexes.get(spec);
    if (!index) {
      // Selected and indexed like a rule's target: shared across snapshots when the file is the same.
      const c = store.get(spec.collection);
      const key = `$join\0${JSON.stringify(spec.where ?? null)}`;
      const held = store.selections(c, pureWhere(key));
      let records = held.get(key);
      if (!records) {
        records = c.records.filter(compileWhere(spec.where, env));
        held.set(key, records);
      }
      index = indexOf({ store }, spec.match as MatchDef, records);
      indexes.set(spec, index);
    }
    return index;
  };
  const env: WhereEnv = {
    clock,
    pathKind,
    join: (spec, rec) => indexFor(spec).find(rec),
    joinKeys: (spec) => indexFor(spec).keys(),
  };
  return env;
}

export function describeWhere(where: Where | undefined): string {
  if (!where || Object.keys(where).length === 0) return '';
  return ` matching ${JSON.stringify(where)}`;
}
