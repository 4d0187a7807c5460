/**
 * The code that runs inside the JavaScript engine before and around a gate module: plain JavaScript,
 * evaluated as one function `(factory, host, jobJson) => string`. It gives the module a `require` that
 * knows only 'spine-hooks', builds `ctx` and read-only records whose fields it asks the host for (as
 * JSON text, through the one function `host`), calls `check`, and answers with JSON text:
 * `{"findings": …}` or `{"fault": …}` for the host to word. It has nothing else to reach.
 */
export const VM_BOOTSTRAP = String.raw`(function (factory, host, jobJson) {
  'use strict';
  const job = JSON.parse(jobJson);
  // check() is a pure function of its collections, so the same commit gets the same verdict in the
  // hooks and in ci: no clock, no randomness.
  const impure = (what) => function () { throw new Error(what + ' is not available to a gate module: check() must be a pure function of its collections'); };
  const clock = impure('Date');
  Object.defineProperty(globalThis, 'Date', { value: new Proxy(clock, { get: () => clock, construct: clock }), writable: false, configurable: false });
  Object.defineProperty(Math, 'random', { value: impure('Math.random'), writable: false, configurable: false });
  // The host answers {"v": value} or {"e": sentence}; a value of undefined comes back as {}.
  const ask = (op, args) => {
    const r = JSON.parse(host(op, JSON.stringify(args)));
    if (typeof r.e === 'string') throw new Error(r.e);
    return r.v;
  };
  class SsotRecord {
    #c; #i;
    constructor(c, i, r) {
      this.#c = c;
      this.#i = i;
      this.collection = c;
      this.file = r.file;
      this.key = r.key;
      this.entity = r.entity;
      this.label = r.label;
      Object.freeze(this);
    }
    get(field) { return ask('get', [this.#c, this.#i, String(field)]); }
    raw(field) { return ask('raw', [this.#c, this.#i, String(field)]); }
    value(field) { return ask('value', [this.#c, this.#i, String(field)]); }
    loc(field) { return ask('loc', [this.#c, this.#i, field === undefined ? null : String(field)]); }
    get data() { return ask('data', [this.#c, this.#i]); }
  }
  Object.freeze(SsotRecord.prototype);
  const loaded = new Map();
  const collection = (name) => {
    name = String(name);
    if (!loaded.has(name)) {
      const c = ask('collection', [name]);
      const records = Object.freeze(c.records.map((r, i) => new SsotRecord(name, i, r)));
      loaded.set(name, Object.freeze({ name: c.name, file: c.file, records, problems: c.problems }));
    }
    return loaded.get(name);
  };
  const api = Object.freeze({ defineGate: (gate) => gate });
  const require = (id) => (id === 'spine-hooks' ? api : ask('require', [String(id)]));
  const module = { exports: {} };
  factory.call(module.exports, module.exports, require, module, job.repoPath, job.repoPath.replace(/\/?[^/]*$/, '') || '.');
  const exported = module.exports;
  const gate = exported?.default ?? exported;
  if (typeof gate?.check !== 'function') return JSON.stringify({ fault: 'export' });
  const reads = gate.meta?.reads;
  const same = (a, b) => [...new Set(a)].sort().join('\0') === [...new Set(b)].sort().join('\0');
  if (reads !== undefined && !(Array.isArray(reads) && same(reads.map(String), job.reads))) {
    return JSON.stringify({ fault: 'reads', reads: Array.isArray(reads) ? reads.map(String) : typeof reads });
  }
  const result = gate.check({ collection, params: Object.freeze(job.params), severity: job.severity });
  if (typeof result?.then === 'function') return JSON.stringify({ fault: 'promise' });
  let text;
  try {
    text = JSON.stringify(result);
  } catch (err) {
    return JSON.stringify({ fault: 'plain', detail: String(err?.message ?? err) });
  }
  return '{"findings":' + (text ?? 'null') + '}';
})`;
