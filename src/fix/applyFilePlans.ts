import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FilePlan } from './FixPlan';
import { FIX_MSG } from '../messages';

/**
 * Writes each verified file to the working tree (never the index): a temporary file beside it, with the
 * file's mode, renamed over it, so a reader sees the old bytes or the new, never half. A file that is a
 * symbolic link, lies outside the repository, or changed since it was read is not written.
 */
export function applyFilePlans(
  root: string,
  files: readonly FilePlan[],
): { written: string[]; refused: Array<{ file: string; why: string }> } {
  const written: string[] = [];
  const refused: Array<{ file: string; why: string }> = [];
  for (const plan of files) {
    const abs = path.resolve(root, plan.file);
    try {
      const outside = notWritable(root, plan.file);
      if (outside) {
        refused.push({ file: plan.file, why: outside });
        continue;
      }
      const dir = fs.realpathSync(path.dirname(abs));
      const st = fs.lstatSync(abs);
      if (!fs.readFileSync(abs).equals(plan.before)) {
        refused.push({ file: plan.file, why: FIX_MSG.cannotEdit(plan.file, 'it changed while fix ran') });
        continue;
      }
      const tmp = path.join(dir, `.${path.basename(abs)}.spine-hooks-fix-${process.pid}.tmp`);
      try {
        fs.writeFileSync(tmp, plan.after, { mode: st.mode & 0o7777, flag: 'wx' });
        fs.chmodSync(tmp, st.mode & 0o7777);
        fs.renameSync(tmp, path.join(dir, path.basename(abs)));
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw err;
      }
      written.push(plan.file);
    } catch (err) {
      refused.push({ file: plan.file, why: FIX_MSG.cannotEdit(plan.file, (err as Error).message) });
    }
  }
  return { written, refused };
}

/**
 * Why `file` may not be written in place: it is a symbolic link, or its folder lies outside the repository
 * (undefined when it may). Callers that write several files check every one first (all or none).
 */
export function notWritable(root: string, file: string): string | undefined {
  const abs = path.resolve(root, file);
  const top = fs.realpathSync(root);
  const dir = fs.realpathSync(path.dirname(abs));
  if (fs.lstatSync(abs).isSymbolicLink() || (dir !== top && !dir.startsWith(top + path.sep))) return FIX_MSG.outside(file);
  return undefined;
}
