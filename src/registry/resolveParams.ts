import { ReferenceProblem } from './ConfigError';
import { CONFIG_MSG } from '../messages';

/**
 * Replaces every `{ $param: name }` inside a gate's rules with the gate's (possibly user-set) parameter.
 * Every hook runs this over every gate, cold (interpreted): the JSON pointer of a value is made only
 * for the error that names it, never for every value walked.
 */
export function resolveParams(value: unknown, params: Record<string, unknown>, pointer = '/rules'): unknown {
  const at: Array<string | number> = [];
  try {
    return resolve(value, params, at);
  } catch (err) {
    if (err instanceof UnknownParam) throw new ReferenceProblem(CONFIG_MSG.unknownParamRef(err.param), [pointer, ...at].join('/'));
    throw err;
  }
}

/** Thrown with `at` left at the parameter's place. */
class UnknownParam extends Error {
  constructor(readonly param: string) {
    super(param);
  }
}

/** `at`: the keys from the top to `value`, kept as the walk goes (a stack, not a string per value). */
function resolve(value: unknown, params: Record<string, unknown>, at: Array<string | number>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      at.push(i);
      const r = resolve(v, params, at);
      at.pop();
      // A parameter inside a list that is itself a list is spliced in: `exclude: [{$param: hosts}, extra]`.
      if (isParam(v) && Array.isArray(r)) out.push(...(r as unknown[]));
      else out.push(r);
    }
    return out;
  }
  if (isParam(value)) {
    if (!(value.$param in params)) throw new UnknownParam(value.$param);
    return params[value.$param];
  }
  const entries: Array<[string, unknown]> = [];
  for (const k of Object.keys(value)) {
    at.push(k);
    entries.push([k, resolve((value as Record<string, unknown>)[k], params, at)]);
    at.pop();
  }
  // fromEntries: a `__proto__` key of the configuration stays a key.
  return Object.fromEntries(entries);
}

function isParam(v: unknown): v is { $param: string } {
  return v !== null && typeof v === 'object' && '$param' in v && !Array.isArray(v) && Object.keys(v).length === 1;
}
