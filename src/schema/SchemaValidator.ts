import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

export interface SchemaError {
  /** JSON pointer of the offending value, e.g. `/vms/3/status`. */
  pointer: string;
  message: string;
}

/**
 * The one Ajv instance of a run. Each schema file is read and compiled once, on first use, so a
 * pre-commit that validates one changed file compiles one schema.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv, ['ipv4', 'ipv6', 'date', 'date-time', 'uri', 'email', 'hostname', 'regex']);
  }

  /** Compiles a schema given as an object (the registry's own meta-schemas). */
  compile(id: string, schema: object): ValidateFunction {
    let fn = this.compiled.get(id);
    if (!fn) {
      fn = this.ajv.getSchema((schema as { $id?: string }).$id ?? id) ?? this.ajv.compile(schema);
      this.compiled.set(id, fn);
    }
    return fn;
  }

  /** Compiles the JSON Schema at an absolute path. Throws with the path when it cannot be read or compiled. */
  compileFile(absPath: string): ValidateFunction {
    const hit = this.compiled.get(absPath);
    if (hit) return hit;
    let schema: object;
    try {
      schema = JSON.parse(readFileSync(absPath, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read JSON Schema ${absPath}: ${(err as Error).message}`);
    }
    return this.compile(absPath, schema);
  }

  validate(fn: ValidateFunction, data: unknown): SchemaError[] {
    return fn(data) ? [] : formatAjvErrors(fn.errors ?? []);
  }
}

/** Ajv errors as sentences; `required` and `additionalProperties` point at the property concerned. */
export function formatAjvErrors(errors: readonly ErrorObject[]): SchemaError[] {
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // `if/then` and `anyOf` wrappers add a summary error whose details are already listed.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf' && out.length) continue;
    let pointer = e.instancePath;
    let message: string;
    switch (e.keyword) {
      case 'required':
        message = `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'additionalProperties':
        pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
        message = 'is not an allowed property';
        break;
      case 'enum':
        message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'type':
        message = `must be ${(e.params as { type: string | string[] }).type.toString().replace(/,/g, ' or ')}`;
        break;
      default:
        message = e.message ?? e.keyword;
    }
    const key = `${pointer} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message });
  }
  return out;
}
