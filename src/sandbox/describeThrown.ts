import { SANDBOX_MSG } from '../messages';
import { MODULE_MEMORY_LIMIT } from './moduleJob';

const q = (s: string) => JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);

/**
 * What a module threw, as the engine dumped it (plain data: an Error as `{ name, message, stack,
 * lineNumber }`), worded as one sentence: `threw null`, the engine's own limits, a syntax error with
 * its line, else the message and where in the module it was thrown.
 */
export function describeThrown(e: unknown, repoPath: string, phase: 'load' | 'run'): string {
  if (e === null || e === undefined) return SANDBOX_MSG.threw(String(e));
  if (typeof e === 'string') return SANDBOX_MSG.threw(q(e));
  if (typeof e !== 'object') return SANDBOX_MSG.threw(typeof e === 'number' || typeof e === 'boolean' ? String(e) : `a ${typeof e}`);
  const { name, message, stack, lineNumber } = e as { name?: unknown; message?: unknown; stack?: unknown; lineNumber?: unknown };
  if (typeof message !== 'string') return SANDBOX_MSG.threw('an object that is not an Error');
  const kind = typeof name === 'string' ? name : 'Error';
  if (kind === 'InternalError' && message === 'out of memory') return SANDBOX_MSG.outOfMemory(MODULE_MEMORY_LIMIT / 1024 / 1024);
  if (message === 'stack overflow') return SANDBOX_MSG.stackOverflow();
  const first = message.split('\n')[0];
  if (kind === 'SyntaxError' && phase === 'load')
    return SANDBOX_MSG.syntax(`${repoPath}${typeof lineNumber === 'number' ? `:${lineNumber}` : ''}`, first);
  // Where in the module: the first frame of the stack that is in the module's own file.
  const at = typeof stack === 'string' ? new RegExp(`\\(?${repoPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(stack) : null;
  return `${kind === 'Error' ? '' : `${kind}: `}${first}${at ? ` (${repoPath}:${at[1]})` : ''}`;
}

/** A fault the sandbox's own code reported (vmBootstrap.ts), worded. */
export function wordFault(f: { fault?: string; reads?: unknown; detail?: string }, reads: string[]): string {
  if (f.fault === 'export') return SANDBOX_MSG.noExport();
  if (f.fault === 'reads') return SANDBOX_MSG.readsDiffer(f.reads, reads);
  if (f.fault === 'promise') return SANDBOX_MSG.promise();
  return SANDBOX_MSG.notPlain(String(f.detail ?? f.fault));
}
