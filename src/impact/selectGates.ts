import { globPattern } from '../records/globPattern';
import type { Registry } from '../registry/registryTypes';
import type { LoadedGate } from '../registry/LoadedGate';
import { gateInputs } from '../engine/gateInputs';

export interface Selected {
  gate: LoadedGate;
  /** The changed paths that selected the gate (what `--explain` prints). */
  reasons: string[];
}

/**
 * The gates a change affects, derived from what each gate reads (its collections' files, its
 * scope file, its schema globs, the whole listing for `path_exists`): never from a hand-kept list. A changed configuration file or
 * gate module affects the gates it configures; `always` paths (the config file) select every gate.
 */
export function selectGates(
  gates: readonly LoadedGate[],
  registry: Registry,
  changed: readonly string[],
  always: readonly string[] = [],
): Selected[] {
  const changedSet = new Set(changed);
  const global = always.filter((p) => changedSet.has(p));
  const out: Selected[] = [];
  for (const gate of gates) {
    const inputs = gateInputs(gate.def, registry, gate.module);
    const reads = new Set([...inputs.files, ...(inputs.scope ? [inputs.scope] : [])]);
    const globs = inputs.globs.map((g) => globPattern(g));
    // A gate that asks whether paths named in its data exist (`path_exists`) reads the whole listing:
    // any changed path (one deleted, added, renamed or made executable) may change its verdict.
    const reasons = [...global, ...changed.filter((p) => inputs.listsPaths || reads.has(p) || globs.some((m) => m.test(p)))];
    if (reasons.length) out.push({ gate, reasons: [...new Set(reasons)] });
  }
  return out;
}
