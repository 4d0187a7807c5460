import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../registry/ConfigError';
import { CONFIG_MSG, INIT_MSG } from '../messages';
import { makeDirs } from '../cache/makeDirs';

/**
 * Merges `yaml.schemas` into `.vscode/settings.json` without clobbering: every other setting, every
 * other schema mapping, comments and formatting stay (jsonc-parser edits the text in place); for a
 * schema already mapped, the files are added to its list. Returns what changed (nothing when the
 * block is already there).
 */
export function writeVscode(workspace: string, schemas: Record<string, string[]>): { file: string; changed: boolean } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for this command, never on the hook path
  const jsonc = require('jsonc-parser') as typeof import('jsonc-parser');
  const file = path.join(workspace, '.vscode', 'settings.json');
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError(CONFIG_MSG.cannotRead((err as NodeJS.ErrnoException).code), file);
  }
  const errors: import('jsonc-parser').ParseError[] = [];
  const current: unknown = text.trim() ? jsonc.parse(text, errors, { allowTrailingComma: true }) : {};
  if (errors.length) {
    const line = text.slice(0, errors[0].offset).split('\n').length;
    throw new ConfigError(INIT_MSG.settingsNotJsonc(jsonc.printParseErrorCode(errors[0].error)), file, line);
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current)) throw new ConfigError(INIT_MSG.settingsNotObject(), file);
  const existing = (current as Record<string, unknown>)['yaml.schemas'];
  if (existing !== undefined && (existing === null || typeof existing !== 'object' || Array.isArray(existing))) {
    throw new ConfigError(INIT_MSG.yamlSchemasNotObject(), file);
  }
  const indent = /^( +|\t)"/m.exec(text)?.[1] ?? '  ';
  const fmt = {
    formattingOptions: {
      insertSpaces: !indent.startsWith('\t'),
      tabSize: indent.startsWith('\t') ? 1 : indent.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    },
  };
  let out = text.trim() ? text : '{}\n';
  let changed = false;
  for (const [schema, files] of Object.entries(schemas)) {
    const had = (existing as Record<string, unknown> | undefined)?.[schema];
    const list = typeof had === 'string' ? [had] : Array.isArray(had) ? had.map(String) : [];
    const missing = files.filter((f) => !list.includes(f));
    if (had !== undefined && missing.length === 0) continue;
    const merged = [...list, ...missing];
    out = jsonc.applyEdits(out, jsonc.modify(out, ['yaml.schemas', schema], merged, fmt));
    changed = true;
  }
  if (!changed) return { file, changed };
  makeDirs(path.dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, out.endsWith('\n') ? out : `${out}\n`);
  fs.renameSync(tmp, file);
  return { file, changed };
}
