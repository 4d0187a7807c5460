import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/run';
import { fixedClock, type Clock } from '../../src/records/time';
import type { Finding } from '../../src/types';
import { cookbookConfig, copyCookbookFixture } from '../helpers/cookbook';
import { CONFIG } from '../helpers/paths';
import { changed, type Edit } from '../helpers/edits';
import { tempDir } from '../helpers/tempDir';

/**
 * The cookbook recipes whose files the corpus snapshots lack (docs/cookbook/<id>.md), each on a small
 * estate of invented names (__tests__/fixtures/cookbook/<id>/). The configuration is read from the page
 * itself. Each passes on its fixture and fails on single-point mutations at the asserted check id, entity
 * and file:line.
 */
const MARCH_5 = fixedClock(Date.parse('2026-03-05T12:00:00Z'));

interface Estate {
  dir: string;
  /** The line of the first `needle` in `rel` (after `from`, itself a needle). */
  line: (rel: string, needle: string, from?: string) => number;
  check: (clock?: Clock) => Promise<{ status: string; note?: string; findings: Array<{ check: string; entity?: string; at: string }> }>;
  findings: (clock?: Clock) => Promise<Finding[]>;
}

/** A fresh copy of the recipe's fixture with its page's configuration, and `edits` applied (null: the file removed). */
function estate(id: string, edits: Record<string, Edit | null> = {}): Estate {
  const dir = tempDir();
  copyCookbookFixture(id, dir);
  fs.writeFileSync(path.join(dir, CONFIG), cookbookConfig([id]));
  for (const [rel, edit] of Object.entries(edits)) {
    const abs = path.join(dir, rel);
    if (edit === null) fs.rmSync(abs, { recursive: true });
    else fs.writeFileSync(abs, changed(fs.readFileSync(abs, 'utf8'), edit, rel));
  }
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const gate = async (clock: Clock) => (await run({ cwd: dir, gates: [id], clock })).gates[0];
  return {
    dir,
    line(rel, needle, from) {
      const text = read(rel);
      const start = from === undefined ? 0 : text.indexOf(from);
      const at = text.indexOf(needle, Math.max(0, start));
      if (start < 0 || at < 0) throw new Error(`${needle} not in ${rel}`);
      return text.slice(0, at).split('\n').length;
    },
    async check(clock = MARCH_5) {
      const g = await gate(clock);
      const findings = g.findings.map((f) => ({ check: f.check, entity: f.entity, at: `${f.file}:${f.line}` }));
      return { status: g.status, ...(g.note ? { note: g.note } : {}), findings };
    },
    async findings(clock = MARCH_5) {
      return (await gate(clock)).findings;
    },
  };
}

const PASS = { status: 'pass', findings: [] };

describe('D67 capability-map-lock', () => {
  const CAPS = 'ops/capabilities.yaml';
  const MAP = 'ops/bindings/capability_map.yaml';

  test('passes when the map names exactly the capabilities', async () => {
    expect(await estate('D67').check()).toEqual(PASS);
  });

  test('a capability missing from the map, and a phantom entry in it', async () => {
    const e = estate('D67', {
      [CAPS]: (t) => t.replace('  notes.sync:', '  notes.export:'),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'missing/from-map', entity: 'notes.export', at: `${CAPS}:${e.line(CAPS, 'notes.export:')}` },
      { check: 'phantom/in-capabilities', entity: 'notes.sync', at: `${MAP}:${e.line(MAP, 'notes.sync:')}` },
    ]);
  });

  test('an empty map, and a missing map', async () => {
    const empty = estate('D67', { [MAP]: () => 'capabilities: {}\n' });
    expect((await empty.check()).findings.map((f) => f.check)).toEqual([
      'missing/from-map',
      'missing/from-map',
      'missing/from-map',
      'map/count',
    ]);
    const gone = estate('D67', { [MAP]: null });
    expect((await gone.check()).findings).toEqual([{ check: 'file/missing', entity: undefined, at: `${MAP}:0` }]);
  });
});

