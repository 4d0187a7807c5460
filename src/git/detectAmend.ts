import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * Whether this hook runs under `git commit --amend`. Git does not tell pre-commit, but an amended
 * commit replaces HEAD, so its changes must be measured against HEAD's parent: otherwise amending a
 * commit that already drifted (say, one made with --no-verify) would look like "nothing changed".
 * The answer comes from the command line of the nearest `git` ancestor process (/proc on Linux,
 * `ps` elsewhere); when it cannot be read, the answer is no, and pre-push still checks the commit.
 */
export function detectAmend(pid = process.ppid, depth = 8): boolean {
  for (let i = 0; i < depth && pid > 1; i++) {
    const proc = readProcess(pid);
    if (!proc) return false;
    const args = proc.args;
    const git = args.findIndex((a) => /(^|\/)git$/.test(a));
    if (git >= 0) {
      const rest = args.slice(git + 1);
      return rest.includes('commit') && rest.some((a) => a === '--amend');
    }
    pid = proc.ppid;
  }
  return false;
}

function readProcess(pid: number): { args: string[]; ppid: number } | undefined {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4 of /proc/<pid>/stat, after the parenthesised command name (which may hold spaces).
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { args, ppid };
  } catch {
    try {
      const out = execFileSync('ps', ['-o', 'ppid=', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      const m = /^(\d+)\s+(.*)$/.exec(out);
      return m ? { ppid: Number(m[1]), args: m[2].split(/\s+/) } : undefined;
    } catch {
      return undefined;
    }
  }
}
