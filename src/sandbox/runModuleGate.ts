import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GateDef, Registry } from '../registry/model';
import type { ModuleRef } from '../engine/gateInputs';
import type { CollectionStore } from '../records/CollectionStore';
import type { Severity } from '../types';
import { packageRoot } from '../packageRoot';
import { DEFAULT_MODULE_TIMEOUT_MS, type ModuleAnswer, type ModuleJob } from './moduleJob';

/**
 * Runs a gate module at arm's length: in a separate Node process under the permission model (it may
 * read the repository and this package, and nothing else; it may not write, spawn or start workers),
 * stopped at the gate's deadline. Whatever it does (hangs, exits, throws anything, writes, returns
 * garbage), the answer is findings or one reason it has none; the hook process itself is never at
 * its mercy.
 */
export function runModuleGate(gate: GateDef, module: ModuleRef, registry: Registry, store: CollectionStore, root: string, severity: Severity): Promise<ModuleAnswer> {
  const reads = gate.reads ?? [];
  const contents: ModuleJob['contents'] = {};
  for (const name of reads) {
    const p = store.path(registry.collections[name].file);
    const c = store.workspace.file(p).content;
    contents[p] = c.kind === 'text' ? { base64: Buffer.from(c.text).toString('base64') } : { unreadable: c.kind };
  }
  const src = store.workspace.file(module.repoPath).content;
  const job: ModuleJob = {
    gate: gate.id,
    moduleFile: module.file,
    moduleSource: src.kind === 'text' ? src.text : undefined,
    reads,
    params: gate.params ?? {},
    severity,
    files: registry.files,
    collections: Object.fromEntries(reads.map((r) => [r, registry.collections[r]])),
    contents,
  };
  const timeout = gate.timeout_ms ?? DEFAULT_MODULE_TIMEOUT_MS;
  return new Promise((resolve) => {
    let done = false;
    let stderr = '';
    const finish = (answer: ModuleAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(answer);
    };
    const host = path.join(packageRoot(), 'dist', 'src', 'sandbox', 'moduleHost.js');
    if (!fs.existsSync(host)) return resolve({ ok: false, error: `the module sandbox is not built (${host}): run npm run build` });
    const child = spawn(process.execPath, [...permissionFlags(root), host], { cwd: root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: {} });
    const timer = setTimeout(() => finish({ ok: false, error: `did not finish within ${timeout} ms (timeout_ms; a loop that never ends?)` }), timeout);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    child.on('message', (m: ModuleAnswer) => finish(m));
    child.on('error', (err) => finish({ ok: false, error: `the sandbox could not start: ${err.message}` }));
    child.on('exit', (code, signal) => {
      const hint = /ERR_ACCESS_DENIED/.test(stderr) ? ' (it tried something the sandbox forbids: writing files, starting processes)' : '';
      finish({ ok: false, error: `ended (${signal ?? `exit code ${code}`}) before returning findings${hint}; a module must not call process.exit` });
    });
    child.send(job, (err) => {
      if (err) finish({ ok: false, error: `the sandbox could not be given the job: ${err.message}` });
    });
  });
}

/** Node's permission model (`--permission` since Node 22.13, `--experimental-permission` before). */
function permissionFlags(root: string): string[] {
  const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
  return ['--no-warnings', flag, `--allow-fs-read=${packageRoot()}`, `--allow-fs-read=${path.resolve(root)}`];
}
