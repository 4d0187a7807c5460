import type { Prepared } from '../run';
import type { GitSnapshot } from '../git/GitSnapshot';
import { gateInputs } from '../engine/gateInputs';
import { governanceInputs } from '../governance/governanceInputs';

/**
 * Every path whose content a gate, the governance checks or the policy read by name: the
 * configuration, the baseline, the override log, the verified bases, each gate's files and scope,
 * and the governance inputs (schemas, modules, required-field lists).
 */
export function watchedPaths(p: Prepared, configPath: string): string[] {
  const hit = watched.get(p);
  if (hit?.configPath === configPath) return hit.paths;
  const { registry, policy } = p.loaded;
  const out = new Set<string>([configPath, policy.baselineFile, policy.overrideLog, policy.verifiedBases, ...governanceInputs(p.loaded, configPath)]);
  for (const g of p.loaded.gates) {
    const inputs = gateInputs(g.def, registry, g.module);
    for (const f of inputs.files) out.add(f);
    if (inputs.scope) out.add(inputs.scope);
  }
  const paths = [...out];
  watched.set(p, { configPath, paths });
  return paths;
}

/** Worked out once per prepared registry (a ci range asks for every commit). */
const watched = new WeakMap<Prepared, { configPath: string; paths: string[] }>();

/**
 * A change to the file a symbolic link stands for is a change to the link: the snapshot reads
 * through the link (one level, see workspace/resolveLink.ts), so a commit that only edits
 * `data/vms.yaml`, behind `ops/bindings/vm.lifecycle.yaml -> ../../data/vms.yaml`, changes what
 * D69 reads, and the same goes for a linked configuration or baseline. Returns `changed` with every
 * watched path that is a link (in the snapshot being judged) to a changed path, and the links found.
 */
export async function withLinkedChanges(changed: readonly string[], watched: readonly string[], snapshot: GitSnapshot): Promise<{ changed: string[]; links: Map<string, string> }> {
  const links = await snapshot.linkTargets(watched);
  if (links.size === 0) return { changed: [...changed], links };
  const set = new Set(changed);
  const extra = [...links].filter(([link, target]) => set.has(target) && !set.has(link)).map(([link]) => link);
  return { changed: [...changed, ...extra], links };
}
