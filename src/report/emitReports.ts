import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Format } from '../cli/parseCliArgs';
import type { Io } from '../cli/io';
import type { ReportInput } from './formats/model';
import { ConfigError } from '../registry/ConfigError';

/**
 * Writes each requested report: text and json come from the command (they differ per command), the
 * machine formats from the common input. A format is loaded only when asked for, so a hook that
 * prints text pays for none of them. Output files are written whole (a temporary file, then renamed)
 * relative to the directory the command was started in.
 */
export function emitReports(
  outputs: ReadonlyArray<{ format: Format; file?: string }>,
  own: { text: () => string; json: () => string },
  input: () => ReportInput,
  io: Io,
): void {
  let common: ReportInput | undefined;
  for (const o of outputs) {
    const body = render(o.format, own, () => (common ??= input()));
    if (!o.file) {
      io.out(body.endsWith('\n') || body === '' ? body : `${body}\n`);
      continue;
    }
    const file = path.resolve(io.cwd, o.file);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, body.endsWith('\n') ? body : `${body}\n`);
      fs.renameSync(tmp, file);
    } catch (err) {
      throw new ConfigError(
        `cannot write the ${o.format} report to ${o.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
}

function render(format: Format, own: { text: () => string; json: () => string }, input: () => ReportInput): string {
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (format) {
    case 'text':
      return own.text();
    case 'json':
      return own.json();
    case 'sarif':
      return (require('./formats/sarif') as typeof import('./formats/sarif')).formatSarif(input());
    case 'junit':
      return (require('./formats/junit') as typeof import('./formats/junit')).formatJunit(input());
    case 'github':
      return (require('./formats/github') as typeof import('./formats/github')).formatGithub(input());
    case 'gitlab':
      return (require('./formats/gitlab') as typeof import('./formats/gitlab')).formatGitlab(input());
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}
