import type { ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options, shared by parsing, help, "did you mean" and shell completion. */
export const OPTIONS = {
  all: { type: 'boolean', default: false },
  staged: { type: 'boolean', default: false },
  explain: { type: 'boolean', default: false },
  cwd: { type: 'string' },
  config: { type: 'string' },
  gate: { type: 'string', multiple: true, default: [] },
  lane: { type: 'string', multiple: true, default: [] },
  format: { type: 'string', short: 'f', multiple: true, default: [] },
  'output-file': { type: 'string', short: 'o', multiple: true, default: [] },
  'max-warnings': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  color: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  'fail-on': { type: 'string', default: 'error' },
  from: { type: 'string' },
  to: { type: 'string', default: 'HEAD' },
  'no-husky': { type: 'boolean', default: false },
  ci: { type: 'string' },
  'write-vscode': { type: 'boolean', default: false },
  'no-baseline': { type: 'boolean', default: false },
  'accept-new': { type: 'boolean', default: false },
  ref: { type: 'string' },
  owner: { type: 'string' },
  receipt: { type: 'string' },
  author: { type: 'string' },
  since: { type: 'string' },
  reason: { type: 'string' },
  now: { type: 'string' },
  status: { type: 'string', multiple: true, default: [] },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} satisfies ParseArgsOptionsConfig;
