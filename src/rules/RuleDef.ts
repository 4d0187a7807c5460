import type { CoverageRule } from './coverage/CoverageRule';
import type { ParityRule } from './parity/ParityRule';
import type { OrphanRule } from './orphan/OrphanRule';
import type { UniqueRule } from './unique/UniqueRule';
import type { RequireRule } from './require/RequireRule';
import type { ReferenceRule } from './reference/ReferenceRule';
import type { LeftoverRule } from './leftover/LeftoverRule';
import type { SchemaRule } from './schema/SchemaRule';
import type { HistoryRule } from './history/HistoryRule';

/** A rule of a gate, as the registry declares it: one type per kind, each in its kind's folder. */
export type RuleDef =
  CoverageRule | ParityRule | OrphanRule | UniqueRule | RequireRule | ReferenceRule | LeftoverRule | SchemaRule | HistoryRule;
