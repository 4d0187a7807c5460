import type { GateDef, Registry } from './model';
import { ReferenceProblem } from './ConfigError';
// Upward import (one of three, see __tests__/layers.test.ts): what a rule references is its kind's knowledge (the kinds table),
// and the loader checks references before anything runs.
import { ruleRefs } from '../rules/kinds';

/** Every lane, collection and file a gate names exists; otherwise a ReferenceProblem listing the valid names. */
export function checkReferences(gate: GateDef, registry: Registry): void {
  const lanes = registry.lanes.map((l) => l.id);
  gate.lanes.forEach((lane, i) => {
    if (!lanes.includes(lane)) throw new ReferenceProblem(`unknown lane "${lane}"; declared lanes: ${lanes.join(', ')}`, `/lanes/${i}`);
  });
  if (!gate.rules === !gate.module) throw new ReferenceProblem('a gate needs exactly one of "rules" or "module"', '');
  const collection = (name: string, pointer: string) => {
    const def = registry.collections[name];
    if (!def) {
      throw new ReferenceProblem(`unknown collection "${name}"; valid: ${Object.keys(registry.collections).join(', ')}`, pointer);
    }
    fileKey(def.file, pointer);
  };
  const fileKey = (key: string, pointer: string) => {
    if (!(key in registry.files) && !/[./]/.test(key)) {
      throw new ReferenceProblem(`unknown file "${key}"; valid: ${Object.keys(registry.files).join(', ')}`, pointer);
    }
  };
  (gate.reads ?? []).forEach((name, i) => collection(name, `/reads/${i}`));
  (gate.rules ?? []).forEach((rule, i) => {
    const at = `/rules/${i}`;
    // One place, or several: `target` (with `target_field` or `match`) and `any_of` exclude each other.
    if (rule.kind === 'reference' && !rule.any_of === !(rule.target && rule.target_field)) {
      throw new ReferenceProblem('a reference needs either target and target_field, or any_of (not both)', at);
    }
    if (rule.kind === 'coverage') {
      rule.requirements.forEach((q, j) => {
        if (!q.any_of === !(q.target && q.match) || (q.any_of && q.where)) {
          throw new ReferenceProblem(
            'a requirement needs either target and match (with an optional where), or any_of (not both)',
            `${at}/requirements/${j}`,
          );
        }
      });
    }
    for (const ref of ruleRefs(rule).refs) collection(ref.collection, at + ref.pointer);
    if (rule.kind === 'require' && rule.fields && !Array.isArray(rule.fields)) fileKey(rule.fields.from.file, `${at}/fields/from/file`);
    if (rule.kind === 'schema') rule.files.forEach((f, j) => f.file && fileKey(f.file, `${at}/files/${j}/file`));
  });
  if (gate.applies_when) fileKey(gate.applies_when, '/applies_when');
}