describe('D93 tenant-storage-boundary-lock', () => {
  const K = 'ops/bindings/tenant.storage.contract.yaml';
  const DOC = 'docs/product/AOF_TENANT_STORAGE_MODEL.md';

  test('passes on a complete contract', async () => {
    expect(await estate('D93').check()).toEqual(PASS);
  });

  test('no isolation mode, a boundary without its sensitivity, one not declared, and no product document', async () => {
    const e = estate('D93', {
      [K]: (t) =>
        t
          .replace('isolation_mode: logical\n', '')
          .replace(/( {2}mailroom_outbox:\n(?: {4}.*\n)*?) {4}sensitivity: medium\n/, '$1')
          .replace('  loop_scopes:', '  work_scopes:'),
      [DOC]: null,
    });
    expect((await e.check()).findings).toEqual([
      { check: 'contract/field/isolation_mode', entity: 'tenant-storage-contract', at: `${K}:2` },
      { check: 'contract/expect/product-doc', entity: 'tenant-storage-contract', at: `${K}:2` },
      { check: 'boundary/key/loop_scopes', entity: undefined, at: `${K}:${e.line(K, 'boundaries:')}` },
      { check: 'boundary/field/sensitivity', entity: 'mailroom_outbox', at: `${K}:${e.line(K, 'mailroom_outbox:')}` },
    ]);
  });

  test('a missing contract fails the gate', async () => {
    expect((await estate('D93', { [K]: null }).check()).findings).toEqual([{ check: 'file/missing', entity: undefined, at: `${K}:0` }]);
  });
});

describe('D96 evidence-retention-policy-lock', () => {
  const K = 'ops/bindings/evidence.retention.policy.yaml';

  test('passes on a complete policy', async () => {
    expect(await estate('D96').check()).toEqual(PASS);
  });

  test('a purgeable class that does not say what a purge requires, a class not declared, no export section', async () => {
    const e = estate('D96', {
      [K]: (t) =>
        t
          .replace(/(session_receipts:\n(?: {4}.*\n)*? {4}purge_requires: )manual_approval/, '$1null')
          .replace('  gap_registry:', '  gap_ledger:')
          .replace(/export:\n {2}default_format: tar.gz\n/, ''),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'policy/field/export', entity: 'evidence-retention-policy', at: `${K}:2` },
      { check: 'class/key/gap_registry', entity: undefined, at: `${K}:${e.line(K, 'retention_classes:')}` },
      { check: 'purge/field/purge_requires', entity: 'session_receipts', at: `${K}:${e.line(K, 'purge_requires: null')}` },
    ]);
  });

  test('no receipts folder: a folder holding files is what the snapshot has', async () => {
    const e = estate('D96', { receipts: null });
    expect((await e.check()).findings).toEqual([
      { check: 'policy/expect/receipts-folder', entity: 'evidence-retention-policy', at: `${K}:2` },
    ]);
  });
});

describe('D94 policy-runtime-enforcement-lock', () => {
  const K = 'ops/bindings/policy.runtime.contract.yaml';
  const AUDIT = 'ops/plugins/policy/bin/policy-runtime-audit';

  test('passes on a complete contract (wired_in paths with notes, a list of them, and null)', async () => {
    expect(await estate('D94').check()).toEqual(PASS);
  });

  test('a knob without its wired status, a wired_in path in a list that does not exist, a knob not declared', async () => {
    const e = estate('D94', {
      [K]: (t) =>
        t
          .replace(/( {2}warn_policy:\n {4}enforcement_point: gate-runner\n) {4}wired: true\n/, '$1')
          .replace('tools/write-lock.sh (session check)', 'tools/write-lok.sh (session check)')
          .replace('  gap_auto_claim:', '  gap_auto_claims:'),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'knob/key/gap_auto_claim', entity: undefined, at: `${K}:${e.line(K, 'knobs:')}` },
      { check: 'knob/field/wired', entity: 'warn_policy', at: `${K}:${e.line(K, 'warn_policy:')}` },
      { check: 'wired-in/expect/1', entity: 'multi_agent_writes', at: `${K}:${e.line(K, 'wired_in:', 'multi_agent_writes:')}` },
    ]);
  });

  test('an audit script that is not executable', async () => {
    const e = estate('D94');
    fs.chmodSync(path.join(e.dir, AUDIT), 0o644);
    const found = await e.findings();
    expect(found.map((f) => [f.check, `${f.file}:${f.line}`])).toEqual([['contract/expect/audit-script', `${K}:2`]]);
    expect(found[0].message).toContain('expected an executable file in the repository, found a file');
  });
});

