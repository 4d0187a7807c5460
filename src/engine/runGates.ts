import type { Finding, GateResult } from '../types';
import type { GateDef, Registry } from '../registry/registryTypes';
import { CollectionStore } from '../records/CollectionStore';
import type { Workspace } from '../workspace/Workspace';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { runRule, ruleChecksFiles, ruleReads, ruleReadsBase, ruleRefs } from '../rules/kinds';
import type { RuleDef } from '../rules/RuleDef';
import type { Clock } from '../records/time';
import type { WhereEnv } from '../records/compileWhere';
import { problemDraft, whereEnv, type BaseView, type Draft, type RuleContext, type Trace } from '../rules/context';
import { baseKey, baseView, type EngineBase } from './gateBase';
import { gateInputs, gateCollections } from './gateInputs';
import { collectionSources, isGlobFile, readsSeveral } from '../registry/collectionFile';
import type { LoadedGate, ModuleRef } from '../registry/LoadedGate';
import { runModuleGate } from '../sandbox/runModuleGate';
import { MSG } from '../messages';
import { fingerprint } from '../policy/fingerprint';
import type { RunMemo } from './RunMemo';
import { readsClock } from '../records/filterReads';
import type { ResultCache, Evaluated } from './ResultCache';
import { sha256 } from '../cache/DiskStore';
import { layered, runRuleByRecord, type RecordVerdicts, type RuleKey } from './recordVerdicts';
import { keptOutcome, layeredOutcomes, type OutcomeStore, type RuleOutcomes } from './ruleOutcomes';

export interface EngineOptions {
  schemas: SchemaValidator;
  /** Absolute path of a schema named in the registry. */
  schemaPath: (schema: string) => string;
  onlyFiles?: ReadonlySet<string>;
  /** Milliseconds since an arbitrary origin; injected so the core never reads the clock itself. */
  now?: () => number;
  /** The most a gate module may run, whatever its `timeout_ms` says (hooks: see sandbox/moduleJob.ts). */
  moduleCapMs?: number;
  /** The run's clock, for time conditions (`max_age`, `not_past`); injected, never read by a rule. */
  clock?: Clock;
  /** Told what each declarative rule concluded per record (`audit vms`); see rules/context.ts. */
  trace?: (gate: string, ...event: Parameters<Trace>) => void;
  /** What earlier snapshots of the same process loaded and concluded (ci, pre-push): see RunMemo. */
  memo?: RunMemo;
  /** Verdicts of earlier runs, on disk (see ResultCache). */
  results?: ResultCache;
  /** Records that passed in earlier runs, and outcomes of rules that found nothing, on disk (see recordVerdicts.ts, ruleOutcomes.ts). */
  records?: RecordVerdicts & Partial<OutcomeStore>;
  /** Told each time a gate has its result (`--all` draws progress from it on a terminal). */
  onGateDone?: (done: number, total: number) => void;
  /** The commit's base, for gates with a rule that compares with it (see gateBase.ts). */
  base?: EngineBase;
  /** The files as they were before the change being checked: rules may ask for its records (RuleContext.prior). */
  prior?: Workspace;
}

/**
 * Runs gates over one workspace. Declarative gates are pure apart from the injected clock; module
 * gates run in their sandbox, all at once. Same inputs, same findings.
 */
export async function runGates(
  gates: readonly LoadedGate[],
  registry: Registry,
  ws: Workspace,
  opts: EngineOptions,
): Promise<GateResult[]> {
  const store = new CollectionStore(ws, registry, opts.memo);
  const env = whereEnv(store, opts.clock, (p) => ws.pathKind(p));
  const priorStore = opts.prior && new CollectionStore(opts.prior, registry);
  const prior = priorStore && ((name: string) => (priorStore.get(name).problems.length ? undefined : priorStore.get(name).records));
  const now = opts.now ?? (() => 0);
  const base = baseView(opts.base, registry, opts.clock, opts.memo);
  let done = 0;
  const kept = opts.trace ? undefined : layered(opts.memo?.recordVerdicts, opts.records);
  const outcomes = opts.trace ? undefined : layeredOutcomes(opts.memo?.ruleOutcomes, opts.records);
  const results = await Promise.all(
    gates.map(async (gate) => {
      const start = now();
      const byRecord: ByRecord | undefined = kept && {
        kept,
        key: (file, rule) => {
          const k = gateKey(gate, registry, ws, opts, file, ruleFiles(gate.def.rules![rule], registry))?.content;
          return k === undefined ? undefined : `${k}\0rule ${rule}`;
        },
        ...(outcomes ? { outcomes } : {}),
      };
      const result = gate.module
        ? await runModule(gate, gate.module, registry, store, opts)
        : memoised(gate, registry, ws, opts, () => runGate(gate, registry, store, opts, env, base, prior, byRecord));
      opts.onGateDone?.(++done, gates.length);
      return { ...result, durationMs: Math.round((now() - start) * 100) / 100 };
    }),
  );
  kept?.flush?.();
  return results;
}

