import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** The installed package's root (holds bindings/ and schemas/), from src/ under ts-jest or dist/src/ when built. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'bindings', 'gate.registry.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the spine-hooks package root above ${__dirname}`);
    dir = up;
  }
  return (cached = dir);
}
