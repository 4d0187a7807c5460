import type { SourceFile } from '../workspace/SourceFile';
import type { Collection, CollectionMemo } from '../records/CollectionStore';
import type { FileMemo } from '../workspace/Workspace';
import type { CollectionDef } from '../registry/registryTypes';
import type { SsotRecord } from '../records/SsotRecord';
import type { MatchIndex } from '../records/matchIndex';
import type { Evaluated } from './ResultCache';
import type { KeptOutcome } from './ruleOutcomes';
import type { KnownList } from './recordVerdicts';

/**
 * What one process may reuse from one snapshot to the next (`ci` and pre-push check commit after
 * commit of a range): everything here is a function of content, never of a commit.
 *
 * - a file, decoded and parsed, by its path and git blob id: a blob is parsed once per run;
 * - a collection's records by the file object they were read from and the collection's definition;
 * - filtered selections of a collection (filters that consult only the record), and match indexes
 *   by the record list they index: the SSH targets of a commit that did not touch them are indexed once;
 * - a gate's result by exactly what decides it (see gateKey).
 *
 * Only the files the latest snapshot loaded are kept, so memory is bounded by the estate (one version
 * of it, and the files of the snapshot being loaded), never by the range: what hangs off an older
 * file (its collections, their selections and indexes) goes with it.
 */
export class RunMemo implements FileMemo, CollectionMemo {
  private files = new Map<string, SourceFile>();
  private next = new Map<string, SourceFile>();
  private readonly fileIds = new WeakMap<SourceFile, number>();
  private counter = 0;
  readonly collections = new WeakMap<SourceFile, Map<CollectionDef, Collection>>();
  readonly selections = new WeakMap<readonly SsotRecord[], Map<string, SsotRecord[]>>();
  readonly indexes = new WeakMap<readonly SsotRecord[], Map<string, MatchIndex>>();
  private readonly results = new WeakMap<object, Map<string, Evaluated>>();
  /** Records that passed, by rule key (recordVerdicts.ts): a range re-checks only the records a commit changed. */
  readonly recordVerdicts = new Map<string, KnownList>();
  /** Outcomes of rules that found nothing, by what the rule reads (ruleOutcomes.ts). */
  readonly ruleOutcomes = new Map<string, KeptOutcome>();

  /** The file of this path and blob id, made by `make` the first time it is seen. */
  file(path: string, id: string, make: () => SourceFile): SourceFile {
    const key = `${path}\0${id}`;
    const f = this.next.get(key) ?? this.files.get(key) ?? make();
    this.next.set(key, f);
    return f;
  }

  /** Whether the file of this path and blob id is held: its snapshot need not read its bytes again. */
  has(path: string, id: string): boolean {
    const key = `${path}\0${id}`;
    return this.next.has(key) || this.files.has(key);
  }

  /** A snapshot's files are all loaded (Workspace.load): files not among them are let go. */
  settle(): void {
    this.files = this.next;
    this.next = new Map();
  }

  /** A number naming a file object for as long as it lives (gate result keys). */
  idOf(file: SourceFile): number {
    let n = this.fileIds.get(file);
    if (n === undefined) {
      n = ++this.counter;
      this.fileIds.set(file, n);
    }
    return n;
  }

  /** Results of gates of one registry (a configuration's), by key. */
  resultsOf(registry: object): Map<string, Evaluated> {
    let m = this.results.get(registry);
    if (!m) {
      m = new Map();
      this.results.set(registry, m);
    }
    // Keys name file numbers of files that may have gone: keep the map from growing with the range.
    if (m.size > 4096) m.clear();
    return m;
  }
}
