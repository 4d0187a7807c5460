import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SeverityOrOff } from '../types';
import type { GateDef, LaneDef, Registry, CollectionDef } from './registryTypes';
import { ruleSubIds, type RuleDef } from '../rules/kinds';
import type { LoadedGate, ModuleRef } from './LoadedGate';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { readConfigFile, type ConfigFile } from './readConfigFile';
import { resolveParams } from './resolveParams';
import { checkReferences } from './checkReferences';
import { gatePaths, pathProblem, sectionPaths } from './confinePaths';
import { isGlobFile } from './collectionFile';
import { ConfigError, ReferenceProblem } from './ConfigError';
import { CONFIG_MSG } from '../messages';
import { packageRoot } from '../packageRoot';
import { DEFAULT_POLICY, type PolicySettings } from './policySettings';
import { meant } from '../didYouMean';
import { findPatterns } from './findPatterns';
// Upward import (one of three, see __tests__/layers.test.ts): patterns and globs of the configuration are compiled at load time
// (a bad one is exit 2 with its line) by the same engines records/ runs them with.
import { PatternError, safePattern } from '../records/safePattern';
import { globPattern } from '../records/globPattern';

export const CONFIG_FILE = 'spine-hooks.config.yaml';

export interface LoadedRegistry {
  registry: Registry;
  /** Enabled gates (severity not `off`), in registry order. */
  gates: LoadedGate[];
  /** Ids of gates switched off by configuration. */
  disabled: string[];
  configFile?: string;
  /** The configuration file read (with positions), for locating what a change of it does. */
  config?: ConfigFile;
  /** Each gate's rules as declared, before parameters were substituted (governance reads how each is used). */
  declared: Record<string, { rules?: unknown; origin: 'registry' | 'config'; pointer: string }>;
  policy: PolicySettings;
}

interface GateOverride {
  severity?: SeverityOrOff;
  params?: Record<string, unknown>;
  lanes?: string[];
}

/**
 * The package's registry merged with the repository's optional configuration, validated before
 * anything runs: a bad registry or config is a ConfigError (exit 2) with file:line, never a gate failure.
 */
export interface LoadRegistryOptions {
  cwd: string;
  configPath?: string;
  /**
   * The configuration's text as the snapshot being checked has it (hooks read it from the index or
   * the commit); `null`: the snapshot has none. Undefined: read the file from disk.
   */
  configText?: string | null;
  schemas: SchemaValidator;
  registryPath?: string;
}

export function loadRegistry(opts: LoadRegistryOptions): LoadedRegistry {
  const base = readConfigFile(
    opts.registryPath ?? path.join(packageRoot(), 'bindings', 'gate.registry.yaml'),
    'gate.registry.schema.json',
    opts.schemas,
    opts.cwd,
  );
  const configPath = opts.configPath ? path.resolve(opts.cwd, opts.configPath) : path.join(opts.cwd, CONFIG_FILE);
  const present = opts.configText !== undefined ? opts.configText !== null : Boolean(opts.configPath) || fs.existsSync(configPath);
  const config = present
    ? readConfigFile(configPath, 'config.schema.json', opts.schemas, opts.cwd, opts.configText ?? undefined)
    : undefined;

  const { registry, origins, declared } = mergeSources(base, config);
  const overrides = (config?.data.gates ?? {}) as Record<string, GateOverride>;
  applyGateSettings(registry, overrides, config);
  const { gates, disabled } = loadGates({ registry, origins, declared, overrides, config, cwd: opts.cwd });
  checkAuditChecks(registry, base);
  checkStrictness(registry, base, config);
  const policy = policySettings(config);
  return { registry, gates, disabled, configFile: config?.display, config, declared, policy };
}

