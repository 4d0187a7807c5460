import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Finding, GateResult, RunResult } from '../types';
import { SchemaValidator } from '../schema/SchemaValidator';
import { packageRoot } from '../packageRoot';
import { ConfigError } from '../registry/ConfigError';
import { RUN_MSG } from '../messages';
import { makeDirs } from '../cache/makeDirs';

export interface ReceiptInput {
  cwd: string;
  mode: 'all' | 'ci';
  version: string;
  result: RunResult;
  range?: string;
  /** ci: each gate's status comes from the commit named here. */
  gateCommits?: Record<string, string>;
  findings?: Finding[];
  now?: Date;
}

/** `CAP-<UTC yyyymmdd-hhmmss>__spine.verify__R<random>` */
export function runKey(now: Date): string {
  const iso = now.toISOString(); // 2026-11-21T23:59:01.123Z
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `CAP-${stamp}__spine.verify__R${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** Writes DIR/<runKey>.json, validated against schemas/receipt.schema.json first; returns the run key. */
export async function writeReceipt(dir: string, input: ReceiptInput): Promise<string> {
  const now = input.now ?? new Date();
  const key = runKey(now);
  const git = await gitState(input.cwd);
  const gates = input.result.gates.map((g: GateResult) => ({
    id: g.id,
    name: g.name,
    status: g.status,
    durationMs: g.durationMs,
    ...(input.gateCommits?.[g.id] ? { commit: input.gateCommits[g.id] } : {}),
  }));
  const findings = input.findings ?? input.result.gates.flatMap((g) => g.findings);
  const policy = input.result.policy;
  const receipt = {
    runKey: key,
    createdAt: now.toISOString(),
    tool: 'spine-hooks',
    version: input.version,
    mode: input.mode,
    ...(input.range ? { range: input.range } : {}),
    git,
    exitCode: input.result.exitCode,
    gates,
    findings,
    overrides: policy?.appliedOverrides ?? [],
    baseline: {
      applied: findings
        .filter((f) => f.suppressed?.by === 'baseline')
        .map((f) => f.fingerprint!)
        .filter(Boolean),
      fixed: (policy?.baselineFixed ?? []).map((e) => e.fingerprint),
    },
  };
  const v = new SchemaValidator();
  const errors = v.validate(v.compileFile(path.join(packageRoot(), 'schemas', 'receipt.schema.json')), receipt);
  if (errors.length) throw new Error(`receipt does not match its schema: ${errors[0].pointer} ${errors[0].message}`);
  const target = path.resolve(input.cwd, dir);
  try {
    makeDirs(target);
    fs.writeFileSync(path.join(target, `${key}.json`), JSON.stringify(receipt, null, 2) + '\n');
  } catch (err) {
    throw new ConfigError(RUN_MSG.cannotWriteReceipt(dir, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
  }
  return key;
}

async function gitState(cwd: string): Promise<{ head: string | null; branch?: string } | null> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- git is loaded only when a receipt is written
  const { Git } = require('../git/Git') as typeof import('../git/Git');
  const git = await Git.open(cwd);
  if (!git) return null;
  try {
    const branch = await git.branch();
    return { head: git.head ?? null, ...(branch ? { branch } : {}) };
  } finally {
    git.close();
  }
}
