import type { GateDef } from '../registry/registryTypes';
import type { ModuleRef } from '../registry/LoadedGate';
import type { CollectionStore } from '../records/CollectionStore';
import type { Severity } from '../types';
import { SANDBOX_MSG } from '../messages';
import { answerModule } from './answerModule';
import { loadQuickJs } from './loadQuickJs';
import { runInQuickJs } from './runInQuickJs';
import { DEFAULT_MODULE_TIMEOUT_MS, type ModuleAnswer, type ModuleJob } from './moduleJob';

/**
 * Runs a gate module at arm's length: in a WebAssembly JavaScript engine (QuickJS) inside this
 * process, given only data (its source from the snapshot being checked, its parameters, and the
 * records of the collections it declares, on request, as JSON), with a memory limit and a deadline.
 * It cannot reach the host: there is no process, file system, network or timer in there, only the
 * one function that answers with data. Whatever it does (hangs, allocates without end, throws
 * anything, returns garbage), the answer is findings or one reason it has none.
 *
 * `capMs`: the most any module may take in this run (hooks: HOOK_MODULE_TIMEOUT_CAP_MS), whatever
 * its gate's `timeout_ms` says.
 */
export async function runModuleGate(
  gate: GateDef,
  module: ModuleRef,
  store: CollectionStore,
  severity: Severity,
  capMs?: number,
): Promise<ModuleAnswer> {
  const reads = gate.reads ?? [];
  const src = store.workspace.file(module.repoPath).content;
  const asked = gate.timeout_ms ?? DEFAULT_MODULE_TIMEOUT_MS;
  const job: ModuleJob = {
    gate: gate.id,
    repoPath: module.repoPath,
    source: src.kind === 'text' ? src.text : undefined,
    reads,
    params: gate.params ?? {},
    severity,
    timeoutMs: capMs !== undefined ? Math.min(asked, capMs) : asked,
  };
  let qjs: Awaited<ReturnType<typeof loadQuickJs>>;
  try {
    qjs = await loadQuickJs();
  } catch (err) {
    return { ok: false, error: SANDBOX_MSG.engineMissing((err as Error).message) };
  }
  return runInQuickJs(qjs, job, (op, args) => answerModule(store, reads, op, args), job.timeoutMs < asked);
}