/** The registry and the configuration's additions, in one registry: each gate with the file that declares it. */
function mergeSources(base: ConfigFile, config: ConfigFile | undefined) {
  const registry: Registry = { files: {}, collections: {}, lanes: [], gates: [], audit: base.data.audit as Registry['audit'] };
  const origins = new Map<GateDef, ConfigFile>();
  const declared: LoadedRegistry['declared'] = {};
  for (const src of config ? [base, config] : [base]) {
    const d = src.data;
    for (const { pointer, value, kind } of sectionPaths(d)) {
      const problem = pathProblem(value, kind);
      if (problem) throw located(src, pointer, problem);
    }
    if (!src.prevalidated) {
      for (const [name, c] of Object.entries((d.collections ?? {}) as Record<string, CollectionDef>)) {
        const at = `/collections/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const why = c.pattern === undefined ? undefined : patternProblem(c.pattern);
        if (why) throw located(src, `${at}/pattern`, why);
        // A Markdown file's front matter is YAML: a table or a text search reads the Markdown itself.
        if (c.front_matter && (c.shape === 'table' || c.shape === 'text'))
          throw located(src, `${at}/front_matter`, CONFIG_MSG.frontMatterShape(c.shape));
        // A glob over several files (`ops/requests/*.yaml`): its syntax is checked here, like a schema rule's.
        const entries = typeof c.file === 'string' ? [[`${at}/file`, c.file]] : (c.file ?? []).map((f, i) => [`${at}/file/${i}`, f]);
        for (const [pointer, f] of entries) {
          const globWhy = typeof f === 'string' && isGlobFile(f) ? patternProblem(f, true) : undefined;
          if (globWhy) throw located(src, pointer, globWhy);
          // Weakening checks compare the named files of two snapshots: a glob names none.
          if (c.strictness && typeof f === 'string' && isGlobFile(f)) throw located(src, pointer, CONFIG_MSG.strictnessOverGlob());
        }
      }
    }
    if (typeof d.docs_url === 'string') registry.docs_url = d.docs_url;
    Object.assign(registry.files, d.files ?? {});
    Object.assign(registry.collections, (d.collections ?? {}) as Record<string, CollectionDef>);
    for (const lane of (d.lanes ?? []) as LaneDef[]) {
      if (registry.lanes.some((l) => l.id === lane.id)) {
        throw located(src, `/lanes/${(d.lanes as LaneDef[]).indexOf(lane)}`, CONFIG_MSG.laneDeclaredTwice(lane.id));
      }
      registry.lanes.push(lane);
    }
    const gateList = (src === base ? d.gates : d.add_gates) as Array<Omit<GateDef, 'origin'>> | undefined;
    (gateList ?? []).forEach((g, i) => {
      const pointer = `/${src === base ? 'gates' : 'add_gates'}/${i}`;
      if (registry.gates.some((x) => x.id === g.id)) throw located(src, pointer, CONFIG_MSG.gateDeclaredTwice(g.id));
      const def: GateDef = { ...g };
      origins.set(def, src);
      declared[g.id] = { rules: g.rules, origin: src === base ? 'registry' : 'config', pointer };
      registry.gates.push(def);
    });
  }
  return { registry, origins, declared };
}

/** The configuration's `gates:` settings (severity, lanes, parameters) applied to the gates they name. */
function applyGateSettings(registry: Registry, overrides: Record<string, GateOverride>, config: ConfigFile | undefined): void {
  const ids = registry.gates.map((g) => g.id);
  for (const [id, o] of Object.entries(overrides)) {
    const gate = registry.gates.find((g) => g.id === id);
    if (!gate) throw located(config!, `/gates/${id}`, CONFIG_MSG.unknownGate(id, meant(id, ids), ids));
    if (o.severity) gate.severity = o.severity;
    if (o.lanes) {
      const lanes = registry.lanes.map((l) => l.id);
      o.lanes.forEach((lane, i) => {
        if (!lanes.includes(lane)) throw located(config!, `/gates/${id}/lanes/${i}`, CONFIG_MSG.unknownLane(lane, lanes));
      });
      gate.lanes = o.lanes;
    }
    if (o.params) {
      for (const [k, v] of Object.entries(o.params)) {
        if (!gate.params || !(k in gate.params)) {
          const valid = Object.keys(gate.params ?? {});
          throw located(config!, `/gates/${id}/params/${k}`, CONFIG_MSG.unknownParam(id, k, meant(k, valid), valid));
        }
        const want = kindOf(gate.params[k]);
        if (kindOf(v) !== want) throw located(config!, `/gates/${id}/params/${k}`, CONFIG_MSG.paramKind(k, id, want, gate.params[k]));
      }
      gate.params = { ...gate.params, ...o.params };
    }
  }
}

/** Each gate with its parameters substituted and its paths, references and patterns checked; the gates switched off apart. */
function loadGates(l: {
  registry: Registry;
  origins: Map<GateDef, ConfigFile>;
  declared: LoadedRegistry['declared'];
  overrides: Record<string, GateOverride>;
  config: ConfigFile | undefined;
  cwd: string;
}): { gates: LoadedGate[]; disabled: string[] } {
  const gates: LoadedGate[] = [];
  const disabled: string[] = [];
  // The build ran this loader on the package's registry alone (scripts/build-registry.js): a shipped gate
  // whose parameters the configuration leaves alone, over the registry's own files and collections,
  // names the paths, references and patterns it named then, all checked then.
  const reshaped = ['files', 'collections'].some((k) => Object.keys(l.config?.data[k] ?? {}).length > 0);
  const asBuilt = (gate: GateDef, src: ConfigFile) =>
    src.prevalidated === true && !reshaped && Object.keys(l.overrides[gate.id]?.params ?? {}).length === 0;
  for (const gate of l.registry.gates) {
    const src = l.origins.get(gate)!;
    const pointer = l.declared[gate.id].pointer;
    try {
      if (gate.rules) gate.rules = resolveParams(gate.rules, gate.params ?? {}) as RuleDef[];
      if (asBuilt(gate, src)) {
        pushGate(gate, src, pointer);
        continue;
      }
      for (const { pointer: at, value, kind } of gatePaths(gate)) {
        const problem = pathProblem(value, kind);
        if (problem) throw new ReferenceProblem(problem, at);
      }
      checkReferences(gate, l.registry);
      checkPatterns(gate, src, pointer, l.declared[gate.id].rules, l.overrides[gate.id]?.params, l.config);
    } catch (err) {
      if (err instanceof ReferenceProblem) throw located(src, pointer + err.pointer, err.message);
      throw err;
    }
    pushGate(gate, src, pointer);
  }
  return { gates, disabled };

  function pushGate(gate: GateDef, src: ConfigFile, pointer: string): void {
    if (gate.severity === 'off') disabled.push(gate.id);
    else gates.push({ def: gate, severity: gate.severity, module: gate.module ? moduleRef(src, pointer, gate.module, l.cwd) : undefined });
  }
}

/** A collection's `strictness` names the gates a loosening weakens: each must exist. */
function checkStrictness(registry: Registry, base: ConfigFile, config: ConfigFile | undefined): void {
  for (const [name, c] of Object.entries(registry.collections)) {
    (c.strictness ?? []).forEach((s, i) =>
      s.gates.forEach((id, j) => {
        if (!registry.gates.some((g) => g.id === id)) {
          const src = (config?.data.collections as Record<string, unknown> | undefined)?.[name] ? config! : base;
          throw located(src, `/collections/${name}/strictness/${i}/gates/${j}`, CONFIG_MSG.strictnessUnknownGate(name, id));
        }
      }),
    );
  }
}

/** The configuration's `policy:` (where the baseline, the override log and the verified bases live; what an override needs). */
function policySettings(config: ConfigFile | undefined): PolicySettings {
  const p = (config?.data.policy ?? {}) as {
    baseline?: string;
    override_log?: string;
    verified_bases?: string;
    min_reason_length?: number;
    reference_pattern?: string;
  };
  const refWhy = p.reference_pattern === undefined ? undefined : patternProblem(p.reference_pattern);
  if (refWhy) throw located(config!, '/policy/reference_pattern', refWhy);
  return {
    baselineFile: p.baseline ?? DEFAULT_POLICY.baselineFile,
    overrideLog: p.override_log ?? DEFAULT_POLICY.overrideLog,
    verifiedBases: p.verified_bases ?? DEFAULT_POLICY.verifiedBases,
    minReasonLength: p.min_reason_length ?? DEFAULT_POLICY.minReasonLength,
    referencePattern: p.reference_pattern,
  };
}

/** An error at a JSON pointer of a config file: at the key when the pointer names one, else the nearest value. */
function located(src: ConfigFile, pointer: string, message: string): ConfigError {
  const path = pointer
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const pos = src.yaml.keyPosition(path) ?? src.yaml.pointerPosition(pointer);
  return new ConfigError(message, src.display, pos.line, pos.column);
}

/**
 * Where a gate module is: resolved from the file that declares it, and inside the checked root. It is
 * never loaded here: module code runs only in the sandbox (see sandbox/runModuleGate.ts).
 */
function moduleRef(src: ConfigFile, pointer: string, spec: string, cwd: string): ModuleRef {
  const file = path.resolve(path.dirname(src.path), spec);
  // A link out of the repository is refused; a file absent on disk may still be in the snapshot checked.
  let real = file;
  let root = path.resolve(cwd);
  try {
    real = fs.realpathSync(file);
    root = fs.realpathSync(cwd);
  } catch {
    // absent: checked by path alone
  }
  const rel = path.relative(root, real);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw located(src, `${pointer}/module`, CONFIG_MSG.moduleOutside(spec, real));
  return { file, repoPath: path.relative(cwd, file).split(path.sep).join('/') };
}

/**
 * Every pattern of a gate compiles on the linear-time engine, before anything runs: one RE2 cannot run
 * is exit 2 at its line, or at the parameter that supplies it. The package's registry, validated at
 * build time, is compiled only where the configuration sets a parameter (a run need not load re2js).
 */
function checkPatterns(
  gate: GateDef,
  src: ConfigFile,
  pointer: string,
  declaredRules: unknown,
  userParams: Record<string, unknown> | undefined,
  config: ConfigFile | undefined,
): void {
  // A shipped gate's own patterns were compiled at build time: only a parameter the configuration sets can bring a new one.
  if (src.prevalidated && (userParams === undefined || Object.keys(userParams).length === 0)) return;
  for (const { pointer: at, pattern, glob } of findPatterns(gate.rules)) {
    const param = paramAt(declaredRules, at);
    const fromConfig = param !== undefined && userParams !== undefined && param in userParams;
    if (src.prevalidated && !fromConfig) continue;
    const why = patternProblem(pattern, glob);
    if (!why) continue;
    if (fromConfig) throw located(config!, `/gates/${gate.id}/params/${param}`, why);
    throw located(src, param === undefined ? pointer + at : `${pointer}/params/${param}`, why);
  }
}

/** The parameter a declared rule names at a pointer below `/rules` (`matches: { $param: nas_path_pattern }`). */
function paramAt(rules: unknown, pointer: string): string | undefined {
  let v = rules;
  for (const seg of pointer.split('/').slice(2)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const p = v !== null && typeof v === 'object' ? (v as { $param?: unknown }).$param : undefined;
  return typeof p === 'string' ? p : undefined;
}

function patternProblem(pattern: string, glob?: true): string | undefined {
  try {
    if (glob) globPattern(pattern);
    else safePattern(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'a map' : `a ${typeof v}`;
}

/** The audit's columns name gate checks (`D69:touchpoint/ssh-target`): each names a gate and a rule it has. */
function checkAuditChecks(registry: Registry, base: ConfigFile): void {
  const def = registry.audit?.vms;
  if (!def) return;
  const named: Array<[string, string]> = [];
  if (def.status_check) named.push([def.status_check, '/audit/vms/status_check']);
  def.columns.forEach((c, i) => {
    for (const k of ['checks', 'ripple'] as const) (c[k] ?? []).forEach((x, j) => named.push([x, `/audit/vms/columns/${i}/${k}/${j}`]));
  });
  for (const [ref, pointer] of named) {
    const [gateId, check] = ref.split(':');
    const gate = registry.gates.find((g) => g.id === gateId);
    if (!gate) throw located(base, pointer, CONFIG_MSG.auditNoGate(ref));
    const [ruleId, sub] = check.split('/');
    // A rule id may repeat (D140 has one `touchpoint` rule per touchpoint): any of them may hold it.
    const rules = (gate.rules ?? []).filter((r) => r.id === ruleId);
    const subs = rules.flatMap(ruleSubIds);
    if (!rules.length || (sub !== undefined && !subs.includes(sub)))
      throw located(base, pointer, CONFIG_MSG.auditNoRule(ref, gateId, Boolean(sub)));
  }
}
