import { setFlagsFromString } from 'node:v8';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { WASM_MEMORY_CAP } from './moduleJob';

let loading: Promise<QuickJSWASMModule> | undefined;
const broken = new WeakSet<QuickJSWASMModule>();

/**
 * The WebAssembly build of QuickJS, loaded once per process and only when a module gate runs (about
 * 35 ms). Each gate gets its own runtime and context in it (runInQuickJs.ts). The caller uses it
 * synchronously after the await, so an instance given out is never one already discarded.
 */
export async function loadQuickJs(): Promise<QuickJSWASMModule> {
  for (;;) {
    const pending = (loading ??= start());
    const m = await pending;
    if (!broken.has(m)) return m;
    if (loading === pending) loading = undefined;
  }
}

function start(): Promise<QuickJSWASMModule> {
  // A hook runs a module gate once and ends: V8's baseline WebAssembly compiler (Liftoff) alone
  // halves the CPU a run spends on the engine (0.72 → 0.37 s for one module gate on the example),
  // where the optimising tier compiles the whole engine again in the background for nothing.
  // Wasm flags are read when a module is compiled, so setting it here, before the first, is enough.
  setFlagsFromString('--liftoff-only');
  /* eslint-disable @typescript-eslint/no-require-imports -- the engine loads on the first module gate, never at start-up */
  const { newQuickJSWASMModuleFromVariant } = require('quickjs-emscripten-core') as typeof import('quickjs-emscripten-core');
  type Variant = Extract<Parameters<typeof newQuickJSWASMModuleFromVariant>[0], { type: 'sync' }>;
  const variant = (require('@jitl/quickjs-wasmfile-release-sync') as { default: Variant }).default;
  // The variant loads its Emscripten module with import(), which a CommonJS host under a test runner's
  // vm may not allow; the package ships the same module as CommonJS.
  const raw = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as (arg?: object) => Promise<unknown>;
  /* eslint-enable @typescript-eslint/no-require-imports -- end of the on-demand loads */
  const loader = () =>
    Promise.resolve(((arg: object = {}) => raw({ ...arg, wasmMemory: cappedMemory() })) as unknown as Awaited<
      ReturnType<Variant['importModuleLoader']>
    >);
  const p = newQuickJSWASMModuleFromVariant({ ...variant, importModuleLoader: loader });
  // A failed load is tried again by the next module gate, not remembered.
  p.catch(() => {
    if (loading === p) loading = undefined;
  });
  return p;
}

/**
 * Retires an instance whose state can no longer be trusted (the host's stack ran out inside it, or it
 * aborted on a failed assertion): it is never used again, and the next module gate loads a fresh one.
 */
export function discardQuickJs(m: QuickJSWASMModule): void {
  broken.add(m);
}

/** The WebAssembly JS API, which this package's TypeScript lib (ES2022, no DOM) does not declare. */
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => object } };

/**
 * QuickJS's own memory limit is not a limit in this build: it counts 8 bytes per allocation, since
 * Emscripten gives it no malloc_usable_size (justjake/quickjs-emscripten#255, #271), so a module
 * keeping many 1 MB strings would grow the WebAssembly memory to 2 GiB. The instance gets a memory
 * that cannot grow past WASM_MEMORY_CAP instead: malloc then fails inside the engine and the module
 * gets QuickJS's "out of memory", which no module code can get around.
 */
function cappedMemory(): object {
  return new Wasm.Memory({ initial: (16 * 1024 * 1024) / 65536, maximum: WASM_MEMORY_CAP / 65536 });
}
