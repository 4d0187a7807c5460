import type { QuickJSWASMModule } from 'quickjs-emscripten-core';

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
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { newQuickJSWASMModuleFromVariant } = require('quickjs-emscripten-core') as typeof import('quickjs-emscripten-core');
  type Variant = Extract<Parameters<typeof newQuickJSWASMModuleFromVariant>[0], { type: 'sync' }>;
  const variant = (require('@jitl/quickjs-wasmfile-release-sync') as { default: Variant }).default;
  // The variant loads its Emscripten module with import(), which a CommonJS host under a test runner's
  // vm may not allow; the package ships the same module as CommonJS.
  const loader = () => Promise.resolve(require('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as Awaited<ReturnType<Variant['importModuleLoader']>>);
  /* eslint-enable @typescript-eslint/no-require-imports */
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
