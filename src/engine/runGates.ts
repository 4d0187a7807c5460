import type { Finding, GateResult, Severity } from '../types';
import type { GateDef, Registry, RuleDef } from '../registry/model';
import type { GateModule } from '../defineGate';
import { CollectionStore, type Collection } from '../records/CollectionStore';
import type { Workspace } from '../workspace/Workspace';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { checkCoverage } from '../rules/coverage';
import { checkParity } from '../rules/parity';
import { checkOrphan } from '../rules/orphan';
import { checkUnique } from '../rules/unique';
import { checkRequire } from '../rules/require';
import { checkReference } from '../rules/reference';
import { checkSchema } from '../rules/schema';
import { problemDraft, type Draft, type RuleContext, type RuleOutcome } from '../rules/context';
import { gateInputs } from './gateInputs';
import { MSG } from '../messages';
import { fingerprint } from '../policy/fingerprint';

export interface LoadedGate {
  def: GateDef;
  severity: Severity;
  module?: GateModule;
}

export interface EngineOptions {
  schemas: SchemaValidator;
  /** Absolute path of a schema named in the registry. */
  schemaPath: (schema: string) => string;
  onlyFiles?: ReadonlySet<string>;
  /** Milliseconds since an arbitrary origin; injected so the core never reads the clock itself. */
  now?: () => number;
}

/** Runs gates over one workspace. Pure apart from the injected clock: same inputs, same findings. */
export function runGates(gates: readonly LoadedGate[], registry: Registry, ws: Workspace, opts: EngineOptions): GateResult[] {
  const store = new CollectionStore(ws, registry);
  const now = opts.now ?? (() => 0);
  return gates.map((gate) => {
    const start = now();
    const result = runGate(gate, registry, store, opts);
    return { ...result, durationMs: Math.round((now() - start) * 100) / 100 };
  });
}

function runGate(gate: LoadedGate, registry: Registry, store: CollectionStore, opts: EngineOptions): Omit<GateResult, 'durationMs'> {
  const { def, severity } = gate;
  const base = { id: def.id, name: def.name, severity, lanes: def.lanes };
  const inputs = gateInputs(def, registry, gate.module);
  if (inputs.scope && !store.workspace.file(inputs.scope).exists) {
    return { ...base, status: 'skip', note: MSG.skipped(inputs.scope), findings: [] };
  }
  const ctx: RuleContext = { store, schemas: opts.schemas, severity, onlyFiles: opts.onlyFiles };
  const drafts: Draft[] = [];
  const empties: string[] = [];
  try {
    const outcomes = gate.module ? [runModule(gate.module, def, ctx)] : (def.rules ?? []).map((r) => runRule(r, ctx, opts));
    (def.rules ?? []).forEach((rule, i) => {
      const o = outcomes[i];
      if (o.checked === 0 && o.findings.length === 0 && !rule.allow_empty && !(rule.kind === 'schema' && opts.onlyFiles)) {
        if (!empties.includes(o.empty ?? rule.kind)) empties.push(o.empty ?? rule.kind);
      }
    });
    for (const o of outcomes) drafts.push(...o.findings);
  } catch (err) {
    // A gate that throws must block, not pass: its input was something we did not foresee.
    drafts.push({ severity: 'error', check: 'gate/crash', file: inputs.scope ?? '', line: 0, column: 0, message: MSG.gateCrashed((err as Error).message) });
  }
  const findings = dedupe(drafts).map((d): Finding => ({ gate: def.id, ...d, fingerprint: fingerprint({ gate: def.id, ...d }) }));
  const note = empties.length ? MSG.checkedNothing(empties.join('; ')) : undefined;
  const status = findings.some((f) => f.severity === 'error') ? 'fail' : findings.length || note ? 'warn' : 'pass';
  return { ...base, status, note, findings };
}

function runRule(rule: RuleDef, ctx: RuleContext, opts: EngineOptions): RuleOutcome {
  switch (rule.kind) {
    case 'coverage':
      return checkCoverage(rule, ctx);
    case 'parity':
      return checkParity(rule, ctx);
    case 'orphan':
      return checkOrphan(rule, ctx);
    case 'unique':
      return checkUnique(rule, ctx);
    case 'require':
      return checkRequire(rule, ctx);
    case 'reference':
      return checkReference(rule, ctx);
    case 'schema':
      return checkSchema(rule, ctx, opts.schemaPath);
  }
}

function runModule(module: GateModule, def: GateDef, ctx: RuleContext): RuleOutcome {
  const touched = new Map<string, Collection>();
  const returned: unknown = module.check({
    collection: (name) => {
      const c = ctx.store.get(name);
      touched.set(name, c);
      return c;
    },
    params: def.params ?? {},
    severity: ctx.severity,
  });
  if (returned instanceof Promise) {
    returned.catch(() => undefined); // never an unhandled rejection: the gate fails below instead
    throw new Error(`gate module of ${def.id}: check() must be synchronous and return findings, not a Promise`);
  }
  if (!Array.isArray(returned)) throw new Error(`gate module of ${def.id}: check() must return an array of findings`);
  returned.forEach((f, i) => {
    const bad = invalidFinding(f);
    if (bad) throw new Error(`gate module of ${def.id}: finding ${i} ${bad}`);
  });
  const problems = [...touched.values()].flatMap((c) => c.problems.map(problemDraft));
  return { findings: [...problems, ...(returned as Draft[])], checked: 1 };
}

/** What is wrong with a finding a module returned, if anything: modules must not fail open. */
function invalidFinding(f: unknown): string | undefined {
  if (f === null || typeof f !== 'object') return 'is not an object';
  const d = f as Record<string, unknown>;
  if (d.severity !== 'error' && d.severity !== 'warn') return `has severity ${JSON.stringify(d.severity)} (error or warn)`;
  for (const k of ['check', 'message', 'file']) if (typeof d[k] !== 'string') return `has no string "${k}"`;
  for (const k of ['line', 'column']) if (typeof d[k] !== 'number' || !Number.isInteger(d[k]) || (d[k] as number) < 0) return `has no whole-number "${k}"`;
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
