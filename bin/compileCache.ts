/**
 * Node 22.1+ can keep the compiled code of our modules on disk between runs (module.enableCompileCache,
 * in the OS temporary folder): a hook starts the CLI on every commit, so start-up is what users feel.
 * Imported first by the bin, before any of our modules load; on Node 20 it does nothing.
 */
import * as nodeModule from 'node:module';

const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
if (typeof enable === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    enable();
  } catch {
    // An unwritable cache folder only costs speed.
  }
}
