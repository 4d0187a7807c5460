import type { Severity } from '../types';
import type { GateDef } from './registryTypes';

/** Where a gate's module lives: on disk (to resolve what it requires) and in the snapshot (the code that runs). */
export interface ModuleRef {
  /** Absolute path on disk. */
  file: string;
  /** Path relative to the checked root, read from the snapshot being checked. */
  repoPath: string;
}

/** A gate as the registry loader hands it to the engine: its definition, effective severity and module. */
export interface LoadedGate {
  def: GateDef;
  severity: Severity;
  /** A module gate's code (run only in the sandbox: sandbox/runModuleGate.ts). */
  module?: ModuleRef;
}
