import type { LoadedRegistry } from '../registry/loadRegistry';
import type { Snapshot } from '../workspace/Snapshot';
import { gateInputs } from '../engine/gateInputs';
import type { Weakening } from './Weakening';
import { GOV_MSG } from '../messages';

/**
 * Deleting the file that makes a gate apply switches the gate off as surely as `severity: off`: with
 * `vm.lifecycle.yaml` gone, D69 would be `skip`, and a commit that removes every SSOT file (`git rm -r`,
 * or a GIT_INDEX_FILE that names no index, which git reads as empty) would pass with every gate
 * skipped. So a change that deletes a scope file the parent had is a weakening of each enabled gate
 * it scopes, refused like any other unless overridden with a reason. Only scope files in the change
 * are read, and only when there is a parent to compare with.
 */
export async function scopeDeletions(
  loaded: LoadedRegistry,
  before: Snapshot | undefined,
  after: Snapshot,
  changed: ReadonlySet<string>,
): Promise<Weakening[]> {
  if (!before) return [];
  // loaded.gates holds the enabled gates only.
  const scoped = loaded.gates
    .map((g) => ({ gate: g.def, scope: gateInputs(g.def, loaded.registry, g.module).scope }))
    .filter((s): s is { gate: typeof s.gate; scope: string } => s.scope !== undefined && changed.has(s.scope));
  if (scoped.length === 0) return [];
  const paths = [...new Set(scoped.map((s) => s.scope))];
  // Only whether each is there: a file present is not read (a snapshot that can tell leaves it out).
  const now = await after.load(paths, () => true);
  const gone = paths.filter((p) => now.has(p) && now.get(p) === undefined);
  if (gone.length === 0) return [];
  const then = await before.load(gone);
  return scoped
    .filter((s) => gone.includes(s.scope) && then.get(s.scope) !== undefined)
    .map((s) => ({
      gate: s.gate.id,
      kind: 'scope',
      key: `scope-file:${s.scope}`,
      message: GOV_MSG.weakened(s.gate, GOV_MSG.scopeDeleted(s.scope)),
      file: s.scope,
      line: 0,
      column: 0,
    }));
}
