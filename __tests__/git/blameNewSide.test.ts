import { hookedRepo, runBuilt } from '../helpers/gitRepo';
import { exampleFiles, lineOf } from '../helpers/example';
import { S } from '../helpers/paths';
import { stageEdit } from '../helpers/edits';

/**
 * A duplicate value between a record that was there and one a change adds is the change's doing:
 * pre-commit, pre-push and ci name the added record, wherever it sits in the file (here above the
 * record it copies), so an override scoped to it (`D54:<id>`) covers it in the hooks and in ci alike.
 * Without a change to compare with (`--all`), the later record in the file is named.
 */
jest.setTimeout(120_000);

const base = exampleFiles();
/** A LAN-only printer (no VM, so D69 does not mind) added above monitoring, with monitoring's address. */
const addCopy = (t: string) =>
  t.replace(
    '    - id: "monitoring"\n',
    '    - id: "label-printer"\n      host: "100.93.40.118"\n      access_method: lan_only\n\n    - id: "monitoring"\n',
  );
const added = lineOf(addCopy(base[S]), 'host: "100.93.40.118"');
const kept = lineOf(addCopy(base[S]), 'host: "100.93.40.118"', 'id: "monitoring"');

type Gates = Array<{ id: string; findings: Array<{ check: string; entity?: string; line: number; related?: { line?: number } }> }>;
/** The unique-address findings of a report: a run's (`gates`), or a range's (`checked[].gates`). */
const uniqueFindings = (out: string) =>
  ((j: { gates?: Gates; checked?: Array<{ gates: Gates }> }) => j.gates ?? (j.checked ?? []).flatMap((c) => c.gates))(JSON.parse(out))
    .flatMap((g) => g.findings.map((f) => ({ gate: g.id, ...f })))
    .filter((f) => f.check === 'unique-ip/host')
    .map((f) => ({ gate: f.gate, entity: f.entity, line: f.line, related: f.related?.line }));

describe('a duplicate is reported on the side the change introduced', () => {
  test('pre-commit names the added record above the one it copies; --all names the later one', () => {
    const repo = hookedRepo(base);
    stageEdit(repo, S, addCopy);
    const staged = runBuilt(['--staged', '--format', 'json'], repo.dir);
    expect(uniqueFindings(staged.stdout)).toEqual([{ gate: 'D54', entity: 'label-printer', line: added, related: kept }]);
    const commit = repo.tryGit(['commit', '-q', '-m', 'add the label printer']);
    expect(commit.status).not.toBe(0);
    expect(commit.stdout + commit.stderr).toContain(`${S}:${added}:`);
    const all = runBuilt(['--all', '--format', 'json'], repo.dir);
    expect(uniqueFindings(all.stdout)).toEqual([{ gate: 'D54', entity: 'monitoring', line: kept, related: added }]);
  });

  test('an override of the added record covers it in the hooks, and ci agrees; unoverridden, ci names the same record', () => {
    const repo = hookedRepo(base);
    const start = repo.git(['rev-parse', 'HEAD']).trim();
    stageEdit(repo, S, addCopy);
    const env = { SPINE_OVERRIDE: 'D54:label-printer', SPINE_OVERRIDE_REASON: 'the printer borrows the address until Friday' };
    const commit = repo.tryGit(['commit', '-q', '-m', 'add the label printer'], { env });
    expect({ status: commit.status, out: commit.status === 0 ? '' : commit.stdout + commit.stderr }).toEqual({ status: 0, out: '' });
    const ci = runBuilt(['ci', '--from', start, '--to', 'HEAD'], repo.dir);
    expect({ status: ci.status, out: ci.status === 0 ? '' : ci.stdout + ci.stderr }).toEqual({ status: 0, out: '' });

    const bypass = hookedRepo(base);
    const from = bypass.git(['rev-parse', 'HEAD']).trim();
    stageEdit(bypass, S, addCopy);
    bypass.git(['commit', '-q', '--no-verify', '-m', 'add the label printer']);
    const judged = runBuilt(['ci', '--from', from, '--to', 'HEAD', '--format', 'json'], bypass.dir);
    expect(judged.status).toBe(1);
    expect(uniqueFindings(judged.stdout)).toEqual([{ gate: 'D54', entity: 'label-printer', line: added, related: kept }]);
  });
});
