import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParseCache } from '../workspace/Snapshot';
import { version } from '../version';

/**
 * Parsed YAML data by git blob id, as JSON files under <git-common-dir>/spine-hooks/cache/ (never in
 * the working tree or the index). A blob id names exact content, so an entry never goes stale; the
 * tool version is part of the path so a new parser never reads an old entry. Any failure to read or
 * write the cache just means parsing again.
 */
export class GitParseCache implements ParseCache {
  private readonly dir: string;

  constructor(commonDir: string) {
    this.dir = path.join(commonDir, 'spine-hooks', 'cache', `v${version()}`);
  }

  get(id: string): unknown | undefined {
    try {
      return (JSON.parse(fs.readFileSync(this.file(id), 'utf8')) as { data: unknown }).data;
    } catch {
      return undefined;
    }
  }

  set(id: string, data: unknown): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      // Write then rename: a reader never sees half a file, even with two hooks at once.
      const tmp = `${this.file(id)}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ data }));
      fs.renameSync(tmp, this.file(id));
    } catch {
      // A read-only git directory is fine: the cache is only a speed-up.
    }
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}
