import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, RecordRef } from '../types';
import type { Prepared } from '../run';
import { ruleCheck, ruleFix, type EntryValue, type FixContext, type Repair } from '../rules/kinds';
import { FIX_MSG, FIX_REPORT_MSG } from '../messages';
import type { CollectionDef } from '../registry/registryTypes';
import { collectionSources, readsSeveral } from '../registry/collectionFile';
import { appendEntry, appendItem, EditRefused, removeAt, setField, yamlParses, yamlReadable } from './yamlEdits';
import { appendRow, removeRow, setCell } from './tableEdits';
import { readText, writeText, type TextFile } from './textFile';
import type { FilePlan, FindingEdit, FixItem, Plan, TextRange } from './FixPlan';
import { findRecord } from '../rules/repair';

export interface PlanInput {
  prepared: Prepared;
  /** The findings to repair (open ones: the caller leaves out what the baseline covers). */
  findings: readonly Finding[];
  ctx: FixContext;
  /** The repository root, where files are read. */
  root: string;
  /** Files' contents to edit instead of the disk's (FixOptions.overlay). */
  overlay?: ReadonlyMap<string, Buffer>;
  /** The caller's say on a finding's repair (FixOptions.repairFor). */
  repairFor?: (finding: Finding, derived: Repair) => Repair;
}

/** One text edit of a file, made with the others of that file: sets first, removals from the last, additions last. */
interface Op {
  file: string;
  order: number;
  key: string;
  apply(text: string): string;
  items: FixItem[];
}

/**
 * The repairs of the findings, by rule kind (RuleKind.fix), turned into the edits of each file. A file's edits
 * are made in memory, all of them or none (one that cannot be made refuses the file); nothing is written here.
 */
export function planFixes(input: PlanInput): Plan {
  const items = input.findings.map((finding): FixItem => {
    const derived = repairOf(input, finding);
    return { finding, repair: input.repairFor ? input.repairFor(finding, derived) : derived };
  });
  const unfixed: FixItem[] = items.filter((i) => i.repair.kind === 'needs' || i.repair.kind === 'none');
  const ops = new Map<string, Op>();
  for (const item of items) {
    if (item.repair.kind === 'needs' || item.repair.kind === 'none') continue;
    let op: Omit<Op, 'items'>;
    try {
      op = opOf(input, item.repair);
    } catch (err) {
      if (!(err instanceof EditRefused)) throw err;
      unfixed.push({ ...item, refused: err.message });
      continue;
    }
    const held = ops.get(op.key);
    if (held) held.items.push(item);
    else ops.set(op.key, { ...op, items: [item] });
  }
  refuseConflicts(ops, unfixed);
  const byFile = new Map<string, Op[]>();
  for (const op of ops.values()) byFile.set(op.file, [...(byFile.get(op.file) ?? []), op]);
  const files: FilePlan[] = [];
  for (const [file, list] of byFile) {
    const planned = planFile(input.root, file, list, input.overlay);
    if ('refused' in planned) unfixed.push(...list.flatMap((o) => o.items.map((i) => ({ ...i, refused: planned.refused }))));
    else files.push(planned);
  }
  return { files: files.sort((a, b) => (a.file < b.file ? -1 : 1)), unfixed };
}

/** The repair a finding's rule gives (the first rule of its gate whose check it is that derives one). */
function repairOf(input: PlanInput, f: Finding): Repair {
  const gate = input.prepared.loaded.gates.find((g) => g.def.id === f.gate);
  const rules = (gate?.def.rules ?? []).filter((r) => ruleCheck(r, f.check) !== undefined);
  let first: Repair | undefined;
  for (const r of rules) {
    const got = ruleFix(r).repair(r, f, input.ctx);
    if (got.kind !== 'none') return got;
    first ??= got;
  }
  return first ?? { kind: 'none', reason: FIX_REPORT_MSG.noRule(f.check) };
}

/** Two sets of one field to different values: neither is made. */
function refuseConflicts(ops: Map<string, Op>, unfixed: FixItem[]): void {
  const byField = new Map<string, Op[]>();
  for (const op of ops.values()) {
    const r = op.items[0].repair;
    if (r.kind !== 'set') continue;
    const k = `${r.record.file}\0${JSON.stringify(r.record.place)}\0${r.field}`;
    byField.set(k, [...(byField.get(k) ?? []), op]);
  }
  for (const list of byField.values()) {
    if (list.length < 2) continue;
    for (const op of list) {
      ops.delete(op.key);
      const r = op.items[0].repair as Extract<Repair, { kind: 'set' }>;
      unfixed.push(...op.items.map((i) => ({ ...i, refused: FIX_REPORT_MSG.conflict(r.field) })));
    }
  }
}

function defOf(input: PlanInput, collection: string): CollectionDef {
  return input.prepared.loaded.registry.collections[collection];
}

