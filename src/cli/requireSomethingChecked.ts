import * as fs from 'node:fs';
import * as path from 'node:path';
import { gateInputs } from '../engine/gateInputs';
import { ConfigError } from '../registry/ConfigError';
import { USAGE_MSG } from '../messages';
import type { Prepared } from '../run';
import type { RunResult } from '../types';

/**
 * Every gate skipped means the files were not where we looked: never a pass, and never a baseline
 * written from nothing (`--all` and `baseline update` alike). A gate that ran and checked nothing,
 * its filter selecting no record while its files exist, is a warning of its own, not a usage error.
 */
export function requireSomethingChecked(prepared: Prepared, result: RunResult): void {
  const { cwd } = prepared;
  const anyInputExists = (id: string) => {
    const g = prepared.selected.find((x) => x.def.id === id);
    return Boolean(g && gateInputs(g.def, prepared.loaded.registry, g.module).files.some((f) => fs.existsSync(path.join(cwd, f))));
  };
  if (
    result.gates.length &&
    result.gates.every((g) => g.status === 'skip' || (g.findings.length === 0 && g.note && !anyInputExists(g.id)))
  ) {
    throw new ConfigError(USAGE_MSG.nothingChecked(cwd));
  }
}