/**
 * A declarative gate's verdict is a function of what gateKey names: the same key, the same result.
 * Within a process (RunMemo, across the commits of a range) and on disk (ResultCache, across runs:
 * the hook's verdict on a tree is pre-push's on the commit made from it). Module gates (their code
 * may read anything), gates that list the snapshot's paths and traced runs are always evaluated.
 */
function memoised(gate: LoadedGate, registry: Registry, ws: Workspace, opts: EngineOptions, evaluate: () => Evaluated): Evaluated {
  const { memo, results: disk } = opts;
  if ((!memo && !disk) || opts.trace) return evaluate();
  const key = gateKey(gate, registry, ws, opts);
  if (key === undefined) return evaluate();
  const copy = (r: Evaluated): Evaluated => ({ ...r, findings: r.findings.map((f) => ({ ...f })) });
  const held = memo?.resultsOf(registry);
  const known = held?.get(key.local);
  if (known) return copy(known);
  const hit = key.content !== undefined ? disk?.get(key.content) : undefined;
  if (hit && !placedPastContent(hit, ws)) {
    held?.set(key.local, hit);
    // Said in the reports: a verdict from an earlier run, not evaluated in this one.
    return { ...copy(hit), cached: true };
  }
  const result = evaluate();
  held?.set(key.local, result);
  // Evaluated on an edit of comments but kept under the version it edits: a finding past the content sits
  // where that version's text does not put it (the version itself, looked up by the same key, would reuse it).
  if (key.content !== undefined && !placedPastContent(result, ws)) disk?.set(key.content, result);
  return copy(result);
}

/**
 * What decides a declarative gate's verdict, as a string: the gate's definition (rules with their
 * parameters resolved, name, lanes, hint) and severity, the registry's files and collections, each
 * file it reads (by blob id, or why it is absent; a repository JSON Schema a schema rule names is one),
 * the files the run is limited to among them, and the clock if a rule has a time condition. `content`
 * is that key when every file has a content id (it may go to disk); `local` names files by their
 * RunMemo object instead, for this process only. Undefined: not to be memoised.
 */
function gateKey(
  gate: LoadedGate,
  registry: Registry,
  ws: Workspace,
  opts: EngineOptions,
  leaveOut?: string,
  only?: readonly string[],
): { local: string; content?: string } | undefined {
  // Per-record verdicts (recordVerdicts.ts) are of rules that check records, which the files a run
  // is limited to do not concern (only schema rules read them): one key for the hook and --all.
  const inputs = gateInputs(gate.def, registry);
  if (inputs.listsPaths) return undefined;
  const files = only
    ? [...only]
    : [...new Set([...inputs.files, ...(inputs.scope ? [inputs.scope] : []), ...(inputs.globs.length ? ws.listed() : [])])].sort();
  const def = definitionHash(gate.def);
  const rules = JSON.stringify(gate.def.rules ?? []);
  const rest = [
    opts.onlyFiles && leaveOut === undefined ? files.filter((f) => opts.onlyFiles!.has(f)).join(',') : '*',
    readsClock(rules) ? String(opts.clock?.now()) : '',
  ];
  const head = [gate.def.id, gate.severity, def, registryHash(registry)];
  const memoId = (w: Workspace, f: string) => (w.has(f) ? String(opts.memo!.idOf(w.file(f))) : '-');
  // A gate that compares with the commit's base: its verdict is the base's too.
  const base = baseKey(gate.def, registry, opts.base, { content: contentId, ...(opts.memo ? { local: memoId } : {}) });
  // `leaveOut`: a file named without its version (the source of per-record verdicts: recordVerdicts.ts).
  const id = (f: string) => (f === leaveOut ? '*' : contentId(ws, f, registry));
  let content: string | undefined = [...head, files.map((f) => `${f}=${id(f)}`).join(','), ...rest, base.content].join('\0');
  if (content.includes('=?')) content = undefined;
  const local = opts.memo ? [...head, files.map((f) => `${f}=${memoId(ws, f)}`).join(','), ...rest, base.local].join('\0') : '';
  return { local, content };
}

