import { isDeepStrictEqual } from 'node:util';
import type { GateResult } from '../types';
import type { CollectionDef, GateDef, Registry } from '../registry/registryTypes';
import { ruleLists, ruleReads, type ReadList } from '../rules/kinds';
import type { LoadedRegistry } from '../registry/loadRegistry';
import { Workspace } from '../workspace/Workspace';
import { CollectionStore } from '../records/CollectionStore';
import { normalize } from '../records/values';
import { gateCollections } from '../engine/gateInputs';
import { fingerprint } from '../policy/fingerprint';
import { paramRoles, type ParamRole } from './paramRoles';
import { schemaLoosening } from './schemaLoosening';
import { GOV_MSG } from '../messages';
import { baselineGrowth } from './baselineGrowth';
import { repoSchemas, filePath } from './governanceInputs';
import type { GovernanceSide, Weakening } from './Weakening';
import { collectionSources } from '../registry/collectionFile';

export type { GovernanceSide, Weakening };

/**
 * What the change from `before` to `after` does to the gates, worked out from the configuration
 * itself (the effective gate set, severities, parameters, collections, schemas and configuring data),
 * never from file names: each way a gate now checks less is one Weakening. Strengthening is not
 * reported. `configChanged` false skips the registry comparison (the same configuration on both sides).
 */
export async function findWeakenings(
  before: GovernanceSide,
  after: GovernanceSide,
  opts: { configPath: string; configChanged: boolean; changed: ReadonlySet<string> },
): Promise<Weakening[]> {
  const out: Weakening[] = [];
  const cfg = locator(after.loaded, opts.configPath);
  if (opts.configChanged) out.push(...compareRegistries(before.loaded, after.loaded, cfg));
  out.push(...(await compareFiles(before, after, opts.changed)));
  out.push(...(await baselineGrowth(before, after, opts.changed)));
  // One finding per gate and thing weakened.
  const seen = new Set<string>();
  return out.filter((w) => !seen.has(`${w.gate}\0${w.key}`) && seen.add(`${w.gate}\0${w.key}`));
}

/** The weakenings as failing results of the gates they weaken (a gate switched off or removed still has one). */
export function weakeningResults(ws: readonly Weakening[], before: LoadedRegistry, after: LoadedRegistry): GateResult[] {
  const byGate = new Map<string, Weakening[]>();
  for (const w of ws) byGate.set(w.gate, [...(byGate.get(w.gate) ?? []), w]);
  return [...byGate].map(([id, list]) => {
    const def = after.registry.gates.find((g) => g.id === id) ?? before.registry.gates.find((g) => g.id === id)!;
    const findings = list.map((w) => {
      const f = {
        gate: id,
        severity: 'error' as const,
        check: `governance/${w.kind}`,
        entity: `governance:${w.key}`,
        message: w.message,
        file: w.file,
        line: w.line,
        column: w.column,
      };
      return { ...f, fingerprint: fingerprint(f) };
    });
    return { id, name: def.name, severity: 'error' as const, lanes: def.lanes, status: 'fail' as const, findings, durationMs: 0 };
  });
}

type Locate = (pointer: string) => { file: string; line: number; column: number };

/** Locates a JSON pointer of the configuration (its nearest existing ancestor), or the file itself. */
function locator(loaded: LoadedRegistry, configPath: string): Locate {
  const config = loaded.config;
  return (pointer) => {
    if (!config) return { file: configPath, line: 0, column: 0 };
    const parts = pointer
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (let n = parts.length; n > 0; n--) {
      const pos = config.yaml.keyPosition(parts.slice(0, n));
      if (pos) return { file: configPath, line: pos.line, column: pos.column };
    }
    return { file: configPath, line: 0, column: 0 };
  };
}

