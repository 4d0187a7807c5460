import type { Prepared } from '../run';
import type { GitSnapshot } from '../git/GitSnapshot';
import { gateInputs, globBase } from '../engine/gateInputs';
import { globPattern } from '../records/globPattern';
import { governanceInputs } from '../governance/governanceInputs';

/**
 * Every path whose content a gate, the governance checks or the policy read by name (the
 * configuration, the baseline, the override log, the verified bases, each gate's files and scope,
 * the governance inputs: schemas, modules, required-field lists), and the globs of schema rules.
 */
export function watchedPaths(p: Prepared, configPath: string): Watched {
  const hit = known.get(p);
  if (hit?.configPath === configPath) return hit.watched;
  const { registry, policy } = p.loaded;
  const out = new Set<string>([
    configPath,
    policy.baselineFile,
    policy.overrideLog,
    policy.verifiedBases,
    ...governanceInputs(p.loaded, configPath),
  ]);
  const globs = new Set<string>();
  for (const g of p.loaded.gates) {
    const inputs = gateInputs(g.def, registry, g.module);
    for (const f of inputs.files) out.add(f);
    if (inputs.scope) out.add(inputs.scope);
    for (const glob of inputs.globs) globs.add(glob);
  }
  const watched = { paths: [...out], globs: [...globs] };
  known.set(p, { configPath, watched });
  return watched;
}

/** Paths read by name, and globs whose matches are read. */
export interface Watched {
  paths: string[];
  globs: string[];
}

/** Worked out once per prepared registry (a ci range asks for every commit). */
const known = new WeakMap<Prepared, { configPath: string; watched: Watched }>();

/**
 * A change to the file a symbolic link stands for is a change to the link: the snapshot reads
 * through the link (one level, see workspace/resolveLink.ts), so a commit that only edits
 * `data/vms.yaml`, behind `ops/bindings/vm.lifecycle.yaml -> ../../data/vms.yaml`, changes what
 * D69 reads, and the same goes for a linked configuration or baseline. Returns `changed` with every
 * watched path that is a link (in the snapshot being judged) to a changed path, and the links found.
 */
export async function withLinkedChanges(
  changed: readonly string[],
  watched: Watched,
  snapshot: GitSnapshot,
): Promise<{ changed: string[]; links: Map<string, string> }> {
  // Links a gate's glob matches (schema rules), looked for only below the folders the globs start in.
  const globbed = (await Promise.all([...new Set(watched.globs.map(globBase))].map((dir) => snapshot.linksUnder(dir)))).flat();
  const matchers = watched.globs.map((g) => globPattern(g));
  const links = await snapshot.linkTargets([...new Set([...watched.paths, ...globbed.filter((p) => matchers.some((m) => m.test(p)))])]);
  if (links.size === 0) return { changed: [...changed], links };
  const set = new Set(changed);
  const extra = [...links].filter(([link, target]) => set.has(target) && !set.has(link)).map(([link]) => link);
  return { changed: [...changed, ...extra], links };
}