/**
 * The files one rule reads (its collections' files, the files it names), sorted: what its passing records
 * are keyed by, rather than every file of its gate (a rule over the operating profiles keeps its records'
 * verdicts when a VM of the lifecycle, which another rule of the gate reads, is edited). Undefined (the
 * gate's files are named instead) where a collection is over a glob or the rule reads a glob or lists paths.
 */
function ruleFiles(rule: RuleDef, registry: Registry): string[] | undefined {
  const refs = ruleRefs(rule);
  if (refs.listsPaths) return undefined;
  const files = new Set<string>();
  for (const r of refs.refs) {
    const def = registry.collections[r.collection];
    if (!def) return undefined;
    for (const f of collectionSources(registry.files, def.file)) {
      if (isGlobFile(f)) return undefined;
      files.add(f);
    }
  }
  for (const p of ruleReads(rule)) {
    if (p.as !== 'repo') return undefined;
    files.add(registry.files[p.value] ?? p.value);
  }
  return [...files].sort();
}

/**
 * A file by content: its blob id, `absent` (or why it cannot be read); `?` when the snapshot gives no id.
 * An edit of comments only is named by the version it edits (SourceFile.sameAs, workspace/commentEdits.ts)
 * where no gate of the registry reads the file but as YAML (data and positions, which such an edit keeps).
 */
function contentId(ws: Workspace, p: string, registry?: Registry): string {
  if (!ws.has(p)) return 'absent';
  const f = ws.file(p);
  if (f.sameAs && registry && readAsYamlOnly(registry, p)) return f.sameAs.id;
  if (f.id) return f.id;
  if (f.content.kind === 'missing') return 'absent';
  if (f.content.kind === 'unreadable') return `unreadable:${sha256(f.content.reason)}`;
  return '?';
}

const textReads = new WeakMap<Registry, Set<string> | 'all'>();

/**
 * Whether every gate of the registry reads the file as YAML only (its data and positions: a YAML
 * collection, a schema rule, a value a rule names by `when.file`, `$data` or `fields.from`), never
 * through a text, table or front matter collection (a glob of one: no file is).
 */
function readAsYamlOnly(registry: Registry, p: string): boolean {
  let text = textReads.get(registry);
  if (text === undefined) {
    const found = new Set<string>();
    for (const def of Object.values(registry.collections)) {
      if (def.shape !== 'text' && def.shape !== 'table' && !def.front_matter) continue;
      for (const s of collectionSources(registry.files, def.file)) found.add(s);
    }
    text = [...found].some(isGlobFile) ? 'all' : found;
    textReads.set(registry, text);
  }
  return text !== 'all' && !text.has(p);
}

/** Whether a kept verdict places a finding where an edit of comments only may have moved things (past a file's last line of content). */
function placedPastContent(result: Evaluated, ws: Workspace): boolean {
  const moved = (file: string | undefined, line: number | undefined) => {
    const same = file !== undefined && line !== undefined && ws.has(file) ? ws.file(file).sameAs : undefined;
    return same !== undefined && line! > same.contentEnd;
  };
  return result.findings.some((f) => moved(f.file, f.line) || moved(f.related?.file, f.related?.line));
}

const defHashes = new WeakMap<object, string>();
function definitionHash(def: GateDef): string {
  let h = defHashes.get(def);
  if (h === undefined) defHashes.set(def, (h = sha256(JSON.stringify(def))));
  return h;
}

function registryHash(registry: Registry): string {
  let h = defHashes.get(registry);
  if (h === undefined) defHashes.set(registry, (h = sha256(JSON.stringify({ files: registry.files, collections: registry.collections }))));
  return h;
}

/** Marks a run that evaluated a gate, for the launcher's code cache (bin/compileCache.ts: the same symbol). */
const EVALUATED = Symbol.for('spine-hooks.evaluated');

/** Verdicts of records that passed (recordVerdicts.ts), and the key of each rule of the gate. */
interface ByRecord {
  kept: RecordVerdicts;
  key: RuleKey;
  /** Outcomes of rules that found nothing, by what the rule reads (ruleOutcomes.ts). */
  outcomes?: RuleOutcomes;
}

