import { ReferenceProblem } from './ConfigError';
import { CONFIG_MSG } from '../messages';

/** Replaces every `{ $param: name }` inside a gate's rules with the gate's (possibly user-set) parameter. */
export function resolveParams(value: unknown, params: Record<string, unknown>, pointer = '/rules'): unknown {
  if (Array.isArray(value)) {
    return value.flatMap((v: unknown, i): unknown[] => {
      const r = resolveParams(v, params, `${pointer}/${i}`);
      // A parameter inside a list that is itself a list is spliced in: `exclude: [{$param: hosts}, extra]`.
      return isParam(v) && Array.isArray(r) ? r : [r];
    });
  }
  if (isParam(value)) {
    if (!(value.$param in params)) throw new ReferenceProblem(CONFIG_MSG.unknownParamRef(value.$param), pointer);
    return params[value.$param];
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveParams(v, params, `${pointer}/${k}`)]));
  }
  return value;
}

function isParam(v: unknown): v is { $param: string } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$param' in v;
}