describe('D89 rag-reindex-quality-contract-lock', () => {
  const Q = 'ops/bindings/rag.reindex.quality.yaml';
  const CAPS = 'ops/capabilities.yaml';
  const PROBE = 'ops/plugins/rag/bin/rag-remote-dependency-probe';

  test('passes on a complete contract (max_failed_uploads: 0 is set)', async () => {
    expect(await estate('D89').check()).toEqual(PASS);
  });

  test('a threshold missing, one of the wrong type, a capability not registered', async () => {
    const e = estate('D89', {
      [Q]: (t) => t.replace('max_failed_uploads: 0', 'max_failed_uploads: none').replace('  qdrant_healthz_ms: 80\n', ''),
      [CAPS]: (t) => t.replace('  rag.remote.dependency.probe:', '  rag.remote.dependency.probes:'),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'quality/field/dependency_slos.qdrant_healthz_ms', entity: 'rag-reindex-quality', at: `${Q}:2` },
      {
        check: 'quality/pattern/completion.max_failed_uploads',
        entity: 'rag-reindex-quality',
        at: `${Q}:${e.line(Q, 'max_failed_uploads:')}`,
      },
      { check: 'capability/key/rag.remote.dependency.probe', entity: undefined, at: `${CAPS}:1` },
    ]);
  });

  test('a script that is not executable, a runner binding that is missing', async () => {
    const e = estate('D89', { 'ops/bindings/rag.remote.runner.yaml': null });
    fs.chmodSync(path.join(e.dir, PROBE), 0o644);
    expect((await e.check()).findings).toEqual([
      { check: 'quality/expect/probe-script', entity: 'rag-reindex-quality', at: `${Q}:2` },
      { check: 'file/missing', entity: undefined, at: 'ops/bindings/rag.remote.runner.yaml:0' },
    ]);
  });
});

describe('D43 secrets-namespace-lock', () => {
  const POL = 'ops/bindings/secrets.namespace.policy.yaml';
  const CAPS = 'ops/capabilities.yaml';

  test('passes on a complete policy in hard_zero mode', async () => {
    expect(await estate('D43').check()).toEqual(PASS);
  });

  test('hard_zero with an allowed root key: each key at its line; legacy_freeze allows them', async () => {
    const keys = (mode: string) => (t: string) =>
      t.replace('allowed_root_keys: []', 'allowed_root_keys:\n    - OLD_TOKEN\n').replace('mode: hard_zero', `mode: ${mode}`);
    const hard = estate('D43', { [POL]: keys('hard_zero') });
    expect((await hard.check()).findings).toEqual([
      { check: 'hard-zero/count', entity: 'OLD_TOKEN', at: `${POL}:${hard.line(POL, '- OLD_TOKEN')}` },
    ]);
    expect(await estate('D43', { [POL]: keys('legacy_freeze') }).check()).toEqual(PASS);
  });

  test('an unknown freeze mode, no forbidden root key, and no allowed_root_keys at all', async () => {
    const e = estate('D43', {
      [POL]: (t) =>
        t
          .replace('mode: hard_zero', 'mode: frozen')
          .replace('  allowed_root_keys: []\n', '')
          .replace(/ {2}forbidden_root_keys:\n {4}- LEGACY_ROOT_TOKEN\n/, ''),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'policy/field/rules.forbidden_root_keys', entity: 'secrets-namespace-policy', at: `${POL}:2` },
      { check: 'policy/enum/freeze.mode', entity: 'secrets-namespace-policy', at: `${POL}:${e.line(POL, 'mode: frozen')}` },
    ]);
  });

  test('a capability not registered, a command no capability runs, a plugin not executable', async () => {
    const e = estate('D43', {
      [CAPS]: (t) =>
        t
          .replace(/secrets-p1-root-cleanup/g, 'secrets-p1-cleanup')
          .replace('  secrets.p3.root_cleanup.execute:', '  secrets.p3.root_cleanup.exec:'),
    });
    fs.chmodSync(path.join(e.dir, 'ops/plugins/secrets/bin/secrets-enforcement-status'), 0o644);
    expect((await e.check()).findings).toEqual([
      { check: 'policy/expect/enforcement-plugin', entity: 'secrets-namespace-policy', at: `${POL}:2` },
      { check: 'capability/key/secrets.p3.root_cleanup.execute', entity: undefined, at: `${CAPS}:${e.line(CAPS, 'capabilities:')}` },
      { check: 'command/covers/value/secrets-p1-root-cleanup', entity: undefined, at: `${CAPS}:0` },
    ]);
  });
});