function compareRegistries(b: LoadedRegistry, a: LoadedRegistry, at: Locate): Weakening[] {
  const out: Weakening[] = [];
  const push = (gate: GateDef, kind: Weakening['kind'], key: string, message: string, pointer: string) =>
    out.push({ gate: gate.id, kind, key, message: GOV_MSG.weakened(gate, message), ...at(pointer) });
  const after = new Map(a.registry.gates.map((g) => [g.id, g]));
  for (const bg of b.registry.gates) {
    if (bg.severity === 'off') continue;
    const ag = after.get(bg.id);
    const gp = `/gates/${bg.id}`;
    if (!ag) {
      push(bg, 'removed', 'removed', GOV_MSG.removed, '/add_gates');
      continue;
    }
    if (ag.severity === 'off') {
      push(bg, 'off', 'off', GOV_MSG.off, `${gp}/severity`);
      continue;
    }
    if (bg.severity === 'error' && ag.severity === 'warn')
      push(bg, 'severity', 'severity', GOV_MSG.severity(bg.severity, ag.severity), `${gp}/severity`);

    // Parameters, judged by how the rules use each.
    const roles = paramRoles(b.declared[bg.id]?.rules);
    for (const [name, bv] of Object.entries(bg.params ?? {})) {
      const av = ag.params?.[name];
      if (isDeepStrictEqual(av, bv)) continue;
      const role: ParamRole = bg.module ? 'opaque' : (roles.get(name) ?? 'opaque');
      const why = paramWeaker(role, bv, av);
      if (why) push(bg, 'param', `param:${name}`, GOV_MSG.param(name, why), `${gp}/params/${name}`);
    }

    // A gate the configuration declares: its rules and scope.
    const bd = b.declared[bg.id];
    const ad = a.declared[bg.id];
    if (bd?.origin === 'config') {
      const aPointer = ad?.pointer ?? '/add_gates';
      const bRules = (Array.isArray(bd.rules) ? bd.rules : []) as unknown[];
      const aRules = (Array.isArray(ad?.rules) ? ad.rules : []) as unknown[];
      bRules.forEach((r, i) => {
        if (aRules.some((x) => isDeepStrictEqual(x, r))) return;
        const id = (r as { id?: string }).id ?? `#${i + 1}`;
        push(bg, 'rules', `rule:${id}`, GOV_MSG.rule(id), `${aPointer}/rules`);
      });
      if ((bg.applies ?? 'when-present') === 'always' && (ag.applies ?? 'when-present') !== 'always')
        push(bg, 'scope', 'applies', GOV_MSG.applies, `${aPointer}/applies`);
      if (bg.applies_when !== ag.applies_when)
        push(bg, 'scope', 'applies_when', GOV_MSG.appliesWhen(bg.applies_when, ag.applies_when), `${aPointer}/applies_when`);
      if (bg.module !== ag.module) push(bg, 'module', 'module-path', GOV_MSG.modulePath(bg.module, ag.module), `${aPointer}/module`);
    }

    // What it reads: a collection redefined, or a file read from another path.
    const cols = new Set([...gateCollections(bg), ...gateCollections(ag)]);
    for (const c of cols) {
      const bc = b.registry.collections[c];
      const ac = a.registry.collections[c];
      if (bc && ac && !isDeepStrictEqual(canonical(bc), canonical(ac)))
        push(bg, 'collection', `collection:${c}`, GOV_MSG.collection(c), `/collections/${c}`);
    }
    for (const key of fileKeys(bg, b.registry)) {
      const bp = filePath(b.registry, key);
      const ap = filePath(a.registry, key);
      if (bp !== ap) push(bg, 'file', `file:${key}`, GOV_MSG.file(key, bp, ap), `/files/${key}`);
    }
  }

  // The policy that lets findings through: loosening it weakens every gate.
  const bp = b.policy;
  const ap = a.policy;
  const loosened: Array<[string, string]> = [];
  if (ap.minReasonLength < bp.minReasonLength)
    loosened.push(['min_reason_length', GOV_MSG.minReason(bp.minReasonLength, ap.minReasonLength)]);
  if (bp.referencePattern && ap.referencePattern !== bp.referencePattern)
    loosened.push(['reference_pattern', GOV_MSG.referencePattern(bp.referencePattern, ap.referencePattern)]);
  if (ap.baselineFile !== bp.baselineFile) loosened.push(['baseline', GOV_MSG.policyPath('baseline', bp.baselineFile, ap.baselineFile)]);
  if (ap.overrideLog !== bp.overrideLog)
    loosened.push(['override_log', GOV_MSG.policyPath('override log', bp.overrideLog, ap.overrideLog)]);
  if (ap.verifiedBases !== bp.verifiedBases)
    loosened.push(['verified_bases', GOV_MSG.policyPath('verified bases', bp.verifiedBases, ap.verifiedBases)]);
  for (const [key, message] of loosened) {
    for (const g of b.registry.gates) if (g.severity !== 'off') push(g, 'policy', `policy:${key}`, message, `/policy/${key}`);
  }
  return out;
}

