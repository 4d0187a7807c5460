import * as fs from 'node:fs';
import * as path from 'node:path';
import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import type { ValidateFn } from './precompiledValidator';
import { AJV_OPTIONS, FORMATS } from './ajvOptions';
// Upward import (one of three, see __tests__/layers.test.ts): JSON Schema `pattern` keywords run on the linear-time pattern
// engine of records/, as filters do, so a schema cannot bring a backtracking regex.
import { safePattern } from '../records/safePattern';
import { packageRoot } from '../packageRoot';
import { precompiledValidator } from './precompiledValidator';

export interface SchemaError {
  /** JSON pointer of the offending value, e.g. `/vms/3/status`. */
  pointer: string;
  message: string;
}

export type { ValidateFn } from './precompiledValidator';

/**
 * The one schema validator of a run. The package's schemas come precompiled (dist/validators.js,
 * made by `npm run build`); any other schema is compiled once with a single lazily created Ajv
 * instance and cached by path.
 */
export class SchemaValidator {
  private ajv?: Ajv2020;
  private readonly compiled = new Map<string, ValidateFn>();
  private readonly usePrecompiled: boolean;

  constructor(opts: { precompiled?: boolean } = {}) {
    this.usePrecompiled = opts.precompiled !== false;
  }

  /** Compiles the JSON Schema at an absolute path. Throws with the path when it cannot be read or compiled. */
  compileFile(absPath: string): ValidateFn {
    const hit = this.compiled.get(absPath);
    if (hit) return hit;
    let fn =
      this.usePrecompiled && path.dirname(absPath) === path.join(packageRoot(), 'schemas')
        ? precompiledValidator(path.basename(absPath))
        : undefined;
    if (!fn) {
      let schema: { $id?: string };
      try {
        schema = JSON.parse(fs.readFileSync(absPath, 'utf8')) as { $id?: string };
      } catch (err) {
        throw new Error(`cannot read JSON Schema ${absPath}: ${(err as Error).message}`, { cause: err });
      }
      const ajv = this.instance();
      try {
        fn = (schema.$id && ajv.getSchema(schema.$id)) || ajv.compile(schema);
      } catch (err) {
        throw new Error(`cannot compile JSON Schema ${absPath}: ${(err as Error).message}`, { cause: err });
      }
    }
    this.compiled.set(absPath, fn);
    return fn;
  }

  /**
   * Compiles a repository's JSON Schema from its text in the snapshot being checked (never the working
   * tree: the hook checks the index, ci each commit, with the schema each holds). `key` names the version
   * (path and content id); `label` is the path messages name. Two versions of one schema (a range's commits)
   * share an `$id`, as a repository schema may share one with the package's: a version whose `$id` is taken
   * is compiled without it. Throws with the path when it cannot be parsed or compiled.
   */
  compileText(key: string, text: string, label: string): ValidateFn {
    const hit = this.compiled.get(key);
    if (hit) return hit;
    let schema: { $id?: string };
    try {
      schema = JSON.parse(text) as { $id?: string };
    } catch (err) {
      throw new Error(`cannot read JSON Schema ${label}: ${(err as Error).message}`, { cause: err });
    }
    const ajv = this.instance();
    let fn: ValidateFn;
    try {
      if (schema !== null && typeof schema === 'object' && schema.$id !== undefined && ajv.getSchema(String(schema.$id))) {
        schema = { ...schema };
        delete schema.$id;
      }
      fn = ajv.compile(schema);
    } catch (err) {
      throw new Error(`cannot compile JSON Schema ${label}: ${(err as Error).message}`, { cause: err });
    }
    this.compiled.set(key, fn);
    return fn;
  }

  validate(fn: ValidateFn, data: unknown): SchemaError[] {
    return fn(data) ? [] : formatAjvErrors(fn.errors ?? []);
  }

  private instance(): Ajv2020 {
    if (!this.ajv) {
      // Loaded on demand: with precompiled validators a normal run never needs Ajv's compiler.
      /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand (see above): an import would load Ajv's compiler on every run */
      const Ajv = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
      const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
      /* eslint-enable @typescript-eslint/no-require-imports -- end of the on-demand loads */
      // `pattern` and `patternProperties` of a repository's schemas are configuration too: they run
      // on RE2 like every other pattern from configuration (records/safePattern.ts), so no schema
      // can hang a hook; one RE2 cannot run fails to compile, with the schema's path.
      this.ajv = new Ajv({ ...AJV_OPTIONS, code: { regExp: linearRegExp } });
      addFormats(this.ajv, [...FORMATS]);
      // Our schemas refer to each other by relative $ref (config → registry, receipt → report):
      // register them all (compiled only when used).
      const dir = path.join(packageRoot(), 'schemas');
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        const schema = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { $id?: string };
        if (schema.$id && !this.ajv.getSchema(schema.$id)) this.ajv.addSchema(schema);
      }
    }
    return this.ajv;
  }
}

/** Ajv errors as sentences; `required` and `additionalProperties` point at the property concerned. */
export function formatAjvErrors(errors: readonly ErrorObject[]): SchemaError[] {
  const out: SchemaError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // `if` and `anyOf`/`oneOf` wrappers add a summary error whose details are already listed.
    if (e.keyword === 'if' || ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && out.length)) continue;
    let pointer = e.instancePath;
    let message: string;
    switch (e.keyword) {
      case 'required':
        message = `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`;
        break;
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const p = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
        pointer += `/${p.additionalProperty ?? p.unevaluatedProperty}`;
        message = 'is not an allowed property';
        break;
      }
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
  // A value that fits none of several forms (anyOf) gets an error per form. The one that went
  // deepest into the value says what is wrong (`/max_age must be string`), not the shallow
  // "must be string or number" of a form it was never meant to be: deeper errors first.
  const depth = (p: string) => p.split('/').length;
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => depth(b.e.pointer) - depth(a.e.pointer) || a.i - b.i)
    .map(({ e }) => e);
}

/**
 * Ajv's RegExp engine hook: a pattern compiled by RE2, offering the `test` Ajv calls (and a
 * `toString` naming the pattern: Ajv keeps one compiled pattern per distinct string).
 */
const linearRegExp = Object.assign(
  (pattern: string) => {
    const p = safePattern(pattern);
    return { test: (value: string) => p.test(value), toString: () => `re2:${pattern}` };
  },
  { code: 'safePattern' },
);
