import type { GateDef } from './registryTypes';
import { CONFIG_MSG } from '../messages';
import { ruleReads, type PathKind } from '../rules/kinds';
import { isGlobFile } from './collectionFile';

export type { PathKind } from '../rules/kinds';

/**
 * The one check every path in the registry and the configuration goes through: a path names a file
 * of the repository being checked (relative, no `..`, no `.git`, no drive, no NUL), or, for a schema, a file
 * of the package's own schemas/ folder (a bare file name). Nothing the configuration says can make
 * spine-hooks read or load a file outside the repository.
 */
export function pathProblem(value: string, as: PathKind): string | undefined {
  if (as === 'schema' && /^[\w.-]+\.json$/.test(value)) return undefined; // the package's schemas/
  if (value === '' || value.includes('\0')) return CONFIG_MSG.pathEmpty();
  if (/^[/\\]/.test(value) || /^[A-Za-z]:/.test(value)) return CONFIG_MSG.pathAbsolute(value);
  const parts = value.split(/[/\\]/);
  if (parts.includes('..')) return CONFIG_MSG.pathLeaves(value);
  // git's own folder is no file of the repository (hooks, config and caches live there); git refuses
  // `.git` in any letter case as a tracked name, and so do we.
  if (parts.some((p) => p.toLowerCase() === '.git')) return CONFIG_MSG.pathGitDir(value);
  return undefined;
}

/** The paths a gate definition names (after its parameters are filled in), with JSON pointers below the gate. */
export function gatePaths(gate: GateDef): Array<{ pointer: string; value: string; kind: PathKind }> {
  const out: Array<{ pointer: string; value: string; kind: PathKind }> = [];
  const add = (pointer: string, value: unknown, kind: PathKind) => {
    if (typeof value === 'string') out.push({ pointer, value, kind });
  };
  add('/module', gate.module, 'repo');
  add('/applies_when', gate.applies_when, 'repo');
  (gate.rules ?? []).forEach((rule, i) => {
    for (const p of ruleReads(rule)) add(`/rules/${i}${p.pointer}`, p.value, p.as);
  });
  return out;
}

/** The paths of a configuration file's own sections (files, collections, policy). */
export function sectionPaths(data: Record<string, unknown>): Array<{ pointer: string; value: string; kind: PathKind }> {
  const out: Array<{ pointer: string; value: string; kind: PathKind }> = [];
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  for (const [k, v] of Object.entries((data.files ?? {}) as Record<string, unknown>))
    if (typeof v === 'string') out.push({ pointer: `/files/${esc(k)}`, value: v, kind: 'repo' });
  for (const [k, v] of Object.entries((data.collections ?? {}) as Record<string, { file?: unknown }>)) {
    // A list of files (`file: [a, b]`): each entry at its own pointer.
    if (Array.isArray(v?.file))
      v.file.forEach((f, i) => {
        if (typeof f === 'string')
          out.push({ pointer: `/collections/${esc(k)}/file/${i}`, value: f, kind: isGlobFile(f) ? 'glob' : 'repo' });
      });
    else if (typeof v?.file === 'string')
      out.push({ pointer: `/collections/${esc(k)}/file`, value: v.file, kind: isGlobFile(v.file) ? 'glob' : 'repo' });
  }
  for (const key of ['baseline', 'override_log', 'verified_bases']) {
    const v = (data.policy as Record<string, unknown> | undefined)?.[key];
    if (typeof v === 'string') out.push({ pointer: `/policy/${key}`, value: v, kind: 'repo' });
  }
  return out;
}