describe('D36 legacy-exception-hygiene-lock', () => {
  const X = 'ops/bindings/legacy.entrypoint.exceptions.yaml';
  const at = (iso: string) => fixedClock(Date.parse(iso));

  test('passes while the open exception is more than 48 hours from expiry; NOOP exceptions are not judged', async () => {
    expect(await estate('D36').check()).toEqual(PASS);
  });

  test('within 48 hours of expiry it warns; past it, it fails (as the script: 36 hours left is a warning)', async () => {
    const e = estate('D36');
    const line = e.line(X, 'expires_at:', 'backup-shim');
    expect(await e.check(at('2026-04-28T23:59:59Z'))).toEqual(PASS);
    expect(await e.check(at('2026-04-29T12:00:00Z'))).toEqual({
      status: 'warn',
      findings: [{ check: 'expiring/satisfies/expires_at', entity: 'backup-shim', at: `${X}:${line}` }],
    });
    expect(await e.check(at('2026-05-01T00:00:00Z'))).toEqual({
      status: 'fail',
      findings: [{ check: 'expired/satisfies/expires_at', entity: 'backup-shim', at: `${X}:${line}` }],
    });
  });

  test('an expired exception that allows a path again is judged', async () => {
    const e = estate('D36', {
      [X]: (t) =>
        t.replace(
          '    expires_at: "2026-01-15T00:00:00Z"\n    allowed_paths: []',
          '    expires_at: "2026-01-15T00:00:00Z"\n    allowed_paths: [tools/report.sh]',
        ),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'expired/satisfies/expires_at', entity: 'report-cron', at: `${X}:${e.line(X, 'expires_at:', 'report-cron')}` },
    ]);
  });

  test('a missing binding fails the gate', async () => {
    expect((await estate('D36', { [X]: null }).check()).findings).toEqual([{ check: 'file/missing', entity: undefined, at: `${X}:0` }]);
  });
});

describe('D95 version-compat-matrix-lock', () => {
  const M = 'ops/bindings/version.compat.matrix.yaml';

  test('passes on a complete matrix (a component beyond the nine is checked too)', async () => {
    expect(await estate('D95').check()).toEqual(PASS);
  });

  test('a dependency on an undeclared component, a source that does not exist, a component without its version', async () => {
    const e = estate('D95', {
      [M]: (t) =>
        t
          .replace('      - component: resolve-policy', '      - component: resolve-polcy')
          .replace('source: "tools/report-viewer.sh"', 'source: "tools/report-view.sh"')
          .replace(/( {2}capability-map:\n {4}type: binding\n) {4}version: "1"\n/, '$1'),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'component/field/version', entity: 'capability-map', at: `${M}:${e.line(M, 'capability-map:', 'components:')}` },
      { check: 'source/expect/1', entity: 'report-viewer', at: `${M}:${e.line(M, 'source:', 'report-viewer:')}` },
      {
        check: 'dependency/depends_on.component',
        entity: 'cap-runner:resolve-polcy',
        at: `${M}:${e.line(M, 'depends_on:', 'cap-runner:')}`,
      },
    ]);
  });

  test('a required component not declared, and no enforcement section', async () => {
    const e = estate('D95', {
      [M]: (t) => t.replace('  plugin-manifest:', '  plugin-index:').replace('enforcement:\n  gate: D95\n', ''),
    });
    expect((await e.check()).findings).toEqual([
      { check: 'matrix/field/enforcement', entity: 'version-compat-matrix', at: `${M}:2` },
      { check: 'component/key/plugin-manifest', entity: undefined, at: `${M}:${e.line(M, 'components:')}` },
    ]);
  });
});
