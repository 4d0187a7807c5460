import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from './packageRoot';

let cached: string | undefined;

export function version(): string {
  return (cached ??= (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}
