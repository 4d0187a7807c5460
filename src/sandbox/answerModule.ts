import type { CollectionStore } from '../records/CollectionStore';
import type { SsotRecord } from '../records/SsotRecord';
import { SANDBOX_MSG } from '../messages';

/**
 * The one function a gate module's engine can call (through vmBootstrap.ts): a request as JSON text
 * in, an answer as JSON text out, `{"v": value}` or `{"e": sentence}`. Answers are computed by the
 * host's own collections and records, so `get`, `value`, `loc` … mean exactly what they mean for
 * declarative gates; what crosses is always a copy as text, never a host object.
 */
export function answerModule(store: CollectionStore, reads: readonly string[], op: string, argsJson: string): string {
  try {
    const v = answer(store, reads, op, JSON.parse(argsJson) as unknown[]);
    return v === undefined ? '{}' : JSON.stringify({ v });
  } catch (err) {
    return JSON.stringify({ e: err instanceof SandboxRequestError ? err.message : SANDBOX_MSG.badRequest(op) });
  }
}

class SandboxRequestError extends Error {}

function answer(store: CollectionStore, reads: readonly string[], op: string, args: unknown[]): unknown {
  const [name, i, field] = args;
  if (op === 'require') throw new SandboxRequestError(SANDBOX_MSG.requireOnly(String(name)));
  if (typeof name !== 'string' || !reads.includes(name)) throw new SandboxRequestError(SANDBOX_MSG.undeclared(String(name)));
  if (op === 'collection') {
    const c = store.get(name);
    return {
      name,
      file: c.file,
      problems: c.problems,
      records: c.records.map((r) => ({ file: r.file, key: r.key, entity: r.entity, label: r.label })),
    };
  }
  const rec = store.get(name).records[typeof i === 'number' ? i : -1] as SsotRecord | undefined;
  if (!rec) throw new Error('no such record');
  if (op === 'data') return rec.data;
  if (op === 'loc') return rec.loc(typeof field === 'string' ? field : undefined);
  if (typeof field !== 'string') throw new Error('no field');
  if (op === 'get') return rec.get(field);
  if (op === 'raw') return rec.raw(field);
  if (op === 'value') return rec.value(field);
  throw new Error('no such request');
}
