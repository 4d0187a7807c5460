import type { CollectionDef, Registry, TableColumn } from '../registry/registryTypes';
import type { Workspace } from '../workspace/Workspace';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceFile } from '../workspace/SourceFile';
import { packageRoot } from '../packageRoot';
import { SsotRecord, type RecordShape } from './SsotRecord';
import type { MatchIndex } from './matchIndex';
import { readTableRecords } from './readTableRecords';
import { readTextRecords } from './readTextRecords';
import { MSG } from '../messages';
import type { ParsedYaml, Position } from '../workspace/parseYaml';
import type { FileProblem } from './FileProblem';
import { globPattern } from './globPattern';
import { collectionSources, isGlobFile, readsSeveral } from '../registry/collectionFile';

export type { FileProblem };

/**
 * Collections, selections and match indexes carried from one snapshot to the next within a run (ci):
 * the engine's RunMemo is one. Declared here, where it is used, so records need nothing from the engine.
 */
export interface CollectionMemo {
  /** A collection by the file object it was read from and its definition. */
  readonly collections: WeakMap<SourceFile, Map<CollectionDef, Collection>>;
  /** Selections of a collection by a filter that reads only the record. */
  readonly selections: WeakMap<Collection, Map<string, SsotRecord[]>>;
  /** Match indexes by the record list they index. */
  readonly indexes: WeakMap<readonly SsotRecord[], Map<string, MatchIndex>>;
}

export interface Collection {
  name: string;
  file: string;
  records: SsotRecord[];
  /** Problems that leave no records to check (the collection is unreadable). */
  problems: FileProblem[];
  /** Problems reported beside the records, which are still checked (a duplicate key, one bad item, a bad byte). */
  recoverable: FileProblem[];
  /** The file, or the key the collection selects in it, is not there at all (see `if_present`). */
  absent: boolean;
  /** Read from several files (a glob, a list): `file` names them all, each record its own. */
  several?: true;
  /** Where the selected key is written (a record the rule asks for and does not find is reported there); lazy. */
  locate?: () => Position | undefined;
  /**
   * The values a record of the file's own defaults block (`defaults_from`) stands for where it writes none:
   * what a record says depends on them beside its own data.
   */
  fileDefaults?: Record<string, unknown>;
}

/** Loads each named collection at most once per workspace; gates share the results. */
export class CollectionStore {
  private readonly cache = new Map<string, Collection>();
  /** Filtered selections by collection and filter, shared by every rule of every gate of the run. */
  private readonly ownSelections = new Map<Collection, Map<string, SsotRecord[]>>();
  /** Match indexes by the records they index (a selection) and the match, likewise shared. */
  readonly indexes: WeakMap<readonly SsotRecord[], Map<string, MatchIndex>>;

  /** `memo`: collections, selections and indexes carried over from earlier snapshots of the run (ci). */
  constructor(
    readonly workspace: Workspace,
    readonly registry: Pick<Registry, 'files' | 'collections'>,
    private readonly memo?: CollectionMemo,
  ) {
    this.indexes = memo?.indexes ?? new WeakMap();
  }

  /**
   * Where the selections of a collection are kept: for a filter that reads only the record (`pure`),
   * with the collection itself, so a later snapshot with the same file shares them; else per run.
   */
  selections(c: Collection, pure: boolean): Map<string, SsotRecord[]> {
    const holder = pure && this.memo ? this.memo.selections : undefined;
    let m = holder ? holder.get(c) : this.ownSelections.get(c);
    if (!m) {
      m = new Map();
      if (holder) holder.set(c, m);
      else this.ownSelections.set(c, m);
    }
    return m;
  }

  path(fileKey: string): string {
    return this.registry.files[fileKey] ?? fileKey;
  }

  get(name: string): Collection {
    let c = this.cache.get(name);
    if (!c) {
      const def = this.registry.collections[name];
      if (!def) throw new Error(`unknown collection "${name}"`);
      const sources = collectionSources(this.registry.files, def.file);
      if (readsSeveral(sources)) {
        c = this.loadSeveral(name, def, sources);
        this.cache.set(name, c);
        return c;
      }
      const file = this.workspace.file(sources[0]);
      // The same file object (same path and blob, see RunMemo) read the same way: the same records.
      const byDef = this.memo?.collections.get(file);
      c = byDef?.get(def);
      if (!c || c.name !== name) {
        c = load(name, def, file);
        // A shipped default stands in where the repository has no file, or no such key in it.
        if (def.default_file && c.absent && !c.problems.some((p) => p.check !== 'file/missing' && p.check !== 'file/shape')) {
          c = load(name, def, packageFile(def.default_file));
        }
        if (this.memo) {
          if (byDef) byDef.set(def, c);
          else this.memo.collections.set(file, new Map([[def, c]]));
        }
      }
      this.cache.set(name, c);
    }
    return c;
  }

