/**
 * Every sentence spine-hooks prints about the user's files lives here (lint-staged's messages.js), but for what
 * a rule kind says of the records it checks: that is in the kind's folder (src/rules/<kind>/messages.ts).
 */
const q = (s: string) => JSON.stringify(s);

export const MSG = {
  globUnsupported: (glob: string, what: string) =>
    `glob ${JSON.stringify(glob)} uses ${what}, which spine-hooks globs do not have: write braces ({a,b}) or a second entry`,
  otherRepository: (cwd: string, top: string, gitDir: string) =>
    `${cwd} belongs to the repository at ${top}, but GIT_DIR names ${gitDir}: ` +
    'check one repository at a time (unset GIT_DIR, or set GIT_WORK_TREE to its work tree)',
  fileMissing: (file: string) => `${file} is missing (the gate reads it; a deleted touchpoint file is drift)`,
  fileBinary: (file: string) => `${file} is a binary file, not YAML or Markdown text`,
  fileParse: (detail: string) => `cannot parse YAML: ${detail}`,
  fileEncoding: () =>
    'is not valid UTF-8 here (a Latin-1 or other 8-bit byte?): the value read is not what was written; save the file as UTF-8',
  selectMissing: (path: string) => `has no ${q(path)} key`,
  shouldBe: (path: string, what: string) => `${q(path)} should be ${what}`,
  itemShouldBeMap: (path: string, n: number) => `item ${n} of ${q(path)} should be a map of fields`,
  itemShouldBeValue: (path: string, n: number) => `item ${n} of ${q(path)} should be a plain value, not a list or a map`,
  entryShouldBeMap: (path: string, key: string) => `entry ${q(key)} of ${q(path)} should be a map of fields`,
  headingMissing: (heading: string) => `no heading containing ${q(heading)}, so no table under it`,
  tableMissing: (heading: string, why?: string) => `no Markdown table under the heading containing ${q(heading)}${why ? `: ${why}` : ''}`,
  rowCells: (n: number, header: number, headerLine: number) =>
    `this row has ${n} cell${n === 1 ? '' : 's'} and the header (line ${headerLine}) ${header}: a missing or extra | shifts every column after it`,
  notIpv4: (header: string, value: string) => `the ${q(header)} column holds ${q(value)}, not an IPv4 address`,
  columnMissing: (heading: string, header: string) => `the table under ${q(heading)} has no ${q(header)} column`,

  addCounterpart: (collection: string, detail: string) => `add an entry with ${detail} to ${collection}`,
  parityMismatch: (label: string, field: string, a: string, other: string, otherField: string, b: string, file: string) =>
    `${label}: ${field} ${a} disagrees with ${other} ${otherField} ${b} in ${file}`,
  parityRelated: (field: string, value: string) => `${field} is ${value} here`,
  patternUnsupported: (re: string, construct: string, at: string) =>
    `pattern /${re}/ uses ${construct} (${at}), which a linear-time engine cannot run; patterns are RE2 syntax (docs/configuration.md, "Patterns")`,
  patternTooLarge: (re: string, size: number, max: number) =>
    `pattern /${re}/ compiles to ${size} instructions, more than the ${max} a pattern may have ` +
    '(matching costs that much per character of the value): write it with smaller repetition counts',
  patternInvalid: (re: string, why: string, at: string) => `pattern /${re}/ is not valid RE2 syntax: ${why}${at ? ` (${at})` : ''}`,
  checkedNothing: (what: string) => `checked nothing: no ${what}`,
  skipped: (file: string) => `does not apply: ${file} does not exist`,
  gateCrashed: (detail: string) => `the gate could not run: ${detail}`,
  moduleCrashed: (module: string, detail: string) => `gate module ${module} failed: ${detail}`,
} as const;

/** What a gate module's sandbox says when a module gives no findings (each becomes one gate/crash finding). */
export const SANDBOX_MSG = {
  notInSnapshot: (file: string) => `the module file ${file} is not in the snapshot being checked`,
  requireOnly: (id: string) =>
    `a gate module may require only 'spine-hooks' (it required ${q(id)}); it runs in a sandbox with no Node.js modules, files, processes or network`,
  undeclared: (name: string) => `check() read collection ${q(name)}, which the gate does not declare in reads`,
  badRequest: (op: string) => `the sandbox could not answer a ${q(op)} request`,
  timeout: (ms: number, capped: boolean) =>
    `did not finish within ${ms} ms (${capped ? 'the most a module may take in a hook' : 'timeout_ms'}; a loop that never ends?)`,
  outOfMemory: (mib: number) => `ran out of memory (a module may use ${mib} MiB)`,
  stackOverflow: () => 'overflowed the stack (recursion too deep)',
  tooDeep: () => "nested something too deeply for the sandbox's JavaScript engine (the host's stack ran out inside it)",
  syntax: (at: string, detail: string) => `syntax error at ${at}: ${detail}`,
  threw: (what: string) => `threw ${what}`,
  noExport: () => 'the module must export defineGate({ meta: { reads: [...] }, check })',
  readsDiffer: (module: unknown, gate: string[]) =>
    `the module's meta.reads (${JSON.stringify(module)}) differs from the gate's reads (${JSON.stringify(gate)}) in the configuration`,
  promise: () => 'check() must be synchronous and return findings, not a Promise',
  notPlain: (detail: string) => `check() returned something that is not plain data (${detail})`,
  notJson: () => 'the sandbox answered something that is not JSON',
  engineFailed: (detail: string) => `the sandbox's JavaScript engine failed (${detail})`,
  engineMissing: (detail: string) => `the sandbox's JavaScript engine could not be loaded (${detail})`,
} as const;