/** Why a parameter's new value checks less than its old one, or undefined when it does not. */
function paramWeaker(role: ParamRole, before: unknown, after: unknown): string | undefined {
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => JSON.stringify(x));
  const show = (xs: string[]) => xs.map((x) => (x.startsWith('"') ? (JSON.parse(x) as string) : x)).join(', ');
  const bl = list(before);
  const al = list(after);
  const added = al.filter((x) => !bl.includes(x));
  const removed = bl.filter((x) => !al.includes(x));
  if (role === 'exclusion' && added.length) return GOV_MSG.exclusionGrows(show(added));
  if (role === 'alternatives' && added.length) return GOV_MSG.alternativesGrow(show(added));
  if (role === 'requirement' && removed.length) return GOV_MSG.requirementShrinks(show(removed));
  if (role === 'opaque') return GOV_MSG.opaque(JSON.stringify(before), JSON.stringify(after));
  return undefined;
}

function fileKeys(g: GateDef, registry: Registry): string[] {
  const keys = new Set<string>(
    gateCollections(g).flatMap((c) => {
      const f = registry.collections[c]?.file;
      return f === undefined ? [] : typeof f === 'string' ? [f] : f;
    }),
  );
  for (const r of g.rules ?? []) {
    for (const p of ruleReads(r)) if (p.as === 'repo') keys.add(p.value);
  }
  if (g.applies_when) keys.add(g.applies_when);
  return [...keys];
}

/** JSON with sorted keys, so a reordered definition is not a change. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Schemas, modules, required-field lists and configuring collections, where their files changed. */
async function compareFiles(before: GovernanceSide, after: GovernanceSide, changed: ReadonlySet<string>): Promise<Weakening[]> {
  const out: Weakening[] = [];
  const { registry } = after.loaded;
  const bGates = new Map(before.loaded.registry.gates.map((g) => [g.id, g]));
  const live = registry.gates.filter((g) => g.severity !== 'off' && bGates.has(g.id) && bGates.get(g.id)!.severity !== 'off');

  // Which files to read on each side.
  const schemaUses = live.flatMap((g) =>
    repoSchemas(g)
      .filter((p) => changed.has(p))
      .map((p) => ({ gate: g, path: p })),
  );
  const modules = after.loaded.gates.filter((g) => g.module && live.includes(g.def) && changed.has(g.module.repoPath));
  const lists = live
    .flatMap((g) => (g.rules ?? []).flatMap((r) => ruleLists(r).map((from) => ({ gate: g, from, path: filePath(registry, from.file) }))))
    .filter((l) => changed.has(l.path));
  const strict = Object.entries(registry.collections).filter(
    ([, c]) => c.strictness && collectionSources(registry.files, c.file).some((f) => changed.has(f)),
  );
  const paths = [...new Set([...schemaUses.map((s) => s.path), ...modules.map((m) => m.module!.repoPath), ...lists.map((l) => l.path)])];
  if (paths.length === 0 && strict.length === 0) return out;
  const [bFiles, aFiles] = await Promise.all([before.snapshot.load(paths), after.snapshot.load(paths)]);

  for (const { gate, path } of schemaUses) {
    const b = parseJson(bFiles.get(path));
    const a = parseJson(aFiles.get(path));
    // A schema that is new, unreadable or removed is not a weakening here: D900 (or the rule) reports it.
    if (b === undefined || a === undefined) continue;
    for (const l of schemaLoosening(b, a)) {
      out.push({
        gate: gate.id,
        kind: 'schema',
        key: `schema:${path}#${l.pointer}`,
        message: GOV_MSG.weakened(gate, GOV_MSG.schema(path, l.pointer, l.what)),
        ...jsonPosition(aFiles.get(path)!, path, l.pointer),
      });
    }
  }
  for (const g of modules) {
    const p = g.module!.repoPath;
    const b = bFiles.get(p);
    const a = aFiles.get(p);
    if (b && a && !b.equals(a))
      out.push({
        gate: g.def.id,
        kind: 'module',
        key: `module:${p}`,
        message: GOV_MSG.weakened(g.def, GOV_MSG.module(p)),
        file: p,
        line: 0,
        column: 0,
      });
  }
  if (lists.length || strict.length) out.push(...(await compareRecords(before, after, lists, strict)));
  return out;
}

