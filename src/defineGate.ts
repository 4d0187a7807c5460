import type { Severity } from './types';
import type { Collection } from './records/CollectionStore';
import type { Draft } from './rules/context';

export type { Draft as GateFinding } from './rules/context';

/** What a TypeScript gate sees: read-only collections and its parameters. No git, fs, console or clock. */
export interface GateCheckContext {
  /** Records of a named collection; read problems (missing file, bad YAML) are reported for the gate automatically. */
  collection(name: string): Collection;
  params: Readonly<Record<string, unknown>>;
  severity: Severity;
}

export interface GateModule {
  meta: {
    /** Collections the gate reads: drives loading, impact analysis and applicability. */
    reads: string[];
    description?: string;
  };
  check(ctx: GateCheckContext): Draft[];
}

/** Declares a TypeScript gate (ESLint-rule style). The registry entry supplies id, name, severity and lanes. */
export function defineGate(gate: GateModule): GateModule {
  return gate;
}
