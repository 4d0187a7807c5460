/**
 * The sandboxed process a gate module runs in (started by runModuleGate.ts under Node's permission
 * model: no writes, no child processes, no workers, reads only of the repository and this package).
 * It gets one job over IPC, builds the module's read-only collections from the snapshot's file
 * contents it was sent, runs `check`, and sends back plain data or why there is none.
 */
import Module from 'node:module';
import * as path from 'node:path';
import { MemorySnapshot } from '../workspace/MemorySnapshot';
import { Workspace } from '../workspace/Workspace';
import { CollectionStore } from '../records/CollectionStore';
import type { ModuleAnswer, ModuleJob } from './moduleJob';

process.once('message', (job: ModuleJob) => {
  void run(job).then((answer) => process.send!(answer, () => process.exit(0)));
});

async function run(job: ModuleJob): Promise<ModuleAnswer> {
  try {
    const files = Object.fromEntries(Object.entries(job.contents).flatMap(([p, c]) => (c.base64 !== undefined ? [[p, Buffer.from(c.base64, 'base64')]] : [])));
    const ws = await Workspace.load(new MemorySnapshot(files, 'sandbox'), Object.keys(job.contents));
    const store = new CollectionStore(ws, { files: job.files, collections: job.collections });
    const gate = load(job);
    const reads = (gate.meta as { reads?: unknown } | undefined)?.reads;
    if (reads !== undefined && (!Array.isArray(reads) || [...new Set(reads)].sort().join('\0') !== [...new Set(job.reads)].sort().join('\0'))) {
      return { ok: false, error: `the module's meta.reads (${JSON.stringify(reads)}) differs from the gate's reads (${JSON.stringify(job.reads)}) in the configuration` };
    }
    const result: unknown = gate.check({
      collection: (name: string) => {
        if (!job.reads.includes(name)) throw new Error(`check() read collection "${name}", which the gate does not declare in reads`);
        return store.get(name);
      },
      params: Object.freeze({ ...job.params }),
      severity: job.severity,
    });
    if (result instanceof Promise) {
      result.catch(() => undefined);
      return { ok: false, error: 'check() must be synchronous and return findings, not a Promise' };
    }
    let plain: unknown;
    try {
      plain = JSON.parse(JSON.stringify(result) ?? 'null');
    } catch (err) {
      return { ok: false, error: `check() returned something that is not plain data (${(err as Error).message})` };
    }
    return { ok: true, findings: plain };
  } catch (err) {
    return { ok: false, error: describe(err) };
  }
}

/** The module as the snapshot has it, its own `require`s resolved from where it sits on disk. */
function load(job: ModuleJob): { meta?: unknown; check: (ctx: unknown) => unknown } {
  let exported: unknown;
  if (job.moduleSource !== undefined) {
    const m = new Module(job.moduleFile) as Module & { _compile(source: string, file: string): void; paths: string[] };
    m.filename = job.moduleFile;
    m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(job.moduleFile));
    m._compile(job.moduleSource, job.moduleFile);
    exported = m.exports;
  } else {
    throw new Error(`the module file ${path.basename(job.moduleFile)} is not in the snapshot being checked`);
  }
  const gate = ((exported as { default?: unknown })?.default ?? exported) as { meta?: unknown; check?: unknown };
  if (typeof gate?.check !== 'function') throw new Error('the module must export defineGate({ meta: { reads: [...] }, check })');
  return gate as { meta?: unknown; check: (ctx: unknown) => unknown };
}

/** Anything thrown, worded: an Error's message, a thrown string, `throw null`. */
function describe(err: unknown): string {
  const denied = err as { code?: unknown; permission?: unknown };
  if (denied?.code === 'ERR_ACCESS_DENIED') {
    return `tried something the sandbox forbids (${String(denied.permission ?? 'access denied')}): a module may not write files, start processes or workers, or read outside the repository`;
  }
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message.split('\n')[0]}`;
  return `threw ${err === null ? 'null' : typeof err === 'string' ? JSON.stringify(err.slice(0, 200)) : typeof err}`;
}
