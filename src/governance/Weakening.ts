import type { LoadedRegistry } from '../registry/loadRegistry';
import type { Snapshot } from '../workspace/Snapshot';

/** One side of a change: the effective registry (shipped + configuration) and the files it reads. */
export interface GovernanceSide {
  loaded: LoadedRegistry;
  snapshot: Snapshot;
}

/** A change that makes a gate check less, located where it was made. */
export interface Weakening {
  gate: string;
  kind:
    | 'removed'
    | 'off'
    | 'severity'
    | 'param'
    | 'rules'
    | 'scope'
    | 'collection'
    | 'file'
    | 'policy'
    | 'schema'
    | 'module'
    | 'list'
    | 'contract'
    | 'baseline';
  /** What was weakened, stable across rewording (the finding's entity). */
  key: string;
  message: string;
  file: string;
  line: number;
  column: number;
}
