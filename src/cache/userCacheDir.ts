import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The user's cache folder for spine-hooks (absolute): `$XDG_CACHE_HOME/spine-hooks`, else
 * `~/.cache/spine-hooks`; none when there is no home to put it in. It holds the key that authenticates
 * the caches under `.git` (cacheKey.ts) and the compiled code of the CLI (bin/compileCache.ts), so it
 * is taken only when it is a real folder of the user's own that nobody else may write (see
 * cacheKey.ts privateEntry and bin/compileCache.ts).
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'spine-hooks');
  const home = env.HOME || (process.platform === 'win32' ? os.homedir() : '');
  return home && path.isAbsolute(home) ? path.join(home, '.cache', 'spine-hooks') : undefined;
}
