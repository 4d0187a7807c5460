import type { GateDef, Registry } from './registryTypes';
import { ReferenceProblem } from './ConfigError';
import { CONFIG_MSG } from '../messages';
// Upward import (one of three, see __tests__/layers.test.ts): what a rule references is its kind's knowledge (the kinds table),
// and the loader checks references before anything runs.
import { ruleProblems, ruleReads, ruleRefs } from '../rules/kinds';

/** Every lane, collection and file a gate names exists; otherwise a ReferenceProblem listing the valid names. */
export function checkReferences(gate: GateDef, registry: Registry): void {
  const lanes = registry.lanes.map((l) => l.id);
  gate.lanes.forEach((lane, i) => {
    if (!lanes.includes(lane)) throw new ReferenceProblem(CONFIG_MSG.unknownLane(lane, lanes), `/lanes/${i}`);
  });
  if (!gate.rules === !gate.module) throw new ReferenceProblem(CONFIG_MSG.rulesOrModule(), '');
  const collection = (name: string, pointer: string) => {
    const def = registry.collections[name];
    if (!def) {
      throw new ReferenceProblem(CONFIG_MSG.unknownCollection(name, Object.keys(registry.collections)), pointer);
    }
    for (const f of typeof def.file === 'string' ? [def.file] : def.file) fileKey(f, pointer);
  };
  const fileKey = (key: string, pointer: string) => {
    if (!(key in registry.files) && !/[./]/.test(key)) {
      throw new ReferenceProblem(CONFIG_MSG.unknownFile(key, Object.keys(registry.files)), pointer);
    }
  };
  (gate.reads ?? []).forEach((name, i) => collection(name, `/reads/${i}`));
  (gate.rules ?? []).forEach((rule, i) => {
    const at = `/rules/${i}`;
    for (const p of ruleProblems(rule, registry.collections)) throw new ReferenceProblem(p.message, at + p.pointer);
    for (const ref of ruleRefs(rule).refs) collection(ref.collection, at + ref.pointer);
    for (const p of ruleReads(rule)) if (p.as === 'repo') fileKey(p.value, at + p.pointer);
  });
  if (gate.applies_when) fileKey(gate.applies_when, '/applies_when');
}