  /**
   * A collection over several files: every file a glob matches (the workspace lists the folder the glob starts
   * in), in path order, and every file of a list, in its order. Each file is read as one collection would be,
   * its records and problems at that file, concatenated. A listed file that is missing is a problem at it; a
   * problem that leaves one file unreadable leaves the whole collection unchecked (a reference into it would
   * otherwise miss that file's records). No file there at all: absent, like one missing file.
   */
  private loadSeveral(name: string, def: CollectionDef, sources: readonly string[]): Collection {
    const label = sources.join(', ');
    const out: Collection = { name, file: label, records: [], problems: [], recoverable: [], absent: true, several: true };
    const paths: string[] = [];
    for (const source of sources) {
      if (!isGlobFile(source)) paths.push(source);
      else {
        const matcher = globPattern(source);
        paths.push(
          ...this.workspace
            .listed()
            .filter((p) => matcher.test(p))
            .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        );
      }
    }
    for (const p of new Set(paths)) {
      const one = load(name, def, this.workspace.file(p));
      out.records.push(...one.records);
      out.problems.push(...one.problems);
      out.recoverable.push(...one.recoverable);
      out.absent &&= one.absent;
    }
    if (paths.length === 0) {
      out.problems.push({ file: label, line: 0, column: 0, check: 'file/missing', blinding: true, message: MSG.fileMissing(label) });
    }
    return out;
  }

  /** Problems of reading a YAML value at a dotted path of a file (used for `fields: {from: …}`). */
  readValue(fileKey: string, select: string): { value: unknown; problems: FileProblem[] } {
    const file = this.workspace.file(this.path(fileKey));
    const problems = fileProblems(file);
    if (problems.some((p) => p.blinding)) return { value: undefined, problems };
    return { value: at(file.yaml().data, select), problems };
  }
}

/**
 * What is wrong with a file before any gate looks inside: blinding problems (it is missing, binary, a
 * link out of the repository, or not parseable) and recoverable ones (a byte that is not UTF-8, a
 * duplicate key whose last value is read), each at its line.
 */
export function fileProblems(file: SourceFile, markdown = false): FileProblem[] {
  const base = { file: file.path, line: 0, column: 0 };
  const c = file.head;
  if (c.kind === 'missing') return [{ ...base, check: 'file/missing', blinding: true, message: MSG.fileMissing(file.path) }];
  if (c.kind === 'binary') return [{ ...base, check: 'file/binary', blinding: true, message: MSG.fileBinary(file.path) }];
  if (c.kind === 'unreadable') return [{ ...base, check: 'file/link', blinding: true, message: `${file.path} ${c.reason}` }];
  const out: FileProblem[] = c.invalid
    ? [{ ...base, ...c.invalid, check: 'file/encoding', blinding: false, message: MSG.fileEncoding() }]
    : [];
  return markdown ? out : [...out, ...yamlProblems(file.path, file.yaml())];
}

function load(name: string, def: CollectionDef, file: SourceFile): Collection {
  const out: Collection = { name, file: file.path, records: [], problems: [], recoverable: [], absent: !file.exists };
  const found = fileProblems(file, def.shape === 'table' || def.shape === 'text' || Boolean(def.front_matter));
  out.problems = found.filter((p) => p.blinding);
  out.recoverable = found.filter((p) => !p.blinding);
  if (out.problems.length) return out;
  const shape: RecordShape = {
    collection: name,
    aliases: def.aliases ?? {},
    defaults: def.defaults ?? {},
    keyField: def.shape === 'map' ? (def.key_as ?? 'key') : def.key,
    labelTemplate: def.label,
    entityTemplate: def.entity,
    fileAs: def.file_as,
  };
  if (def.shape === 'text') {
    out.records = readTextRecords(file, def, shape);
    return out;
  }
  if (def.shape === 'table') {
    const res = readTableRecords(file, def.heading ?? '', normalizeColumns(def.columns ?? {}), shape, Boolean(def.optional));
    out.records = res.records;
    out.problems = res.problems.filter((p) => p.blinding);
    out.recoverable.push(...res.problems.filter((p) => !p.blinding));
    return out;
  }
  if (!def.front_matter) return loadYaml(out, def, file, shape, file.yaml());
  // A Markdown file's front matter: a file without one holds no record.
  const fm = file.frontMatter();
  if (!fm) return out;
  for (const p of yamlProblems(file.path, fm)) (p.blinding ? out.problems : out.recoverable).push(p);
  return out.problems.length ? out : loadYaml(out, def, file, shape, fm);
}