function runGate(
  gate: LoadedGate,
  registry: Registry,
  store: CollectionStore,
  opts: EngineOptions,
  env: WhereEnv,
  base: BaseView | undefined,
  prior: RuleContext['prior'],
  byRecord?: ByRecord,
): Evaluated {
  const { def } = gate;
  const scope = skipped(gate, registry, store);
  if (scope) return scope;
  // The launcher keeps the code this run compiled for later runs of its kind (bin/compileCache.ts EVALUATED).
  (globalThis as Record<symbol, unknown>)[EVALUATED] = true;
  const inputs = gateInputs(def, registry);
  const trace = opts.trace;
  const ctx: RuleContext = {
    store,
    schemas: opts.schemas,
    severity: gate.severity,
    onlyFiles: opts.onlyFiles,
    schemaPath: opts.schemaPath,
    env,
    ...(prior ? { prior } : {}),
    ...(trace ? { trace: (rec, check, result) => trace(def.id, rec, check, result) } : {}),
    ...(base ? { base } : {}),
  };
  const drafts: Draft[] = [];
  const empties: string[] = [];
  const notes: string[] = [];
  try {
    const outcomes = (def.rules ?? []).map((r, i) => {
      if (!byRecord) return runRule(r, ctx);
      const evaluate = () => runRuleByRecord(r, i, ctx, byRecord.key, byRecord.kept);
      if (!byRecord.outcomes || ruleReadsBase(r) || ruleChecksFiles(r)) return evaluate();
      const rules = JSON.stringify(r);
      const head = [
        'rule',
        def.id,
        gate.severity,
        definitionHash(def),
        registryHash(registry),
        i,
        readsClock(rules) ? String(opts.clock?.now()) : '',
      ].join('\0');
      return keptOutcome(r, head, ctx, registry, (f) => contentId(store.workspace, f, registry), byRecord.outcomes, evaluate);
    });
    (def.rules ?? []).forEach((rule, i) => {
      const o = outcomes[i];
      // A rule that says what it could not check (RuleOutcome.note) says it instead of "checked nothing".
      if (o.note) notes.push(o.note);
      else if (o.checked === 0 && o.findings.length === 0 && !rule.allow_empty && !(ruleChecksFiles(rule) && opts.onlyFiles)) {
        if (!empties.includes(o.empty ?? rule.kind)) empties.push(o.empty ?? rule.kind);
      }
    });
    for (const o of outcomes) drafts.push(...o.findings);
    drafts.push(...recoverable(def, store));
  } catch (err) {
    // A gate that throws must block, not pass: its input was something we did not foresee.
    drafts.push({
      severity: 'error',
      check: 'gate/crash',
      file: inputs.scope ?? '',
      line: 0,
      column: 0,
      message: MSG.gateCrashed((err as Error).message),
    });
  }
  const said = [...(empties.length ? [MSG.checkedNothing(empties.join('; '))] : []), ...notes];
  return finish(gate, drafts, said.length ? said.join('; ') : undefined);
}

/** A module gate: the problems of what it reads, then the findings its sandboxed `check` returns. */
async function runModule(
  gate: LoadedGate,
  module: ModuleRef,
  registry: Registry,
  store: CollectionStore,
  opts: EngineOptions,
): Promise<Evaluated> {
  const scope = skipped(gate, registry, store);
  if (scope) return scope;
  const { def } = gate;
  const drafts: Draft[] = [];
  for (const name of def.reads ?? []) drafts.push(...store.get(name).problems.map(problemDraft));
  drafts.push(...recoverable(def, store));
  const answer = await runModuleGate(def, module, store, gate.severity, opts.moduleCapMs);
  const crash = (detail: string): Draft => ({
    severity: 'error',
    check: 'gate/crash',
    file: module.repoPath,
    line: 0,
    column: 0,
    message: MSG.moduleCrashed(def.module!, detail),
  });
  if (!answer.ok) drafts.push(crash(answer.error));
  else if (!Array.isArray(answer.findings)) drafts.push(crash('check() must return an array of findings'));
  else {
    const bad = answer.findings.map(invalidFinding).findIndex((b) => b !== undefined);
    if (bad >= 0) drafts.push(crash(`finding ${bad} ${invalidFinding(answer.findings[bad])}`));
    // Only the fields of a finding are kept: a module cannot mark its own findings suppressed.
    else
      drafts.push(
        ...(answer.findings as Draft[]).map(({ severity, check, message, file, line, column, entity, related }) => ({
          severity,
          check,
          message,
          file,
          line,
          column,
          ...(typeof entity === 'string' ? { entity } : {}),
          ...(related && typeof related === 'object' && typeof related.file === 'string' && typeof related.message === 'string'
            ? { related: { file: related.file, message: related.message } }
            : {}),
        })),
      );
  }
  return finish(gate, drafts, undefined);
}

