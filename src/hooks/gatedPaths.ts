import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Prepared } from '../run';
import { gateInputs, globBase } from '../engine/gateInputs';
import { packageRoot } from '../packageRoot';
import { cacheKey } from '../cache/cacheKey';
import { isLink, realFolder } from '../cache/links';
import { makeDirs } from '../cache/makeDirs';

/**
 * The list the pre-commit hook script reads to decide, without starting node, that a staged change
 * touches nothing any gate reads (hooks/gate-free.sh). It is written by node whenever the hook runs
 * node, under the git directory (`spine-hooks/gated-paths`), never in the working tree.
 *
 *   spine-hooks gated paths v2
 *   mac <the list's MAC under the user's key: see writeGatedList>
 *   package <SHA-256 of spine-hooks' package.json> <its path>
 *   registry <SHA-256 of the shipped gate registry> <its path>
 *   config <the configuration's blob id in the index, or none> <its path from the top level>
 *   root <the SSOT root from the top level, with a trailing slash; empty at the top level>
 *   <shell case pattern, one per line, paths from the repository's top level>
 *
 * The header makes it stale by itself: another spine-hooks version or registry, or another
 * configuration in the index, and the script runs node (which writes a fresh list). The patterns
 * are conservative: every file a gate reads, its glob (or, for globs the shell cannot match, the
 * folder it starts in), the configuration, the baseline, the override log and the verified bases,
 * and `*` when a gate lists paths (`path_exists`) or the list cannot be exact.
 */
const GATED_HEADER = 'spine-hooks gated paths v2';

export function gatedPatterns(p: Prepared, configPath: string, prefix: string): string[] {
  const { registry, policy } = p.loaded;
  const out = new Set<string>();
  const literal = (rel: string) => out.add(escapeGlob(`${prefix}${rel}`));
  for (const f of [configPath, policy.baselineFile, policy.overrideLog, policy.verifiedBases]) literal(f);
  for (const g of p.loaded.gates) {
    const inputs = gateInputs(g.def, registry, g.module);
    // A gate asking what exists at a path named in data is run by any change of the checked folder, and
    // only of it: data names paths inside the repository root, never outside it.
    if (inputs.listsPaths) return [`${escapeGlob(prefix)}*`];
    inputs.files.forEach(literal);
    if (inputs.scope) literal(inputs.scope);
    for (const glob of inputs.globs) {
      // The shell's `case` knows *, ? and [...] (and * crosses /, which only widens the match);
      // braces, extglobs and negation it does not: those match the whole folder the glob starts in.
      // `**/` may stand for no folder at all (bindings/**/x.yaml matches bindings/x.yaml): `*` there.
      const shell = glob.replace(/\*\*+\/?/g, '*');
      // The shell matches `*` by backtracking: a pattern of many stars against a long path name
      // takes seconds, so such a glob (like braces) stands for its whole folder too.
      if (/[{}!()+@]/.test(glob) || shell.split('*').length > 3)
        out.add(`${escapeGlob(`${prefix}${globBase(glob)}`)}${globBase(glob) ? '/' : ''}*`);
      else out.add(`${escapeGlob(prefix)}${shell}`);
    }
  }
  return [...out].sort();
}

/** The list file's text (see above). */
export function gatedList(patterns: readonly string[], configPath: string, configBlob: string | undefined, prefix: string): string {
  // Physical paths: the hook script compares the package path with its own (`pwd -P`).
  const root = realRoot();
  const pkg = path.join(root, 'package.json');
  const reg = path.join(root, 'bindings', 'gate.registry.yaml');
  return [
    GATED_HEADER,
    `package ${sha256Of(pkg)} ${pkg}`,
    `registry ${sha256Of(reg)} ${reg}`,
    `config ${configBlob ?? 'none'} ${configPath}`,
    `root ${prefix}`,
    ...patterns,
    '',
  ].join('\n');
}

function realRoot(): string {
  try {
    return fs.realpathSync(packageRoot());
  } catch {
    return packageRoot();
  }
}

/**
 * Writes the list when it differs (write, then rename: a concurrent reader sees the old or the new),
 * with its MAC as the second line, so that the hook script takes no list it cannot authenticate:
 *
 *   mac <sha256 of (the key file's 65 bytes, the list without this line, the key file's 65 bytes)>
 *
 * (the key before and after: an extension of the list would have to end with the key; gate-free.sh
 * computes it with one sha256sum or shasum). No key, or a `spine-hooks` folder that is a link: no
 * list, and the hook script runs node every time.
 */
export function writeGatedList(file: string, text: string): void {
  const key = cacheKey();
  if (!key) return;
  const lines = text.split('\n');
  const sealed = [lines[0], `mac ${listMac(text, key)}`, ...lines.slice(1)].join('\n');
  try {
    const dir = path.dirname(file);
    if (isLink(dir) || (fs.existsSync(dir) && !realFolder(dir))) return;
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === sealed) return;
    makeDirs(dir);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, sealed);
    fs.renameSync(tmp, file);
  } catch {
    // Without the list the hook script simply runs node every time.
  }
}

/** The list's MAC under the key (see writeGatedList); `text` is the list without its mac line. */
export function listMac(text: string, key: Buffer): string {
  return crypto
    .createHash('sha256')
    .update(Buffer.concat([key, Buffer.from(text), key]))
    .digest('hex');
}

/** Backslash before every character the shell's `case` would read as pattern syntax. */
export function escapeGlob(s: string): string {
  return s.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}

/** A file's SHA-256 (hex), as sha256sum prints it; `unreadable` when it cannot be read (the script's digest never equals that). */
export function sha256Of(file: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}