/** What is wrong in a file's YAML (or a front matter's), at its line: unparseable (blinding), a duplicate key (recoverable). */
function yamlProblems(path: string, y: ParsedYaml): FileProblem[] {
  return y.problems.map((p) =>
    p.fatal
      ? { file: path, line: p.line, column: p.column, check: 'file/parse', blinding: true, message: MSG.fileParse(p.message) }
      : {
          file: path,
          line: p.line,
          column: p.column,
          check: 'file/duplicate-key',
          blinding: false,
          message: p.message,
          entity: `${path}#${p.key ?? ''}`,
        },
  );
}

/** The records of a YAML collection: the selected data, read as its declared shape. */
function loadYaml(out: Collection, def: CollectionDef, file: SourceFile, shape: RecordShape, y: ParsedYaml): Collection {
  if (def.defaults_from) {
    const d = at(y.data, def.defaults_from);
    if (d && typeof d === 'object' && !Array.isArray(d)) {
      shape.defaults = { ...d, ...shape.defaults };
      out.fileDefaults = d as Record<string, unknown>;
    }
  }
  const path: Array<string | number> = def.select ? def.select.split('.') : [];
  const data = path.length ? at(y.data, def.select!) : y.data;
  const r: YamlReading = { out, shape, file, y, path, label: def.select || 'the document' };
  if (path.length) out.locate = () => y.keyPosition(path);
  // A key on the way that holds a list or a value, not a map: say so there, not "has no key".
  for (let i = 0, cur: unknown = y.data; i < path.length; i++) {
    if (cur !== null && cur !== undefined && !isPlainObject(cur)) {
      out.problems.push(shapeProblem(r, path.slice(0, i), MSG.shouldBe(path.slice(0, i).join('.') || 'the document', 'a map')));
      return out;
    }
    cur = isPlainObject(cur) ? cur[path[i]] : undefined;
  }

  if (data === undefined) out.absent = true;
  if (data === undefined || data === null) {
    // An absent or empty list is zero records; the engine warns that the rule checked nothing.
    if (data === undefined && path.length) out.problems.push(shapeProblem(r, [], MSG.selectMissing(r.label)));
    return out;
  }
  const wrong = READ_SHAPE[def.shape as YamlShape](r, data);
  return wrong ? { ...out, problems: [shapeProblem(r, path, MSG.shouldBe(r.label, wrong))] } : out;
}

/** One YAML collection being read: where its records go and what locates them. */
interface YamlReading {
  out: Collection;
  shape: RecordShape;
  file: SourceFile;
  y: ParsedYaml;
  path: Array<string | number>;
  label: string;
}

type YamlShape = 'values' | 'list' | 'map' | 'document';

/**
 * A shape problem at a path. Positions come from the lazily built syntax tree, by path: passing runs never
 * build it. Lazily even for a problem: one that is never reported (a select an `if_present` rule finds
 * absent) must not make a passing run build the syntax tree of a large file.
 */
function shapeProblem(r: YamlReading, p: ReadonlyArray<string | number>, message: string, blinding = true): FileProblem {
  let pos: Position | undefined;
  const get = () => (pos ??= r.y.pathPosition(p));
  return {
    check: 'file/shape',
    file: r.file.path,
    get line() {
      return get().line;
    },
    get column() {
      return get().column;
    },
    message,
    blinding,
  };
}

