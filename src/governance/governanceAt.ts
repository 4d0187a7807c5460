import type { GateResult } from '../types';
import type { Snapshot } from '../workspace/Snapshot';
import { MemorySnapshot } from '../workspace/MemorySnapshot';
import { prepare, type Prepared } from '../run';
import { ConfigError } from '../registry/ConfigError';
import type { LoadedRegistry } from '../registry/loadRegistry';
import { governanceInputs } from './governanceInputs';
import { scopeDeletions } from './scopeDeletions';

export interface Governance {
  /** Failing results of the gates the change weakens (to merge into the run before policy applies). */
  results: GateResult[];
  /** Gate ids known before the change (an override may name a gate the change removes). */
  beforeIds: string[];
}

/**
 * Governance of governance for one change (the index against its parent, or a commit against its
 * first parent): the gates it weakens, as failing results. `before` is undefined for a first commit,
 * whose configuration is judged against the shipped defaults.
 */
export async function governanceAt(opts: {
  prepared: Prepared;
  after: Snapshot;
  before: Snapshot | undefined;
  changed: readonly string[];
  configPath: string;
  /** The --config option, if any (so the parent's configuration is read the same way). */
  config?: string;
}): Promise<Governance> {
  const none = { results: [], beforeIds: opts.prepared.loaded.registry.gates.map((g) => g.id) };
  const changed = new Set(opts.changed);
  const deleted = await scopeDeletions(opts.prepared.loaded, opts.before, opts.after, changed);
  if (deleted.length === 0 && !governanceInputs(opts.prepared.loaded, opts.configPath).some((p) => changed.has(p))) return none;
  // The comparison (and its parsers) loads only when a governance input is in the change.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand: most commits change no governance input
  const { findWeakenings, weakeningResults } = require('./findWeakenings') as typeof import('./findWeakenings');
  const before = opts.before ?? new MemorySnapshot({}, 'no commit');
  const configChanged = changed.has(opts.configPath);
  const beforeLoaded = configChanged ? await loadAt(before, opts) : opts.prepared.loaded;
  const ws = deleted.concat(
    await findWeakenings(
      { loaded: beforeLoaded, snapshot: before },
      { loaded: opts.prepared.loaded, snapshot: opts.after },
      { configPath: opts.configPath, configChanged, changed },
    ),
  );
  return { results: weakeningResults(ws, beforeLoaded, opts.prepared.loaded), beforeIds: beforeLoaded.registry.gates.map((g) => g.id) };
}

/** The registry as the parent had it configured; a parent whose configuration was invalid is judged as the shipped defaults. */
async function loadAt(snapshot: Snapshot, opts: { prepared: Prepared; configPath: string; config?: string }): Promise<LoadedRegistry> {
  const buf = (await snapshot.load([opts.configPath])).get(opts.configPath);
  try {
    return prepare({ cwd: opts.prepared.cwd, config: opts.config, configText: buf ? buf.toString('utf8') : null }).loaded;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return prepare({ cwd: opts.prepared.cwd, configText: null }).loaded;
  }
}
