import * as fs from 'node:fs';
import * as path from 'node:path';
import { hookedRepo, runBuilt, type Repo } from '../helpers/gitRepo';
import { exampleFiles } from '../helpers/example';
import { L, P, S } from '../helpers/paths';

/**
 * Review of today's caches: a range of commits, each checked by the hook first (which keeps verdicts,
 * comment-edit findings, passing records), then `ci` over the range with what the hooks kept and with
 * nothing kept: the same report, commit by commit.
 */
const base = exampleFiles();

/** The report without timings or cache marks, anywhere in it. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!/^(durationMs|cached|elapsedMs|ms)$/.test(k) && !/cache/i.test(k)) out[k] = plain(x);
    return out;
  }
  return typeof v === 'string' ? v.replace(/\d+(\.\d+)? ?ms\b/g, '') : v;
}

function ci(repo: Repo, from: string) {
  const r = runBuilt(['ci', '--from', from, '--format', 'json'], repo.dir);
  return { status: r.status, report: plain(JSON.parse(r.stdout)) };
}

test('ci over a range of comment and data edits: what the hooks kept changes no verdict or position', () => {
  const repo = hookedRepo(base);
  const start = repo.git(['rev-parse', 'HEAD']).trim();
  const lines = base[L].split('\n');
  const steps: Array<Record<string, string>> = [];
  let l = base[L];
  let s = base[S];
  let p = base[P];
  const push = () => steps.push({ [L]: l, [S]: s, [P]: p });
  l = `${l}# end note\n`;
  push();
  l = l.replace('    status: active', '    status: actv');
  push();
  l = l.replace('# Status: authoritative', '# Status: still authoritative');
  push();
  l = `${l}# more\n`;
  push();
  s = s.replace('    - id: "pve"\n', '    - id: "pve-x"\n');
  push();
  l = l.replace('# more\n', '');
  push();
  l = l.replace('    status: actv', '    status: active');
  push();
  p = p.replace('    hostname: monitoring', '    hostname: monitor');
  push();
  l = `${l}# after profiles\n`;
  push();
  p = base[P];
  s = base[S];
  push();
  l = lines.join('\n').replace('# Status: authoritative', '# Status: back');
  push();
  for (const [i, files] of steps.entries()) {
    repo.write(files);
    repo.git(['add', '-A']);
    runBuilt(['--staged', '--format', 'json'], repo.dir);
    repo.git(['commit', '-q', '--no-verify', '-m', `step ${i}`]);
  }
  const warm = ci(repo, start);
  fs.rmSync(path.join(repo.dir, '.git', 'spine-hooks'), { recursive: true, force: true });
  const cold = ci(repo, start);
  expect(cold.status).toBe(1);
  expect(warm).toEqual(cold);
});
