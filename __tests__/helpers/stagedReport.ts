import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBuilt, type Repo } from './gitRepo';

/**
 * Writes and stages `files`, then runs the built CLI's `--staged --format json`: its gates without timings
 * or cache marks (what two runs must agree on), and the ids of the gates it took from the cache.
 */
export function stagedReport(repo: Repo, files: Record<string, string>) {
  repo.write(files);
  repo.git(['add', '-A']);
  const r = runBuilt(['--staged', '--format', 'json'], repo.dir);
  const json = JSON.parse(r.stdout) as { gates: Array<Record<string, unknown>> };
  const cached = json.gates.filter((g) => g.cached === true).map((g) => String(g.id));
  for (const g of json.gates) {
    delete g.durationMs;
    delete g.cached;
  }
  return { status: r.status, gates: json.gates, cached };
}

/** The same after every cache under .git/spine-hooks is gone: what a fresh clone's run says. */
export function freshStagedReport(repo: Repo, files: Record<string, string>) {
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks'), { recursive: true, force: true });
  return stagedReport(repo, files);
}
