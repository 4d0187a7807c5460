import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../packageRoot';

/**
 * The pages shipped in the package's docs/, by the topic `spine-hooks explain <topic>` prints: what
 * the tool's messages point at (`spine-hooks explain overrides`), since `docs/overrides.md` is a file
 * of the package, not of the repository being checked. A topic is a page's name in lower case
 * (`report-format`, `vm-creation-contract`, a rule kind's `unique`); `lifecycle` is the VM creation
 * contract too.
 */
export function docTopics(): Map<string, string> {
  const topics = new Map<string, string>();
  for (const dir of ['docs', path.join('docs', 'rules')]) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(path.join(packageRoot(), dir)).filter((f) => f.endsWith('.md'));
    } catch {
      // A package without that folder: no topics from it.
    }
    for (const f of names.sort()) topics.set(f.slice(0, -3).toLowerCase().replace(/_/g, '-'), path.join(packageRoot(), dir, f));
  }
  const contract = topics.get('vm-creation-contract');
  if (contract) topics.set('lifecycle', contract);
  return topics;
}

/** A file of the package as the user can open it: relative to `cwd` when it is below it (node_modules/spine-hooks/…), else absolute. */
export function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** A gate's page in the package, when it has one. */
export function gatePage(id: string): string | undefined {
  const file = path.join(packageRoot(), 'docs', 'gates', `${id}.md`);
  return fs.existsSync(file) ? file : undefined;
}