/** The text edit a repair makes, in the file its collection is read from. */
function opOf(input: PlanInput, r: Exclude<Repair, { kind: 'needs' } | { kind: 'none' }>): Omit<Op, 'items'> {
  if (r.kind === 'add') {
    const def = defOf(input, r.collection);
    const sources = collectionSources(input.prepared.loaded.registry.files, def.file);
    if (readsSeveral(sources)) throw new EditRefused(FIX_REPORT_MSG.several(r.collection));
    const file = input.ctx.store.get(r.collection).file;
    const key = `add\0${r.collection}\0${JSON.stringify(r.entry)}`;
    return { file, order: 2, key, apply: (text) => addEntry(def, r.collection, text, r.entry) };
  }
  const rec = recordOf(input, r.record);
  const place = r.record.place!;
  const def = defOf(input, r.record.collection);
  if (r.kind === 'set') {
    const field = writtenField(rec, def, r.field);
    const key = `set\0${r.record.file}\0${JSON.stringify(place)}\0${field}\0${JSON.stringify(r.value)}`;
    const apply =
      'row' in place
        ? (text: string) => setCell(text, place.row, headerOf(def, field), r.value)
        : (text: string) => setField(text, place.path, field, r.value);
    return { file: r.record.file, order: 0, key, apply };
  }
  const key = `remove\0${r.record.file}\0${JSON.stringify(place)}`;
  // Removals from the last: an earlier item's path (its index) stays right.
  const index =
    'row' in place ? place.row : typeof place.path[place.path.length - 1] === 'number' ? (place.path[place.path.length - 1] as number) : 0;
  return {
    file: r.record.file,
    order: 1 + 1 / (2 + index),
    key,
    apply: 'row' in place ? (text) => removeRow(text, place.row) : (text) => removeAt(text, place.path),
  };
}

function recordOf(input: PlanInput, ref: RecordRef) {
  const rec = findRecord(input.ctx.store, ref);
  if (!rec || !ref.place) throw new EditRefused(FIX_MSG.noRecord(ref.entity, ref.file));
  return rec;
}

/** The field as the record writes it: an alias it uses where it does not have the field itself. */
function writtenField(rec: NonNullable<ReturnType<typeof findRecord>>, def: CollectionDef, field: string): string {
  if (rec.raw(field) !== undefined) return field;
  return (def.aliases?.[field] ?? []).find((a) => rec.raw(a) !== undefined) ?? field;
}

function headerOf(def: CollectionDef, field: string): string {
  const col = def.columns?.[field];
  if (!col) throw new EditRefused(FIX_MSG.notThere(`a column for ${field}`));
  return typeof col === 'string' ? col : col.header;
}

/** A new entry where its collection's records are: a list item, a map entry (its key field as the key), a table row. */
function addEntry(def: CollectionDef, collection: string, text: string, entry: Record<string, EntryValue>): string {
  const selectPath = def.select ? def.select.split('.') : [];
  if (def.shape === 'list') return appendItem(text, selectPath, entry);
  if (def.shape === 'map') {
    const keyAs = def.key_as ?? 'key';
    const { [keyAs]: key, ...rest } = entry;
    if (key === undefined) throw new EditRefused(FIX_MSG.notThere(`${collection}.${keyAs}`));
    return appendEntry(text, selectPath, String(key), rest);
  }
  if (def.shape === 'table') {
    const byHeader: Record<string, EntryValue> = {};
    // A template may fill a column no field reads (`VM`, `Notes`) by its header.
    for (const [field, v] of Object.entries(entry)) byHeader[def.columns?.[field] ? headerOf(def, field) : field] = v;
    return appendRow(text, def.heading ?? '', byHeader);
  }
  throw new EditRefused(FIX_MSG.unsupportedShape(collection, def.shape));
}

/** A file's edits made in memory, in order; refused whole when one cannot be made or the file cannot be read or parsed. */
function planFile(root: string, file: string, ops: Op[], overlay?: ReadonlyMap<string, Buffer>): FilePlan | { refused: string } {
  const abs = path.join(root, file);
  let before: Buffer;
  let t: TextFile;
  try {
    if (fs.lstatSync(abs).isSymbolicLink()) return { refused: FIX_MSG.outside(file) };
    before = overlay?.get(file) ?? fs.readFileSync(abs);
    t = readText(before, file);
  } catch (err) {
    return { refused: err instanceof EditRefused ? err.message : FIX_MSG.cannotEdit(file, (err as Error).message) };
  }
  const yaml = /\.ya?ml$/i.test(file);
  if (yaml && !yamlParses(t.text)) return { refused: FIX_MSG.notParsable(file) };
  const sorted = [...ops].sort((a, b) => a.order - b.order);
  let text = t.text;
  try {
    for (const op of sorted) text = op.apply(text);
  } catch (err) {
    if (!(err instanceof EditRefused)) throw err;
    return { refused: `${FIX_MSG.together(file)}: ${err.message}` };
  }
  if (yaml && !yamlReadable(text)) return { refused: FIX_MSG.notParsable(file) };
  const items = sorted.flatMap((op) => {
    const edit = editOf(file, t, (text) => op.apply(text));
    return op.items.map((i) => ({ ...i, ...(edit ? { edit } : {}) }));
  });
  return { file, before, after: writeText(t, text), items };
}

/** One op's edit on its own against the file as it is: the smallest range it changes and its replacement. */
function editOf(file: string, t: TextFile, apply: (text: string) => string): FindingEdit | undefined {
  let after: string;
  try {
    after = apply(t.text);
  } catch {
    return undefined;
  }
  const a = t.text;
  let s = 0;
  while (s < a.length && s < after.length && a[s] === after[s]) s++;
  let e = 0;
  while (e < a.length - s && e < after.length - s && a[a.length - 1 - e] === after[after.length - 1 - e]) e++;
  const eol = t.crlf ? '\r\n' : '\n';
  const replacement = after.slice(s, after.length - e).replace(/\n/g, eol);
  return { file, range: { start: position(a, s), end: position(a, a.length - e) }, replacement };
}

/** 1-based line and column of an offset (columns count characters; a BOM is not one). */
function position(text: string, offset: number): TextRange['start'] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
