import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportInput } from './formats/reportInput';
import { REPORTERS, type Format, type OwnReports } from './reporters';
import { ConfigError } from '../registry/ConfigError';
import { RUN_MSG } from '../messages';
import { makeDirs } from '../cache/makeDirs';

/**
 * Writes each requested report, as its entry in REPORTERS renders it: text and json come from the
 * command (they differ per command), the machine formats from the common input. Output files are
 * written whole (a temporary file, then renamed) relative to the directory the command was started in.
 */
export function emitReports(
  outputs: ReadonlyArray<{ format: Format; file?: string }>,
  own: OwnReports,
  input: () => ReportInput,
  io: { cwd: string; out: (text: string) => void },
): void {
  let common: ReportInput | undefined;
  for (const o of outputs) {
    const body = REPORTERS[o.format].render(own, () => (common ??= input()));
    if (!o.file) {
      io.out(body.endsWith('\n') || body === '' ? body : `${body}\n`);
      continue;
    }
    const file = path.resolve(io.cwd, o.file);
    try {
      makeDirs(path.dirname(file));
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, body.endsWith('\n') ? body : `${body}\n`);
      fs.renameSync(tmp, file);
    } catch (err) {
      throw new ConfigError(RUN_MSG.cannotWriteReport(o.format, o.file, (err as NodeJS.ErrnoException).code ?? (err as Error).message));
    }
  }
}
