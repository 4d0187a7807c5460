import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GateResult } from '../types';
import { DiskStore, sha256 } from '../cache/DiskStore';
import { packageRoot } from '../packageRoot';

export type Evaluated = Omit<GateResult, 'durationMs'>;

export const RESULTS_LIMIT = 64 * 1024 * 1024;

/**
 * Gate verdicts on disk, by exactly what decides them (see gateKey in runGates.ts: the gate's
 * definition and severity, the registry's collections, the blob id of every file the gate reads, the
 * files the run is limited to, the clock where it matters) and by the build that made them
 * (dist/build-id): the pre-commit hook's verdict on a tree is pre-push's and `ci`'s on the commit
 * made from it, and `--all` twice on an unchanged estate evaluates nothing the second time. An entry
 * names its key in full and is checked against it; DiskStore authenticates it (a forged
 * verdict is a miss).
 */
export class ResultCache {
  private readonly store: DiskStore;

  constructor(
    commonDir: string,
    build: string,
    private readonly opts: { write?: boolean } = {},
  ) {
    this.store = new DiskStore(commonDir, ['results', build], RESULTS_LIMIT);
  }

  get(key: string): Evaluated | undefined {
    const body = this.store.read(sha256(key));
    if (body === undefined) return undefined;
    try {
      const entry = JSON.parse(body) as { key?: unknown; result?: Evaluated };
      return entry.key === key && entry.result && Array.isArray(entry.result.findings) ? entry.result : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, result: Evaluated): void {
    if (this.opts.write === false) return;
    this.store.write(sha256(key), JSON.stringify({ key, result }));
  }
}

let build: string | null | undefined;

/** This build's id (dist/build-id); none when running from sources, where no verdict is cached. */
export function buildId(): string | undefined {
  if (build === undefined) {
    try {
      build = __filename.endsWith('.ts') ? null : fs.readFileSync(path.join(packageRoot(), 'dist', 'build-id'), 'utf8').trim() || null;
    } catch {
      build = null;
    }
  }
  return build ?? undefined;
}

/** The result cache of the repository whose git common directory is `commonDir`, when this build has an id. */
export function resultCacheAt(commonDir: string | undefined, opts: { write?: boolean } = {}): ResultCache | undefined {
  const id = buildId();
  return commonDir && id ? new ResultCache(commonDir, id, opts) : undefined;
}
