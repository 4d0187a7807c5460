import * as path from 'node:path';
import { ExitCode } from '../../types';
import { CLI_MSG } from '../../messages';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare } from '../../run';
import { CONFIG_FILE } from '../../registry/loadRegistry';
import { packageRoot } from '../../packageRoot';
import { schemaEntries, yamlSchemas } from '../../editor/schemaMap';

/** `schemas [--write-vscode]`: where the schemas are, and the editor set-up that uses them. */
export function runSchemas(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const { loaded } = prepare({ cwd, config: args.config });
  const configFile = args.config ? path.relative(cwd, path.resolve(cwd, args.config)) : CONFIG_FILE;
  const entries = schemaEntries(loaded.registry, configFile);
  const schemas = yamlSchemas(entries, cwd);
  if (args.writeVscode) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the settings writer loads only for --write-vscode
    const { writeVscode } = require('../../editor/writeVscode') as typeof import('../../editor/writeVscode');
    const r = writeVscode(cwd, schemas);
    const file = path.relative(cwd, r.file);
    io.out(CLI_MSG.schemasWritten(file, r.changed));
    return Promise.resolve(ExitCode.Pass);
  }
  if (args.format === 'json') {
    io.out(JSON.stringify({ schemasDir: path.join(packageRoot(), 'schemas'), files: entries, 'yaml.schemas': schemas }, null, 2) + '\n');
    return Promise.resolve(ExitCode.Pass);
  }
  const w = Math.max(...entries.map((e) => e.file.length));
  io.out(
    [
      `JSON Schemas shipped with spine-hooks: ${path.join(packageRoot(), 'schemas')}`,
      '',
      ...entries.map((e) => `  ${e.file.padEnd(w)}  ${e.schema}`),
      '',
      'For yaml-language-server (VS Code "YAML" extension, Neovim, JetBrains), in .vscode/settings.json',
      '(spine-hooks schemas --write-vscode merges it there):',
      '',
      JSON.stringify({ 'yaml.schemas': schemas }, null, 2),
      '',
      'Or one file at a time, a modeline anywhere in the file:',
      `  # yaml-language-server: $schema=${Object.keys(schemas)[0] ?? '<schema path>'}`,
      '',
    ].join('\n'),
  );
  return Promise.resolve(ExitCode.Pass);
}
