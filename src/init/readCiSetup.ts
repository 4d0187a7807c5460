import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../registry/ConfigError';
import type { Git } from '../git/Git';
import type { CiSetup } from './ciTemplates';
import { DEFAULT_NODE, nodeMajor } from './nodeMajor';
import { CI_MSG, INIT_MSG } from '../messages';

/** What the generated job needs to know about the project: its folder, Node version, install command. */
export function readCiSetup(git: Git, projectDir: string, notes: string[]): CiSetup {
  const pkgFile = path.join(projectDir, 'package.json');
  let pkg: { engines?: { node?: unknown }; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> } = {};
  if (fs.existsSync(pkgFile)) {
    try {
      pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as typeof pkg;
    } catch (err) {
      throw new ConfigError(INIT_MSG.packageJsonInvalid((err as Error).message), pkgFile);
    }
    if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) throw new ConfigError(INIT_MSG.packageJsonNotObject(), pkgFile);
  }
  if (!pkg.dependencies?.['spine-hooks'] && !pkg.devDependencies?.['spine-hooks']) notes.push(CI_MSG.notADependency);
  const range = typeof pkg.engines?.node === 'string' ? pkg.engines.node : undefined;
  let node = nodeMajor(range);
  if (node === undefined) {
    node = DEFAULT_NODE;
    notes.push(CI_MSG.enginesUnread(range!, String(node)));
  }
  // npm ci needs a lock file (npm-shrinkwrap.json is one too) and fails without it.
  const locked = ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => fs.existsSync(path.join(projectDir, f)));
  return { sub: git.prefix.replace(/\/$/, ''), node, install: locked ? 'npm ci' : 'npm install' };
}
