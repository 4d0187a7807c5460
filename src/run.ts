import * as path from 'node:path';
import type { GateResult, RunResult, Severity } from './types';
import { loadRegistry, type LoadedRegistry } from './registry/loadRegistry';
import { ConfigError } from './registry/ConfigError';
import { USAGE_MSG } from './messages';
import { SchemaValidator } from './schema/SchemaValidator';
import type { Snapshot } from './workspace/Snapshot';
import type { EngineOptions } from './engine/runGates';
import type { LoadedGate } from './registry/LoadedGate';
import { gateInputs, globBase } from './engine/gateInputs';
import type { RunMemo } from './engine/RunMemo';
import type { BaseSource } from './engine/gateBase';
import { resultCacheAt } from './engine/ResultCache';
import { summarizeLanes } from './report/summarizeLanes';
import { packageRoot } from './packageRoot';
import { applyPolicy, type PolicyInput } from './policy/applyPolicy';
import { fixedClock, type Clock } from './records/time';
import { meant } from './didYouMean';

export interface RunOptions {
  /** Repository root (default: process.cwd()). */
  cwd?: string;
  config?: string;
  /** The config file's text from the snapshot (null: absent there); default: read from disk. */
  configText?: string | null;
  /** Only these gate ids. */
  gates?: string[];
  /** Only gates of these lanes. */
  lanes?: string[];
  /** Read files from this snapshot instead of the working tree under cwd. */
  snapshot?: Snapshot;
  /** `warn` makes warnings fail the run too. */
  failOn?: Severity;
  onlyFiles?: ReadonlySet<string>;
  now?: () => number;
  /** The run's clock for time conditions (default: the real time, read here at the edge). */
  clock?: Clock;
  /** Baseline entries and override records to apply (see policy/applyPolicy.ts). */
  policy?: Omit<PolicyInput, 'failOn'>;
  /** Told what each declarative rule concluded per record (`audit vms`). */
  trace?: EngineOptions['trace'];
  /** Results to merge in before policy applies (governance: the gates a change weakens). */
  extra?: GateResult[];
  /** Files, collections, indexes and gate results carried from snapshot to snapshot (ci): see RunMemo. */
  memo?: RunMemo;
  /** The most a gate module may run, whatever its `timeout_ms` says: hooks pass HOOK_MODULE_TIMEOUT_CAP_MS. */
  moduleCapMs?: number;
  /** Told each time a gate has its result (see EngineOptions). */
  onGateDone?: EngineOptions['onGateDone'];
  /**
   * What rules comparing with the commit's base compare with (engine/gateBase.ts): asked only when a selected
   * gate has such a rule. Without it those rules say, in a note, that the run was given no base.
   */
  base?: () => Promise<BaseSource>;
  /**
   * The state before the change being checked (the commit's first parent): a finding that could name
   * either of two records names the one the change brought in (see Finding.sided). Hooks and ci pass it.
   */
  before?: Snapshot;
  /** Keep what each finding's repair needs (Finding.repair): `spine-hooks fix` asks for it. */
  repairs?: boolean;
}

export interface Prepared {
  cwd: string;
  loaded: LoadedRegistry;
  schemas: SchemaValidator;
  selected: LoadedGate[];
}

/** Loads and validates the registry and configuration, and picks the gates asked for. Throws ConfigError. */
export function prepare(opts: RunOptions): Prepared {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const schemas = new SchemaValidator();
  const loaded = loadRegistry({ cwd, configPath: opts.config, configText: opts.configText, schemas });
  const allIds = loaded.registry.gates.map((g) => g.id);
  for (const id of opts.gates ?? []) {
    if (!allIds.includes(id)) throw new ConfigError(USAGE_MSG.unknownGate(id, meant(id, allIds), allIds));
    if (loaded.disabled.includes(id)) throw new ConfigError(USAGE_MSG.gateOff(id, loaded.configFile));
  }
  const laneIds = loaded.registry.lanes.map((l) => l.id);
  for (const lane of opts.lanes ?? []) {
    if (!laneIds.includes(lane)) throw new ConfigError(USAGE_MSG.unknownLane(lane, meant(lane, laneIds), laneIds));
  }
  const selected = loaded.gates.filter(
    (g) =>
      (!opts.gates?.length || opts.gates.includes(g.def.id)) && (!opts.lanes?.length || g.def.lanes.some((l) => opts.lanes!.includes(l))),
  );
  if ((opts.gates?.length || opts.lanes?.length) && selected.length === 0) {
    throw new ConfigError(USAGE_MSG.noGateSelected(opts.lanes!));
  }
  return { cwd, loaded, schemas, selected };
}