/** A gate whose scope file is absent does not apply. */
function skipped(gate: LoadedGate, registry: Registry, store: CollectionStore): Evaluated | undefined {
  const inputs = gateInputs(gate.def, registry, gate.module);
  const skip = (note: string): Evaluated => ({
    id: gate.def.id,
    name: gate.def.name,
    severity: gate.severity,
    lanes: gate.def.lanes,
    status: 'skip',
    note,
    findings: [],
  });
  if (inputs.scope && !store.workspace.file(inputs.scope).exists) return skip(MSG.skipped(inputs.scope));
  // `if_present`: the gate's first collection must be there, its file and the key it selects. A first collection
  // over several files (a glob, a list) stands for the scope file too (unless `applies` or `applies_when` says otherwise): no match, no gate.
  const firstOf = gateCollections(gate.def)[0];
  const globScope =
    firstOf !== undefined &&
    gate.def.applies !== 'always' &&
    !gate.def.applies_when &&
    readsSeveral(collectionSources(registry.files, registry.collections[firstOf].file));
  const first = gate.def.if_present || globScope ? firstOf : undefined;
  if (first !== undefined && store.get(first).absent) {
    const c = store.get(first);
    return skip(MSG.skippedAbsent(first, c.file, store.workspace.file(c.file).exists ? registry.collections[first].select : undefined));
  }
  return undefined;
}

/**
 * What is wrong in a file beside its records (a duplicate key, one bad row, a byte that is not UTF-8)
 * is reported by every gate reading it, which still checked the rest.
 */
function recoverable(def: GateDef, store: CollectionStore): Draft[] {
  // A collection only a filter joins is no rule's source or target: its unreadable file is reported here,
  // unless every join of it says `if_present` and it is simply absent (an optional list of exemptions).
  const joined = new Map<string, boolean>();
  for (const x of (def.rules ?? []).flatMap((r) => ruleRefs(r).refs.filter((ref) => ref.join)))
    joined.set(x.collection, (joined.get(x.collection) ?? true) && x.optional === true);
  return gateCollections(def).flatMap((name) => {
    const c = store.get(name);
    const optionalAbsent =
      joined.get(name) === true && c.absent && c.problems.every((p) => p.check === 'file/missing' || p.check === 'file/shape');
    return [...(joined.has(name) && !optionalAbsent ? c.problems : []), ...c.recoverable].map(problemDraft);
  });
}

function finish(gate: LoadedGate, drafts: Draft[], note: string | undefined): Evaluated {
  const { def, severity } = gate;
  const findings = dedupe(drafts).map((d): Finding => ({ gate: def.id, ...d, fingerprint: fingerprint({ gate: def.id, ...d }) }));
  const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length || note ? 'warn' : 'pass';
  return { id: def.id, name: def.name, severity, lanes: def.lanes, status, note, findings };
}

/** What is wrong with a finding a module returned, if anything: modules must not fail open. */
function invalidFinding(f: unknown): string | undefined {
  if (f === null || typeof f !== 'object') return 'is not an object';
  const d = f as Record<string, unknown>;
  if (d.severity !== 'error' && d.severity !== 'warn') return `has severity ${JSON.stringify(d.severity)} (error or warn)`;
  for (const k of ['check', 'message', 'file']) if (typeof d[k] !== 'string') return `has no string "${k}"`;
  for (const k of ['line', 'column'])
    if (typeof d[k] !== 'number' || !Number.isInteger(d[k]) || d[k] < 0) return `has no whole-number "${k}"`;
  return undefined;
}

/** The same unreadable file seen through two collections is one finding. */
function dedupe(drafts: Draft[]): Draft[] {
  const seen = new Set<string>();
  return drafts.filter((d) => {
    const k = `${d.check}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