/** Lists rules read from files (an item removed) and configuring collections (a change that loosens), where their files changed. */
async function compareRecords(
  before: GovernanceSide,
  after: GovernanceSide,
  lists: Array<{ gate: GateDef; from: ReadList; path: string }>,
  strict: Array<[string, CollectionDef]>,
): Promise<Weakening[]> {
  const out: Weakening[] = [];
  const { registry } = after.loaded;
  const stores = await Promise.all(
    [before, after].map(async (side) => {
      const reg = side.loaded.registry;
      const files = [
        ...lists.map((l) => l.path),
        ...strict.flatMap(([name]) => collectionSources(reg.files, reg.collections[name]?.file ?? name)),
      ];
      return new CollectionStore(await Workspace.load(side.snapshot, files), reg);
    }),
  );
  for (const { gate, from } of lists) {
    const [b, a] = stores.map((s) => s.readValue(from.file, from.select));
    if (!Array.isArray(b.value) || !Array.isArray(a.value)) continue;
    const removed = b.value.map(String).filter((x) => !(a.value as unknown[]).map(String).includes(x));
    if (removed.length) {
      const path = filePath(registry, from.file);
      out.push({
        gate: gate.id,
        kind: 'list',
        key: `list:${from.file}:${from.select}`,
        message: GOV_MSG.weakened(gate, GOV_MSG.list(path, from.select, removed)),
        file: path,
        line: 0,
        column: 0,
      });
    }
  }
  for (const [name, def] of strict) {
    const [b, a] = stores.map((s) => s.get(name));
    if (b.problems.length || a.problems.length) continue;
    const bByKey = new Map(b.records.map((r) => [r.key, r]));
    for (const ar of a.records) {
      const br = bByKey.get(ar.key);
      if (!br) continue;
      for (const s of def.strictness!) {
        const bv = br.get(s.field);
        const av = ar.get(s.field);
        let why: string | undefined;
        if (s.loosens === 'fewer') {
          const gone = (Array.isArray(bv) ? bv : []).map(String).filter((x) => !(Array.isArray(av) ? av.map(String) : []).includes(x));
          if (gone.length) why = GOV_MSG.fewer(ar.label, s.field, gone);
        } else if (normalize(av) === normalize(s.loosens.to) && normalize(bv) !== normalize(s.loosens.to))
          why = GOV_MSG.becomes(ar.label, s.field, av);
        if (!why) continue;
        for (const id of s.gates) {
          const gate = registry.gates.find((g) => g.id === id && g.severity !== 'off');
          if (gate)
            out.push({
              gate: id,
              kind: 'contract',
              key: `contract:${name}:${ar.key}:${s.field}`,
              message: GOV_MSG.weakened(gate, why),
              ...ar.loc(s.field),
            });
        }
      }
    }
  }
  return out;
}

function parseJson(buf: Buffer | undefined): unknown {
  if (!buf) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The line of a JSON pointer in a JSON file (JSON is YAML: the YAML parser gives positions). */
function jsonPosition(buf: Buffer, file: string, pointer: string): { file: string; line: number; column: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand: the YAML parser loads only when a schema weakening is located
  const { parseYaml } = require('../workspace/parseYaml') as typeof import('../workspace/parseYaml');
  const parsed = parseYaml(buf.toString('utf8'));
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let n = parts.length; n > 0; n--) {
    const pos = parsed.keyPosition(parts.slice(0, n));
    if (pos) return { file, line: pos.line, column: pos.column };
  }
  return { file, line: 1, column: 1 };
}