const locateAt = (r: YamlReading, recordPath: ReadonlyArray<string | number>) => (field?: string) => {
  if (!field) return r.y.pathPosition(recordPath);
  const parts = field.split('.');
  const exact = exactPosition(r.y, [...recordPath, ...parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p))]);
  if (exact || parts.length < 2) return exact;
  // A field read through a list of maps (`depends_on.component`): at the list's own key.
  let cur: unknown = r.y.data;
  for (const step of recordPath)
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[step] : undefined;
  for (let n = 0; n < parts.length - 1; n++) {
    cur = isPlainObject(cur) ? cur[parts[n]] : undefined;
    if (Array.isArray(cur)) return exactPosition(r.y, [...recordPath, ...parts.slice(0, n + 1)]);
  }
  return undefined;
};

/** Each YAML shape's reader: it adds the records (and the problems of single items); it returns what the data should be if it is not. */
const READ_SHAPE: Record<YamlShape, (r: YamlReading, data: unknown) => string | undefined> = {
  // A list of plain values (`required_services: [a, b]`): one record each, with the field `value`.
  values: (r, data) => {
    if (!Array.isArray(data)) return 'a list';
    const { out, shape, path } = r;
    data.forEach((item, i) => {
      if (item !== null && typeof item === 'object')
        out.recoverable.push(shapeProblem(r, [...path, i], MSG.itemShouldBeValue(r.label, i + 1), false));
      else
        out.records.push(
          new SsotRecord(
            { ...shape, keyField: shape.keyField ?? 'value' },
            r.file.path,
            { value: item, index: i },
            () => r.y.pathPosition([...path, i]),
            { path: [...path, i] },
          ),
        );
    });
    return undefined;
  },
  list: (r, data) => {
    if (!Array.isArray(data)) return 'a list';
    data.forEach((item, i) => {
      // One bad item is reported where it is; the other items are still checked.
      if (!isPlainObject(item)) r.out.recoverable.push(shapeProblem(r, [...r.path, i], MSG.itemShouldBeMap(r.label, i + 1), false));
      else {
        // One path for the record's place and its locator (neither changes it): one array per record, not two.
        const at = [...r.path, i];
        r.out.records.push(new SsotRecord(r.shape, r.file.path, item, locateAt(r, at), { path: at }));
      }
    });
    return undefined;
  },
  map: (r, data) => {
    if (!isPlainObject(data)) return 'a map';
    const keyAs = r.shape.keyField!;
    for (const [key, value] of Object.entries(data)) {
      // `immich:` with nothing under it declares nothing: it does not count as an entry.
      if (value === null) continue;
      if (!isPlainObject(value)) {
        r.out.recoverable.push(shapeProblem(r, [...r.path, key], MSG.entryShouldBeMap(r.label, key), false));
        continue;
      }
      const locate = locateAt(r, [...r.path, key]);
      // The record's own position is its key (`immich:`), like a list item's first key.
      const keyPos = () => exactPosition(r.y, [...r.path, key]);
      r.out.records.push(
        new SsotRecord(r.shape, r.file.path, { ...value, [keyAs]: key }, (f) => (f && f !== keyAs ? locate(f) : keyPos()), {
          path: [...r.path, key],
        }),
      );
    }
    return undefined;
  },
  document: (r, data) => {
    if (!isPlainObject(data)) return 'a map';
    r.out.records.push(new SsotRecord(r.shape, r.file.path, data, locateAt(r, r.path), { path: r.path }));
    return undefined;
  },
};

/** Key position of a field, else its value; undefined when absent (the caller falls back to the record). */
function exactPosition(y: ParsedYaml, p: ReadonlyArray<string | number>): Position | undefined {
  return y.keyPosition(p);
}

function normalizeColumns(cols: Record<string, string | TableColumn>): Record<string, TableColumn> {
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, typeof v === 'string' ? { header: v } : v]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function at(data: unknown, dotted: string): unknown {
  if (!dotted) return data;
  let cur = data;
  for (const part of dotted.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

const packaged = new Map<string, SourceFile>();

/** A file shipped in the package (read once per process): the same in every snapshot, so every mode agrees. */
function packageFile(rel: string): SourceFile {
  let f = packaged.get(rel);
  if (!f) {
    let bytes: Buffer | undefined;
    try {
      bytes = fs.readFileSync(path.join(packageRoot(), rel));
    } catch {
      bytes = undefined;
    }
    f = new SourceFile(`spine-hooks:${rel}`, bytes);
    packaged.set(rel, f);
  }
  return f;
}
