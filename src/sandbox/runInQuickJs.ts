import { performance } from 'node:perf_hooks';
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { SANDBOX_MSG } from '../messages';
import { discardQuickJs } from './loadQuickJs';
import { MODULE_MEMORY_LIMIT, MODULE_STACK_LIMIT, type ModuleAnswer, type ModuleJob } from './moduleJob';
import { VM_BOOTSTRAP } from './vmBootstrap';
import { describeThrown, wordFault } from './describeThrown';

/** Answers the module's requests for data (answerModule.ts): JSON text in, JSON text out. */
export type HostAnswer = (op: string, argsJson: string) => string;

/**
 * Runs one gate module in a fresh QuickJS runtime of the WebAssembly instance: memory and stack
 * limits, interrupted at the deadline, given nothing but the module's source, the job as JSON text
 * and `host` (data only). No `process`, `require` of Node modules, file system, network or timers
 * exist in there. Every handle is disposed on every path; the runtime is disposed at the end, so
 * nothing the module started outlives its answer (there is no event loop to keep it alive anyway).
 */
export function runInQuickJs(qjs: QuickJSWASMModule, job: ModuleJob, host: HostAnswer, capped: boolean): ModuleAnswer {
  try {
    const runtime = qjs.newRuntime();
    runtime.setMemoryLimit(MODULE_MEMORY_LIMIT);
    runtime.setMaxStackSize(MODULE_STACK_LIMIT);
    const deadline = performance.now() + job.timeoutMs;
    let late = false;
    runtime.setInterruptHandler(() => (late ||= performance.now() > deadline));
    const vm = runtime.newContext();
    let answer: ModuleAnswer;
    try {
      answer = evaluate(vm, job, host, () => (runtime.setMemoryLimit(MODULE_MEMORY_LIMIT + 16 * 1024 * 1024), late));
    } finally {
      vm.dispose();
    }
    runtime.dispose();
    return late && !answer.ok ? { ok: false, error: SANDBOX_MSG.timeout(job.timeoutMs, capped) } : answer;
  } catch (err) {
    // An exception out of the engine itself, not out of the module's code: V8's stack ran out inside
    // the WebAssembly (JSON or the parser recursing on deeply nested input), or QuickJS aborted. The
    // instance's memory is in an unknown state: it is never used again.
    discardQuickJs(qjs);
    const tooDeep = err instanceof RangeError && /call stack/i.test(err.message);
    return {
      ok: false,
      error: tooDeep ? SANDBOX_MSG.tooDeep() : SANDBOX_MSG.engineFailed((err as Error)?.message?.split('\n')[0] ?? String(err)),
    };
  }
}

/** `failing()`: the module failed; lifts the memory limit a little to describe why, and says if the deadline passed. */
function evaluate(vm: QuickJSContext, job: ModuleJob, host: HostAnswer, failing: () => boolean): ModuleAnswer {
  const handles: QuickJSHandle[] = [];
  const own = (h: QuickJSHandle) => (handles.push(h), h);
  const thrown = (error: QuickJSHandle, phase: 'load' | 'run'): ModuleAnswer => {
    own(error);
    if (failing()) return { ok: false, error: 'late' };
    let dumped: unknown;
    try {
      dumped = vm.dump(error);
    } catch {
      dumped = undefined;
    }
    return { ok: false, error: describeThrown(dumped, job.repoPath, phase) };
  };
  try {
    if (job.source === undefined) return { ok: false, error: SANDBOX_MSG.notInSnapshot(job.repoPath) };
    // CommonJS, as Node wraps it; the wrapper starts on the module's first line, so line numbers hold.
    const wrapped = `(function (exports, require, module, __filename, __dirname) {${job.source}\n})`;
    const factory = vm.evalCode(wrapped, job.repoPath);
    if (factory.error) return thrown(factory.error, 'load');
    own(factory.value);
    const boot = vm.evalCode(VM_BOOTSTRAP, 'spine-hooks:sandbox');
    if (boot.error) return thrown(boot.error, 'run');
    own(boot.value);
    const hostFn = own(
      vm.newFunction('host', (op, args) =>
        vm.newString(host(vm.typeof(op) === 'string' ? vm.getString(op) : '', vm.typeof(args) === 'string' ? vm.getString(args) : '[]')),
      ),
    );
    const jobText = own(
      vm.newString(JSON.stringify({ repoPath: job.repoPath, reads: job.reads, params: job.params, severity: job.severity })),
    );
    const result = vm.callFunction(boot.value, vm.undefined, factory.value, hostFn, jobText);
    if (result.error) return thrown(result.error, 'run');
    own(result.value);
    const text = vm.typeof(result.value) === 'string' ? vm.getString(result.value) : '';
    let parsed: { findings?: unknown; fault?: string; reads?: unknown; detail?: string };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return { ok: false, error: SANDBOX_MSG.notJson() };
    }
    return parsed.fault === undefined ? { ok: true, findings: parsed.findings } : { ok: false, error: wordFault(parsed, job.reads) };
  } finally {
    for (const h of handles.reverse()) if (h.alive) h.dispose();
  }
}
