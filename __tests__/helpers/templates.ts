import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './tempDir';

/**
 * Repositories made once and copied: `git init`, the identity, the first commit, `spine-hooks init`
 * (a node process that also runs every gate), a bare remote and a push cost far more than copying
 * the folder they leave. A template is built the first time its key is asked for, in this run's
 * template folder (made by globalSetup.js, shared by the jest workers, removed by globalTeardown.js),
 * and each use gets a fresh copy in its own temporary folder, with the absolute paths git keeps
 * (a remote's URL, a linked worktree's or a submodule's git directory) moved to the copy.
 */
export const TEMPLATES_ENV = 'SPINE_HOOKS_TEST_TEMPLATES';

let local: string | undefined;

/** This run's template folder; a test file run some other way (no globalSetup) keeps its own. */
function templatesRoot(): string {
  const shared = process.env[TEMPLATES_ENV];
  if (shared && fs.existsSync(shared)) return shared;
  return (local ??= tempDir());
}

/** A fresh copy of the folder `build` makes (once per key and run) under the folder it is given. */
export function fromTemplate(key: string, build: (dir: string) => void): string {
  const tpl = path.join(templatesRoot(), crypto.createHash('sha256').update(key).digest('hex').slice(0, 32));
  if (!fs.existsSync(tpl)) {
    // Built beside its final place and renamed into it whole: two workers may build the same key at once.
    const work = `${tpl}.${process.pid}`;
    fs.mkdirSync(path.join(work, 'tree'), { recursive: true });
    build(path.join(work, 'tree'));
    fs.writeFileSync(path.join(work, 'origin'), path.join(work, 'tree'));
    try {
      fs.renameSync(work, tpl);
    } catch {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const origin = fs.readFileSync(path.join(tpl, 'origin'), 'utf8');
  const dest = tempDir();
  fs.cpSync(path.join(tpl, 'tree'), dest, { recursive: true, verbatimSymlinks: true });
  movePaths(dest, origin, dest);
  return dest;
}

/** The files in which git keeps absolute paths: configs (remote URLs, worktree), `gitdir` and `.git` links. */
const PATH_FILES = new Set(['config', 'gitdir', '.git']);

function movePaths(dir: string, from: string, to: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'objects') movePaths(p, from, to);
    } else if (e.isFile() && PATH_FILES.has(e.name)) {
      const text = fs.readFileSync(p, 'utf8');
      if (text.includes(from)) fs.writeFileSync(p, text.split(from).join(to));
    }
  }
}
