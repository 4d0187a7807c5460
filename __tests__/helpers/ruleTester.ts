import { prepare, runPrepared } from '../../src/run';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import type { GateResult } from '../../src/types';
import { tempDir } from './tempDir';
import type { BaseSource } from '../../src/engine/gateBase';

/**
 * Table tests for a rule kind, after ESLint's RuleTester: `valid` rules find nothing (the gate passes),
 * `invalid` rules find exactly the listed findings, each by check id, entity and file:line. Each case runs
 * one rule, as the only rule of a gate a repository adds in its spine-hooks.config.yaml, through the real
 * loader (schema validation, references, parameters) and engine, over in-memory files.
 */
export interface RuleFixture {
  /** The configuration's `files`. */
  files: Record<string, string>;
  /** The configuration's `collections`. */
  collections: Record<string, Record<string, unknown>>;
  /** The repository's files (path → text). */
  data: Record<string, string>;
}

interface Case {
  name: string;
  /** The rule, without its `kind`. */
  rule: Record<string, unknown>;
  /** Files replacing (or added to) the fixture's data; `null` removes one. */
  data?: Record<string, string | null>;
  /** The gate's `params`. */
  params?: Record<string, unknown>;
  /** Files on disk beside the configuration, not in the snapshot checked (nothing a gate reads is read there). */
  disk?: Record<string, string>;
  /**
   * For kinds that compare with the commit's base (history): the base's files, as the fixture's data with these
   * replaced (`null` removes one), named `parent 0123456789ab`; by default the fixture's data. A string: there is
   * no base, for that reason.
   */
  base?: Record<string, string | Buffer | null> | string;
  /** The gate's note (it then warns): what the rule says it could not check. */
  note?: RegExp;
}

export type ValidCase = Case;

export interface InvalidCase extends Case {
  findings: Array<{ check: string; entity?: string; at: string; message?: string | RegExp; severity?: 'error' | 'warn'; related?: string }>;
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

const GATE = 'D9000';
/** How findings name the base of a case. */
export const BASE_LABEL = 'parent 0123456789ab';

/** Runs one rule of a kind over the fixture (with the case's files). */
export async function runRule(kind: string, fixture: RuleFixture, c: Case): Promise<GateResult> {
  const gate = {
    id: GATE,
    name: `${kind}-rule-test`,
    description: `One ${kind} rule.`,
    severity: 'error',
    lanes: ['core'],
    fix_hint: 'Fix it.',
    ...(c.params ? { params: c.params } : {}),
    rules: [{ kind, ...c.rule }],
  };
  // JSON is YAML: the configuration is written as such.
  const config = JSON.stringify({ files: fixture.files, collections: fixture.collections, add_gates: [gate] }, null, 2);
  const data: Record<string, string> = { ...fixture.data };
  for (const [p, text] of Object.entries(c.data ?? {})) {
    if (text === null) delete data[p];
    else data[p] = text;
  }
  const opts = {
    cwd: tempDir({ ...c.disk, 'spine-hooks.config.yaml': config }),
    gates: [GATE],
    snapshot: new MemorySnapshot(data),
    base: () => Promise.resolve(baseOf(fixture, c)),
  };
  return (await runPrepared(prepare(opts), opts)).gates[0];
}

/** The base a case compares with (see Case.base). */
function baseOf(fixture: RuleFixture, c: Case): BaseSource {
  if (typeof c.base === 'string') return { unavailable: c.base };
  const files: Record<string, string | Buffer> = { ...fixture.data };
  for (const [p, text] of Object.entries(c.base ?? {})) {
    if (text === null) delete files[p];
    else files[p] = text;
  }
  return { snapshot: new MemorySnapshot(files), label: BASE_LABEL };
}

/** A `describe` block with one test per row. */
export function testRuleKind(kind: string, fixture: RuleFixture, cases: RuleCases): void {
  describe(`${kind} rule`, () => {
    test.each(cases.valid.map((c) => [c.name, c] as const))('valid: %s', async (_, c) => {
      const g = await runRule(kind, fixture, c);
      const note = c.note ? expect.stringMatching(c.note) : undefined;
      expect({ status: g.status, findings: g.findings, note: g.note }).toEqual({ status: c.note ? 'warn' : 'pass', findings: [], note });
    });
    test.each(cases.invalid.map((c) => [c.name, c] as const))('invalid: %s', async (_, c) => {
      const g = await runRule(kind, fixture, c);
      const got = g.findings.map((f, i) => {
        const want = c.findings[i];
        return {
          check: f.check,
          ...(f.entity !== undefined ? { entity: f.entity } : {}),
          at: `${f.file}:${f.line}`,
          // A pattern stands for the message it matches.
          ...(want?.message !== undefined
            ? { message: want.message instanceof RegExp && want.message.test(f.message) ? want.message : f.message }
            : {}),
          ...(want?.severity !== undefined ? { severity: f.severity } : {}),
          ...(want?.related !== undefined ? { related: f.related ? `${f.related.file}:${f.related.line ?? 0}` : undefined } : {}),
        };
      });
      expect(got).toEqual(c.findings);
      if (c.note) expect(g.note).toMatch(c.note);
    });
  });
}

/**
 * A small estate most kinds' tables share: VMs (a list), hosts (a map), probes (a list), one record a line
 * (`web`, `db`, `old` on lines 2–4 of inv/vms.yaml; `h1`, `h2` on lines 2–3 of inv/hosts.yaml; `p-web`,
 * `p-db` on lines 2–3 of inv/probes.yaml).
 */
export const ESTATE: RuleFixture = {
  files: { vms: 'inv/vms.yaml', hosts: 'inv/hosts.yaml', probes: 'inv/probes.yaml' },
  collections: {
    vms: { file: 'vms', shape: 'list', select: 'vms', key: 'name', label: 'VM {name}' },
    hosts: { file: 'hosts', shape: 'map', select: 'hosts', key_as: 'id', label: 'host {id}' },
    probes: { file: 'probes', shape: 'list', select: 'probes', key: 'id', label: 'probe {id}' },
  },
  data: {
    'inv/vms.yaml': [
      'vms:',
      '  - { name: web, host: h1, ip: 10.0.0.1, status: active, cores: 2 }',
      '  - { name: db, host: h2, ip: 10.0.0.2, status: active, cores: 4 }',
      '  - { name: old, host: h1, ip: 10.0.0.9, status: retired, cores: 1 }',
      '',
    ].join('\n'),
    'inv/hosts.yaml': ['hosts:', '  h1: { ip: 10.0.1.1, site: lab }', '  h2: { ip: 10.0.1.2, site: lab }', ''].join('\n'),
    'inv/probes.yaml': [
      'probes:',
      '  - { id: p-web, target: web, ip: 10.0.0.1, enabled: true }',
      '  - { id: p-db, target: db, ip: 10.0.0.2, enabled: true }',
      '',
    ].join('\n'),
  },
};

/** The estate with one line of a file replaced (the line must be there). */
export function estateWith(file: string, from: string, to: string): Record<string, string> {
  const text = ESTATE.data[file];
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  return { [file]: text.replace(from, to) };
}