/** What the selected gates read: files, folders their globs list, and whether a filter lists every path. */
export function selectedInputs(p: Prepared): { files: Set<string>; dirs: Set<string>; listAll: boolean } {
  const files = new Set<string>();
  const dirs = new Set<string>();
  let listAll = false;
  for (const g of p.selected) {
    const inputs = gateInputs(g.def, p.loaded.registry, g.module);
    inputs.files.forEach((f) => files.add(f));
    if (inputs.scope) files.add(inputs.scope);
    inputs.globs.forEach((gl) => dirs.add(globBase(gl)));
    if (inputs.listsPaths) listAll = true;
  }
  return { files, dirs, listAll };
}

/** Runs the selected gates over one snapshot (the working tree by default). */
export async function runPrepared(p: Prepared, opts: RunOptions): Promise<RunResult> {
  const { registry } = p.loaded;
  const { files, dirs, listAll } = selectedInputs(p);
  // The engine and the file readers load only when some gate is to run (a hook often runs none).
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
  const { runGates } = require('./engine/runGates') as typeof import('./engine/runGates');
  const { recordCacheAt } = require('./engine/recordVerdicts') as typeof import('./engine/recordVerdicts');
  const { Workspace } = require('./workspace/Workspace') as typeof import('./workspace/Workspace');
  const { loadBase } = require('./engine/gateBase') as typeof import('./engine/gateBase');
  const snapshot: Snapshot =
    opts.snapshot ?? new (require('./workspace/FsSnapshot') as typeof import('./workspace/FsSnapshot')).FsSnapshot(p.cwd);
  /* eslint-enable @typescript-eslint/no-require-imports -- end of the on-demand loads */
  // The base first: loading the head settles the memo (a range's commit is the next one's base).
  const base = await loadBase(
    p.selected.map((g) => g.def),
    registry,
    opts.base,
    opts.memo,
  );
  const ws = await Workspace.load(snapshot, files, dirs, listAll, opts.memo);
  // The package's own schemas (a bare name); a repository's schema is read from the snapshot (checkSchema).
  const schemaPath = (s: string) => path.join(packageRoot(), 'schemas', s);
  const clock = opts.clock ?? fixedClock(Date.now());
  const engine: EngineOptions = {
    schemas: p.schemas,
    schemaPath,
    onlyFiles: opts.onlyFiles,
    now: opts.now,
    moduleCapMs: opts.moduleCapMs,
    clock,
    trace: opts.trace,
  };
  let gates = await runGates(p.selected, registry, ws, {
    ...engine,
    memo: opts.memo,
    base,
    results: resultCacheAt(snapshot.cacheRoot, { write: !snapshot.cacheReadOnly }),
    records: recordCacheAt(snapshot.cacheRoot, { write: !snapshot.cacheReadOnly }),
    onGateDone: opts.onGateDone,
  });
  // Rare and only on a failure: a gate that named one of two records runs again, knowing which was there before.
  const sided = opts.before ? p.selected.filter((g) => gates.some((r) => r.id === g.def.id && r.findings.some((f) => f.sided))) : [];
  if (opts.before && sided.length) {
    const prior = await Workspace.load(opts.before, files, dirs, listAll);
    const again = await runGates(sided, registry, ws, { ...engine, prior });
    gates = gates.map((r) => again.find((a) => a.id === r.id) ?? r);
  }
  for (const g of gates)
    for (const f of g.findings) {
      delete f.sided;
      // What a repair needs is for `spine-hooks fix` alone: no report carries it.
      if (!opts.repairs) delete f.repair;
    }
  const raw = { exitCode: 0, gates: mergeResults(gates, opts.extra ?? []), lanes: [] } as RunResult;
  return settle(raw, { ...opts.policy, failOn: opts.failOn }, registry.lanes);
}

/**
 * A run's verdict: the baseline and override records applied to its findings, then its lanes counted.
 * The one place policy applies — to every run, and once more before pre-commit records an override
 * (hooks/judgeStaged.ts: the record's id binds the findings it covers, known only after the run).
 */
export function settle(result: RunResult, policy: PolicyInput, lanes: LoadedRegistry['registry']['lanes']): RunResult {
  const applied = applyPolicy(result, policy);
  return { ...applied, lanes: summarizeLanes(lanes, applied.gates) };
}

/** The public entry point: run gates over a repository and return findings and an exit code. */
export async function run(opts: RunOptions = {}): Promise<RunResult> {
  return runPrepared(prepare(opts), opts);
}

/** Extra results joined to the gates' own: findings of a gate that ran are added to it (and fail it). */
function mergeResults(gates: GateResult[], extra: readonly GateResult[]): GateResult[] {
  const out = gates.map((g) => {
    const more = extra.find((e) => e.id === g.id);
    return more ? { ...g, status: 'fail' as const, findings: [...g.findings, ...more.findings] } : g;
  });
  return [...out, ...extra.filter((e) => !gates.some((g) => g.id === e.id))];
}
