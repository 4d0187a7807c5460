/**
 * Every sentence spine-hooks prints lives here (lint-staged's messages.js), each a function of its data, grouped by
 * who says it; but for what a rule kind says of the records it checks: that is in the kind's folder
 * (src/rules/<kind>/messages.ts). This module is on the ground floor: it imports nothing, so parameters are plain
 * strings or structural types.
 */
const q = (s: unknown) => JSON.stringify(s);

/** What spine-hooks says about the user's files: reading, parsing, selecting, patterns, gate crashes. */
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
    `pattern /${re}/ uses ${construct} (${at}), which a linear-time engine cannot run; patterns are RE2 syntax (spine-hooks explain configuration, "Patterns")`,
  patternTooLarge: (re: string, size: number, max: number) =>
    `pattern /${re}/ compiles to ${size} instructions, more than the ${max} a pattern may have ` +
    '(matching costs that much per character of the value): write it with smaller repetition counts',
  patternInvalid: (re: string, why: string, at: string) => `pattern /${re}/ is not valid RE2 syntax: ${why}${at ? ` (${at})` : ''}`,
  checkedNothing: (what: string) => `checked nothing: no ${what}`,
  skipped: (file: string) => `does not apply: ${file} does not exist`,
  dataMissing: (file: string, selects: string[]) =>
    `${file} has no value at ${selects.join(' or ')}, which a gate reads as a parameter (give it a value, or the parameter a default)`,
  dataNotScalar: (file: string, select: string) =>
    `${file}: ${select} is a list or a map; a gate reads it as a parameter, which must be a single value`,
  dataNotMapped: (file: string, select: string, value: string, allowed: string[]) =>
    `${file}: ${select} is ${JSON.stringify(value)}; a gate reads it as a parameter and knows only ${allowed.join(', ')}`,
  dataUnfit: (file: string, select: string, why: string) =>
    `${file}: the value of ${select}, which a gate reads as a parameter, does not fit the rule: ${why}`,
  skippedAbsent: (collection: string, file: string, select?: string) =>
    `does not apply: ${select ? `${file} has no "${select}" (collection ${collection})` : `${file} does not exist (collection ${collection})`}`,
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

/** The words of governance findings: what a change does to a gate, said plainly. */
export const GOV_MSG = {
  weakened: (g: { id: string; name: string }, what: string) =>
    `${g.id} ${g.name} is weakened: ${what} (a weakening needs SPINE_OVERRIDE=${g.id} with a reason)`,
  removed: 'the gate is no longer declared',
  off: 'the gate is switched off (severity: off)',
  severity: (from: string, to: string) => `its severity is lowered from ${from} to ${to}`,
  param: (name: string, why: string) => `parameter ${name} ${why}`,
  exclusionGrows: (added: string) => `excludes more: ${added} added`,
  alternativesGrow: (added: string) => `accepts more alternatives: ${added} added`,
  requirementShrinks: (removed: string) => `requires less: ${removed} removed`,
  opaque: (from: string, to: string) => `changed from ${from} to ${to} (spine-hooks cannot tell that this checks no less)`,
  rule: (id: string) => `rule ${id} is changed or removed`,
  applies: 'it no longer applies always, only when its files are present',
  appliesWhen: (from: string | undefined, to: string | undefined) =>
    `it applies when ${to ?? 'its first file'} exists, no longer when ${from ?? 'its first file'} exists`,
  modulePath: (from: string | undefined, to: string | undefined) => `its module is ${to ?? 'gone'} instead of ${from ?? 'none'}`,
  module: (path: string) => `its module ${path} changed (code cannot be compared: the override records the change)`,
  scopeDeleted: (path: string) => `${path}, the file that makes it apply, is deleted, so it would no longer run`,
  collection: (name: string) => `the collection ${name} it reads is redefined`,
  file: (key: string, from: string, to: string) => `it reads ${key} from ${to} instead of ${from}`,
  minReason: (from: number, to: number) => `overrides need a reason of ${to} characters instead of ${from}`,
  referencePattern: (from: string, to: string | undefined) =>
    `overrides ${to ? `need a reference matching /${to}/` : 'no longer need a reference'} instead of /${from}/`,
  policyPath: (what: string, from: string, to: string) => `the ${what} is read from ${to} instead of ${from}`,
  schema: (path: string, pointer: string, what: string) => `schema ${path} accepts more at ${pointer || '/'}: ${what}`,
  list: (path: string, select: string, removed: string[]) => `${path} ${select} requires less: ${removed.map(q).join(', ')} removed`,
  fewer: (label: string, field: string, removed: string[]) => `${label} asks less: ${removed.join(', ')} removed from ${field}`,
  baseline: (file: string, e: { check: string; entity?: string; fingerprint: string }) =>
    `${file} accepts a new finding as known drift: ${e.check}${e.entity ? ` ${e.entity}` : ''} (fingerprint ${e.fingerprint})`,
  becomes: (label: string, field: string, value: unknown) => `${label} asks less: ${field} is now ${q(value)}`,
} as const;

/** Text the hooks print: what a commit or push is told. */
export const HOOK_MSG = {
  /** pre-commit's SKIP=… convention: said out loud, never honoured (a gate is passed only with a logged reason). */
  skipIgnored: (value: string) =>
    `spine-hooks: SKIP=${value} is pre-commit's way to skip hooks; spine-hooks does not honour it, because a gate passed without a reason leaves no trace. ` +
    `To let this commit through with a logged reason: SPINE_OVERRIDE=${
      value
        .split(/[\s,]+/)
        .filter((x) => /^D\d+$/i.test(x))
        .join(',') || '<gate>'
    } SPINE_OVERRIDE_REASON="why" git commit … (spine-hooks explain overrides); ` +
    'SPINE_HOOKS=0 skips every check and is recorded in the commit (CI still checks it).',
  nothingToCheck: (n: number) => `spine-hooks: ${n} staged path${n === 1 ? '' : 's'}, none read by a gate: nothing to check`,
  /**
   * Every blocking gate at once, one override line covering all of them, and, only while adopting (no
   * baseline committed yet, or findings the parent already had: hooks/baselineHint.ts), where old drift belongs.
   */
  blocked: (gates: string[], baselineFile = '.spine-hooks/baseline.json', hint?: { adopting: boolean; predating: number }) =>
    [
      '',
      `Commit blocked by ${gates.join(', ')}. Fix the findings above and stage the fixes (spine-hooks explain <gate> tells how),`,
      `or override this commit with a reason that is logged: SPINE_OVERRIDE=${gates.join(',') || 'D69'} ` +
        'SPINE_OVERRIDE_REASON="…" git commit … (spine-hooks explain overrides).',
      ...(!hint
        ? []
        : [
            hint.adopting
              ? `Drift that was there before this change (adopting spine-hooks in an existing repository) belongs in the baseline:`
              : `${hint.predating === 1 ? 'One of these findings was' : `${hint.predating} of these findings were`} already there before this change ` +
                '(drift that predates it); known drift belongs in the baseline:',
            `spine-hooks baseline update --accept-new --ref <ticket>, then commit ${baselineFile}.`,
            `Growing the baseline is an override too: commit it with SPINE_OVERRIDE=<gates> SPINE_OVERRIDE_REASON="…".`,
          ]),
    ].join('\n'),
  /** A fixup! or squash! commit that adds override records: what autosquash will do to their trailers, and the ways round it. */
  squashLosesTrailer: (kind: 'fixup' | 'squash', ids: readonly string[]) =>
    `spine-hooks: note: this ${kind}! commit adds override ${ids.length === 1 ? 'record' : 'records'} ${ids.join(', ')}. ` +
    `git rebase --autosquash ${kind === 'fixup' ? "drops a fixup!'s message" : "puts a squash!'s message below the other"}, ` +
    'and with it the Spine-Override trailer from the trailer block: the squashed commit would then be refused. ' +
    'Make it with git commit --fixup=amend:<commit> instead (its message, trailers included, becomes the squashed commit’s), ' +
    'or after squashing run git commit --amend --no-edit on the squashed commit (commit-msg adds what is missing). ' +
    'See spine-hooks explain overrides, "Fixups and autosquash".',
  pushBlocked: (n: number) =>
    `\nPush blocked: ${n} gate${n === 1 ? '' : 's'} failed on the commits above. ` +
    'Fix them in a new commit, or record an override (spine-hooks explain overrides).',
  rangeSummary: (checked: number, total: number) =>
    `spine-hooks: checked ${checked} of ${total} commit${total === 1 ? '' : 's'} (the others touch no file a gate reads)`,
  nothingPushed: 'spine-hooks: nothing to check in this push',
  verifiedBase: (b: { commit: string; reason: string; author: { name: string }; timestamp: string }) =>
    `spine-hooks: history up to ${b.commit.slice(0, 12)} is a verified base (${b.author.name}, ${b.timestamp.slice(0, 10)}: "${b.reason}"): not checked again`,
  noPushInput:
    'pre-push got no ref lines: its standard input is a terminal or a device, not the pipe git writes the pushed refs to. ' +
    'A hook manager must pass it on (lefthook: `use_stdin: true` on the command). To check a range by hand: spine-hooks ci --from <remote>/<branch>',
  logTampered:
    '\nCommit blocked: the override log and the verified-bases file are append-only, and only spine-hooks writes them. ' +
    'Restore the file (git checkout HEAD -- <file>), then override again or declare the base again if needed.',
  staleRecords: (ids: string[], log: string) =>
    `Commit blocked: override record${ids.length === 1 ? '' : 's'} ${ids.join(', ')} staged in ${log} (left by an aborted commit?) ` +
    `cover${ids.length === 1 ? 's' : ''} nothing in this commit.\n` +
    `Drop ${ids.length === 1 ? 'it' : 'them'} with: git checkout HEAD -- ${log}  (or git rm --cached ${log} if HEAD has no log yet)`,
  overrideAlreadyStaged:
    'spine-hooks: the findings are covered by an override record already staged (an earlier attempt of this commit): nothing new recorded',
  killSwitch:
    'spine-hooks: skipped (SPINE_HOOKS=0). The bypass is recorded in the commit message, and CI checks this commit like any other.',
  overrideUnused: (scope: string[]) => `spine-hooks: override ${scope.join(', ')} covers none of this commit's open findings: not recorded`,
  emptyOverrideMessage: (ids: string[]) =>
    `spine-hooks: commit refused: its message is empty, and the override record${ids.length === 1 ? '' : 's'} ${ids.join(', ')} ` +
    `it adds need${ids.length === 1 ? 's' : ''} a Spine-Override trailer in it. ` +
    'Give the commit a message (the record stays staged for the retry).',
  overrideRecorded: (id: string, log: string) =>
    `spine-hooks: override ${id} recorded in ${log} (staged with this commit; commit-msg adds its trailer)`,
} as const;

/** Text `init --ci` prints about the CI workflow it writes. */
export const CI_MSG = {
  unchanged: 'spine-hooks: CI workflow already installed, nothing changed',
  wrote: (file: string, sub: string) => `wrote ${file}${sub ? ` (at the top level of the repository; the job works in ${sub}/)` : ''}`,
  includeAdded: (main: string, line: string) => `${main}: added "${line}" to include:`,
  differs: (file: string, provider: string) =>
    `${file} differs from what spine-hooks init --ci ${provider} writes (edited by hand?), so it was left as it is; ` +
    `to regenerate it, delete it and run spine-hooks init --ci ${provider} again`,
  includeByHand: (main: string, why: string, included: string) =>
    `${main} was left as it is (${why}): to run the spine-hooks job, add this entry to its include: list yourself:\n` +
    `  - local: ${included}\n(or, without an include: key yet:\ninclude:\n  - local: ${included}\n)`,
  stageMissing: (main: string, included: string) =>
    `the spine-hooks job runs in stage test (GitLab's default), which the stages: of ${main} does not list: ` +
    `add test there, or give the job a stage: in ${included}`,
  notADependency:
    'spine-hooks is not a dependency of this project, so npx in CI would download whatever version is newest: ' +
    'add it as a dev dependency (npm install --save-dev <its packed tarball or git URL>; `npm install --save-dev spine-hooks` ' +
    'once it is published on the npm registry) and commit package.json and the lock file',
  enginesUnread: (range: string, major: string) =>
    `cannot tell which Node versions engines.node "${range}" allows: the workflow installs Node ${major}; change node-version in it if needed`,
  noHuskyWithCi:
    'init --ci writes the CI workflow only, and --no-husky is about installing the hooks: ' +
    'run spine-hooks init --ci PROVIDER and spine-hooks init --no-husky separately',
} as const;

/** Mistakes in how spine-hooks is called: commands, options and their values (exit 2). `hint` is a did-you-mean suffix or ''. */
export const USAGE_MSG = {
  optionNeedsValue: (option: string) => `option ${option} needs a value (see spine-hooks --help)`,
  unknownOption: (dashes: string, name: string, hint: string) => `unknown option ${dashes}${name}${hint} (see spine-hooks --help)`,
  badArguments: (detail: string) => `${detail} (see spine-hooks --help)`,
  noHelpFor: (about: string, hint: string) => `no help for "${about}": it is not a command${hint} (see spine-hooks --help)`,
  unknownCommand: (word: string, hint: string) => `unknown command "${word}"${hint} (see spine-hooks --help)`,
  allAndStaged: () => '--all and --staged exclude each other',
  receiptGoesWith: () => '--receipt goes with --all (or --gate/--lane) and ci',
  nowInvalid: (value: string, ci: boolean) =>
    `--now must be a date (2026-03-05) or a UTC time (2026-03-05T12:00:00Z)${ci ? ', or commit' : ''}, not "${value}"`,
  fixUsage: () =>
    'usage: spine-hooks fix [--gate ID]… [--staged] [--write] [--set field=value]… (fix repairs every gate, or the --gate ones)',
  flagGoesWith: (flag: string, owner: string) => `--${flag} goes with ${owner}`,
  maxWarningsInvalid: (text: string) => `--max-warnings must be a whole number, not "${text}"`,
  maxWarningsGoesWith: () => '--max-warnings goes with --all, --staged, a hook and ci',
  ciInvalid: (value: string, hint: string) => `--ci must be github, gitlab or gitea, not "${value}"${hint}`,
  failOnInvalid: (value: string) => `--fail-on must be error or warn, not "${value}"`,
  formatInvalid: (allowed: readonly string[], value: string, hint: string) =>
    `--format must be one of ${allowed.join(', ')}, not "${value}"${hint}`,
  formatGoesWith: (format: string, command: string, allowed: readonly string[]) =>
    `--format ${format} goes with --all, --staged, a hook, ci and fix; ${command} writes ${allowed.join(' or ')}`,
  outputFileFirst: () => 'each --output-file needs a --format before it (--format sarif --output-file report.sarif)',
  twoOutputFiles: (format: string, first: string, second: string) =>
    `--format ${format} has two output files (${first}, ${second}): give each file its own --format`,
  outputFileEmpty: () => '--output-file needs a file name',
  oneToStdout: (formats: readonly string[]) => `only one of ${formats.join(', ')} can go to stdout: give the others an --output-file`,
  cwdInvalid: (cwd: string, exists: boolean) => `--cwd ${cwd}: ${exists ? 'not a directory' : 'no such directory'}`,
  nothingToRun: () => 'nothing to run: pass --all, --staged, --gate ID or --lane NAME (see spine-hooks --help)',
  ciNeedsFrom: () => 'ci needs --from REF (and optionally --to REF, default HEAD)',
  baselineUsage: () => 'usage: spine-hooks baseline update [--accept-new] [--ref REF] [--owner WHO]',
  completionUsage: (shell?: string) =>
    `usage: spine-hooks completion bash|zsh|fish${shell === undefined ? '' : ` (no completion for "${shell}")`}`,
  verifiedBaseUsage: () => 'usage: spine-hooks verified-base <commit> --reason "why its history needs no second check"',
  unknownHook: (hook: string) => `unknown hook "${hook}"; spine-hooks handles pre-commit, pre-merge-commit, commit-msg and pre-push`,
  commitMsgUsage: () => 'usage: spine-hooks hook commit-msg <message-file> (git passes it)',
  overridesNoArgument: (arg: string) =>
    `overrides takes no argument "${arg}" (usage: spine-hooks overrides [--gate ID] [--author TEXT] [--since DATE] [--format json])`,
  sinceInvalid: (value: string) => `--since must be a date (YYYY-MM-DD), not "${value}"`,
  explainNeedsGate: (valid: readonly string[], topics: readonly string[]) =>
    `explain needs a gate id or a topic; valid ids: ${valid.join(', ')}; topics: ${topics.join(', ')}`,
  unknownExplainTopic: (what: string, hint: string, valid: readonly string[], topics: readonly string[]) =>
    `unknown gate or topic "${what}"${hint}; valid ids: ${valid.join(', ')}; topics: ${topics.join(', ')}`,
  vmUsage: () =>
    'usage: spine-hooks vm add --hostname H --vmid N --lan-ip IP [--status S] [--site SITE] [--set field=value]… [--dry-run] | ' +
    'vm retire VMID [--status decommissioned|abandoned] [--dry-run]',
  auditUsage: () => 'usage: spine-hooks audit vms [--status STATUS] [--format json]',
  unknownGate: (id: string, hint: string, valid: readonly string[]) => `unknown gate "${id}"${hint}; valid ids: ${valid.join(', ')}`,
  gateOff: (id: string, configFile: string | undefined) => `gate ${id} is switched off (severity: off) in ${configFile}`,
  unknownLane: (lane: string, hint: string, valid: readonly string[]) => `unknown lane "${lane}"${hint}; valid lanes: ${valid.join(', ')}`,
  noGateSelected: (lanes: readonly string[]) => `no gate is both named by --gate and in --lane ${lanes.join(', ')}`,
  notACommit: (flag: string, ref: string) =>
    `${flag} ${ref} is not a commit in this repository (in CI, fetch enough history: a shallow clone may lack it)`,
  nothingChecked: (cwd: string) => `nothing was checked under ${cwd}: no gate found the files it reads (is --cwd the repository root?)`,
} as const;

/** What is wrong in a configuration file or the registry (exit 2, said at its file:line). `hint` is a did-you-mean suffix or ''. */
export const CONFIG_MSG = {
  cannotRead: (code: string | undefined) => `cannot read: ${code}`,
  invalidYaml: (detail: string) => `invalid YAML: ${detail}`,
  schemaError: (pointer: string, message: string, more: number) =>
    `${pointer || '/'} ${message}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
  invalidBaseline: (detail: string) => `invalid baseline: ${detail}`,
  invalidBaselineAt: (pointer: string, message: string) => `invalid baseline: ${pointer || '/'} ${message}`,
  laneDeclaredTwice: (lane: string) => `lane "${lane}" is already declared`,
  gateDeclaredTwice: (id: string) => `gate ${id} is already declared`,
  /** The same sentence as `--gate` says on the command line. */
  unknownGate: USAGE_MSG.unknownGate,
  unknownLane: (lane: string, declared: readonly string[]) => `unknown lane "${lane}"; declared lanes: ${declared.join(', ')}`,
  unknownParam: (id: string, param: string, hint: string, valid: readonly string[]) =>
    `gate ${id} has no parameter "${param}"${hint}; valid: ${valid.join(', ') || '(none)'}`,
  paramKind: (param: string, id: string, want: string, fallback: unknown) =>
    `parameter "${param}" of gate ${id} must be ${want}, like its default ${JSON.stringify(fallback)}`,
  strictnessUnknownGate: (collection: string, id: string) => `strictness of collection ${collection} names unknown gate "${id}"`,
  moduleOutside: (spec: string, real: string) => `gate module ${spec} is outside the repository (${real})`,
  auditNoGate: (ref: string) => `audit check "${ref}" names no gate`,
  auditNoRule: (ref: string, gateId: string, sub: boolean) =>
    `audit check "${ref}": gate ${gateId} has no such rule${sub ? ' or requirement' : ''}`,
  rulesOrModule: () => 'a gate needs exactly one of "rules" or "module"',
  unknownCollection: (name: string, valid: readonly string[]) => `unknown collection "${name}"; valid: ${valid.join(', ')}`,
  unknownFile: (key: string, valid: readonly string[]) => `unknown file "${key}"; valid: ${valid.join(', ')}`,
  unknownParamRef: (name: string) => `unknown parameter "${name}"; declare it under params`,
  pathEmpty: () => 'is empty or holds a NUL byte',
  pathAbsolute: (value: string) => `${JSON.stringify(value)} is absolute: paths are relative to the repository root`,
  pathLeaves: (value: string) => `${JSON.stringify(value)} leaves the repository ('..'): paths stay inside it`,
  pathGitDir: (value: string) =>
    `${JSON.stringify(value)} points into the git directory (.git): paths name files of the repository, never git's own`,
  strictnessOverGlob: () => "`strictness` needs the collection's files named: list them (file: [a, b]) instead of a glob",
  frontMatterShape: (shape: string) =>
    `front_matter reads the YAML between the --- lines at the top of a Markdown file, as a list, map, document or values collection; ` +
    `shape ${shape} reads the Markdown itself`,
} as const;

/** Why an override (SPINE_OVERRIDE…) or a verified base is refused (exit 2). */
export const OVERRIDE_MSG = {
  reasonWithoutGate: () => 'SPINE_OVERRIDE_REASON is set but SPINE_OVERRIDE names no gate (e.g. SPINE_OVERRIDE=D69 or D69:immich)',
  namesNoGate: (raw: string) => `SPINE_OVERRIDE names no gate (${JSON.stringify(raw)}); e.g. SPINE_OVERRIDE=D69 or D69:immich`,
  unknownGate: (scope: string, hint: string, valid: readonly string[]) =>
    `SPINE_OVERRIDE names unknown gate "${scope}"${hint}; valid ids: ${valid.join(', ')}`,
  noEntity: (scope: string) => `SPINE_OVERRIDE scope "${scope}" names no entity after the colon`,
  needsReason: (everything: boolean) =>
    'an override needs a reason: SPINE_OVERRIDE_REASON="why this drift is acceptable now"' +
    (everything ? ' (and overriding every gate needs one above all)' : ''),
  reasonTooShort: (shown: number, min: number) =>
    `the override reason is too short (${shown} visible character${shown === 1 ? '' : 's'}, at least ${min}): say why, and until when`,
  needsReference: (pattern: string) =>
    `the override needs a reference matching /${pattern}/ in SPINE_OVERRIDE_REASON or SPINE_OVERRIDE_REF`,
  expiresInvalid: (expires: string) => `SPINE_OVERRIDE_EXPIRES must be a date (YYYY-MM-DD), not "${expires}"`,
  expiresPast: (expires: string, today: string) =>
    `SPINE_OVERRIDE_EXPIRES=${expires} is already in the past (today is ${today} UTC): an override cannot start expired; give the date it really ends`,
  notACommit: (rev: string) => `${rev} is not a commit in this repository`,
  notAncestor: (rev: string) => `${rev} is not in the history of HEAD: a verified base must be a commit this branch builds on`,
  baseReasonTooShort: (shown: number, min: number) =>
    `the reason is too short (${shown} visible characters, at least ${min}): say where that history was checked`,
} as const;

/** What `init` says when it cannot set up the hooks, the CI workflow or the editor settings (exit 2). */
export const INIT_MSG = {
  noPackageJson: (dir: string) => `no package.json in ${dir}: husky needs one (or use spine-hooks init --no-husky)`,
  packageJsonInvalid: (detail: string) => `package.json is not valid JSON: ${detail}`,
  packageJsonNotObject: () => 'package.json must hold a JSON object',
  huskyFailed: (output: string) => `husky could not install the hooks: ${output}`,
  hooksPathTaken: (current: string) =>
    `core.hooksPath is already set to "${current}"; spine-hooks will not replace another hook manager's setting`,
  huskyMissing: () => 'husky is not installed: npm install --save-dev husky (or use spine-hooks init --no-husky)',
  /** Printed by a hook's guard line (a shell double-quoted string: no quotes, dollars or backquotes). */
  hookBinMissing: (bin: string, sub: string) =>
    `spine-hooks: ${bin} is not installed${sub ? ` in ${sub}/` : ''} (node_modules is missing or incomplete): ` +
    `run npm install${sub ? ` in ${sub}/` : ''}. Refused until the checks can run.`,
  notAFile: (rel: string) => `${rel} is not a file`,
  settingsNotJsonc: (detail: string) => `not valid JSON with comments (${detail}): nothing written`,
  settingsNotObject: () => 'must hold a JSON object: nothing written',
  yamlSchemasNotObject: () => '"yaml.schemas" is not an object: nothing written',
} as const;

/** Errors that stop a run outside the configuration: the repository, the hook's input, the files written (exit 2). */
export const RUN_MSG = {
  /** `needs`: why the command needs git (init, verified-base); checks are pointed at --all instead. */
  notAGitWorkTree: (cwd: string, needs?: string) =>
    needs
      ? `${cwd} is not inside a git work tree: ${needs}, so run it in a git repository (git init first, or --cwd to one)`
      : `${cwd} is not inside a git work tree (use --all to check files without git)`,
  initNeedsGit: 'init installs git hooks',
  verifiedBaseNeedsGit: 'verified-base names a commit of its history',
  configNotRelative: (rel: string) => `--config must be relative to the repository in hook and CI modes: ${rel}`,
  prePushLine: (n: number, line: string) =>
    `pre-push: line ${n} of standard input is not "<local ref> <sha> <remote ref> <sha>": ${JSON.stringify(line.slice(0, 120))}`,
  cannotWriteReport: (format: string, file: string, detail: string) => `cannot write the ${format} report to ${file}: ${detail}`,
  cannotWriteReceipt: (dir: string, detail: string) => `--receipt ${dir}: cannot write the receipt (${detail})`,
  noAuditMatrix: () => 'the registry defines no audit.vms matrix',
  auditSourceMissing: (file: string, cwd: string) =>
    `${file} does not exist under ${cwd}: audit vms lists its VMs (is --cwd the repository root?)`,
} as const;

/** What the commands print beyond findings: errors caught at the top, summaries, what was written. */
export const CLI_MSG = {
  configError: (where: string, message: string) => `spine-hooks: ${where}${message}\n`,
  internalError: (message: string, stack: string | undefined) =>
    `spine-hooks: internal error: ${message}${stack !== undefined ? `\n${stack}` : ' (set SPINE_HOOKS_DEBUG=1 for details)'}\n`,
  receipt: (key: string) => `spine-hooks: receipt ${key}\n`,
  /** `--all` on a terminal, once it has run a second: drawn over itself on stderr (no line break). */
  gateProgress: (done: number, total: number) => `spine-hooks: ${done} of ${total} gates done`,
  tooManyWarnings: (warnings: number, max: number) =>
    `spine-hooks: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${max} allows\n`,
  verifiedBaseAppended: (id: string, commit: string, file: string) =>
    `spine-hooks: verified base ${id} (history up to ${commit.slice(0, 12)}) appended to ${file}.\n` +
    `Commit it (git add ${file} && git commit): pushes to a remote without that history, and ci --from 0000000, then skip it.\n`,
  /** One override record as `overrides` lists it: a header line and the reason, indented (both escaped by the caller). */
  overrideRecordLine: (
    r: { timestamp: string; id: string; scope: string[]; author: { name: string; email: string }; branch: string },
    flags: string,
  ) => `${r.timestamp}  ${r.id}  ${r.scope.join(', ')}  ${r.author.name} <${r.author.email}> on ${r.branch}${flags ? `  [${flags}]` : ''}`,
  verifiedBaseLine: (b: { timestamp: string; id: string; commit: string; author: { name: string; email: string } }) =>
    `${b.timestamp}  ${b.id}  verified base ${b.commit.slice(0, 12)}  ${b.author.name} <${b.author.email}>`,
  recordProblemLine: (p: { file: string; line?: number; message: string }) => `${p.file}${p.line ? `:${p.line}` : ''}: error ${p.message}`,
  overridesSummary: (shown: number, total: number, log: string, expired: number, problems: number) =>
    `spine-hooks: ${shown} override${shown === 1 ? '' : 's'} shown (${total} in ${log}), ${expired} expired, ` +
    `${problems} problem${problems === 1 ? '' : 's'}\n`,
  schemasWritten: (file: string, changed: boolean) =>
    `spine-hooks: ${changed ? `yaml.schemas merged into ${file}` : `${file} already maps every schema, nothing changed`}\n`,
  baselineSummary: (file: string, kept: number, fixed: number, added: number, refused: number) =>
    `spine-hooks: baseline ${file}: ${kept} kept, ${fixed} fixed and removed, ${added} added` +
    (refused ? `, ${refused} new finding${refused === 1 ? '' : 's'} not added` : '') +
    '\n',
  baselineFixed: (e: { gate: string; check: string; entity?: string; ref?: string }) =>
    `fixed    ${e.gate} ${e.check}${e.entity ? ` ${e.entity}` : ''}${e.ref ? ` (${e.ref})` : ''}: removed from the baseline\n`,
  baselineAccepted: (e: { gate: string; check: string; entity?: string; ref?: string }) =>
    `accepted ${e.gate} ${e.check}${e.entity ? ` ${e.entity}` : ''}${e.ref ? ` (${e.ref})` : ''}\n`,
  baselineRefused: (e: { gate: string; check: string; entity?: string; message?: string }) =>
    `new      ${e.gate} ${e.check}${e.entity ? ` ${e.entity}` : ''}: ${e.message} (not added: pass --accept-new to accept it as known drift)\n`,
  baselineUnseen: (f: { gate: string; check: string; file: string; line?: number; message: string }) =>
    `unseen   ${f.gate} ${f.check} ${f.file}${f.line ? `:${f.line}` : ''}: ${f.message} ` +
    '(the gate cannot read this file: fix it; the baseline never covers it)\n',
  hooksUnchanged: () => 'spine-hooks: hooks already installed, nothing changed',
  initChanged: (change: string) => `spine-hooks: ${change}\n`,
  initNote: (note: string) => `spine-hooks: note: ${note}\n`,
  huskyNotADependency: () =>
    'husky is not a dependency of this project: run `npm install --save-dev husky` so that `prepare` works after a fresh clone',
  adoptBaseline: (gates: readonly string[], open: number, baselineFile: string) =>
    `spine-hooks: note: the repository fails ${gates.join(', ')} today (${open} finding${open === 1 ? '' : 's'}; spine-hooks --all lists them). ` +
    `Drift that predates spine-hooks belongs in the baseline, so that only new drift blocks commits: ` +
    `spine-hooks baseline update --accept-new --ref <ticket> --owner <who>, then commit ${baselineFile}. ` +
    `Growing the baseline is an override: commit it with SPINE_OVERRIDE=${gates.join(',')} SPINE_OVERRIDE_REASON="…".\n`,
} as const;

/** What is wrong with the override log, an override record or a verified base (each said at its file:line). */
export const LOG_MSG = {
  notJson: (detail: string) => `not a JSON record: ${detail}`,
  notValid: (what: string, pointer: string, message: string) => `not a valid ${what}: ${pointer || '/'} ${message}`,
  appendOnly: (what: string, line: number, removed: boolean) =>
    `${what} is append-only: line ${line} was ${removed ? 'removed' : 'edited'}`,
  mergeDrops: (line: string) => `the merge drops an override record a merged parent holds: ${line.slice(0, 80)}`,
  recordEdited: (id: string) => `override record ${id} does not match its id: it was edited after it was written`,
  baseEdited: (id: string) => `verified base ${id} does not match its id: it was edited after it was written`,
  wrongAuthor: (id: string, author: { name: string; email: string }, identities: ReadonlyArray<{ name: string; email: string }>) => {
    const who = (i: { name: string; email: string }) => `${i.name} <${i.email}>`;
    return (
      `override ${id} names ${who(author)} as its author, but the commit is by ${[...new Set(identities.map(who))].join(', committed by ')}: ` +
      'a record binds to the commit that adds it'
    );
  },
  shortReason: (id: string, shown: number, min: number) =>
    `override ${id} has a reason of ${shown} visible character${shown === 1 ? '' : 's'}, below the minimum of ${min}`,
  noReference: (id: string, pattern: string) =>
    `override ${id} has no reference matching /${pattern}/ in its reason or reference, which the policy asks for`,
  bornExpired: (id: string, expires: string, timestamp: string) =>
    `override ${id} expired (${expires}) before it was recorded (${timestamp.slice(0, 10)})`,
  duplicateId: (id: string, first: number) => `override ${id} is already recorded at line ${first}: an id names one record`,
  noTrailer: (id: string) => `override ${id} has no Spine-Override trailer in its commit (commit-msg hook bypassed or message edited)`,
  trailerWithoutRecord: (id: string) => `the commit message names override ${id}, which this commit does not add to the log`,
  trailersWithoutRecords: (ids: readonly string[]) =>
    `the commit message names override(s) ${ids.join(', ')} but the commit does not add them to the log`,
  staleRecord: (id: string) => `override ${id} is recorded in this commit but covers none of its findings (a stale record)`,
  noTrailerInHistory: (id: string) =>
    `override ${id} has no Spine-Override trailer in the history (commit-msg hook bypassed, or the commit rewritten)`,
  recordRemoved: (sha: string, id: string) =>
    `commit ${sha.slice(0, 12)} names override ${id}, which the log no longer holds (removed or edited)`,
} as const;

/** The commit's base that history rules compare with: how findings name it, and why there is none (rules/history). */
export const BASE_MSG = {
  parent: (sha: string) => `parent ${sha.slice(0, 12)}`,
  noParent: () => 'no parent (the first commit)',
  shallow: (sha: string) =>
    `commit ${sha.slice(0, 12)} is where this shallow clone was cut, so its parent is not here (fetch the whole history: fetch-depth: 0)`,
  head: (sha: string) => `HEAD ${sha.slice(0, 12)}`,
  notGit: (cwd: string) => `${cwd} is not in a git repository, so the working tree has no HEAD to compare with`,
  noCommit: () => 'the repository has no commit yet, so the working tree has no HEAD to compare with',
  comparedWith: (label: string) => `history compared with ${label}`,
} as const;

/** What `spine-hooks fix` says: how a value is supplied, why a repair is not made, what it did (src/fix/, rules/<kind>/fix<Kind>.ts). */
export const FIX_MSG = {
  needVar: (name: string, collection: string) =>
    `--set ${name}=… (or give ${collection} a fix_templates entry that does not use {${name}})`,
  needField: (collection: string, field: string) =>
    `--set ${collection}.${field}=… or fix_templates.${collection}.${field} in spine-hooks.config.yaml`,
  needChoice: (collection: string, options: string[]) =>
    (options.length ? `one of ${options.join(', ')} (which one holds is not derivable): ` : '') +
    `--set ${collection}.<field>=… or fix_templates.${collection} in spine-hooks.config.yaml`,
  needRecordField: (label: string, field: string, why: string) => `give ${label} a real ${field} first (${why})`,
  forbidden: (value: string, gate: string, what: string) => `${JSON.stringify(value)} is ${what} that ${gate} forbids`,
  noRecord: (entity: string, file: string) => `the record ${entity} is no longer where the finding saw it in ${file}`,
  noCounterpartKnown: () => 'the finding does not say which record to change',
  notAField: (side: string) => `the target side ${side} is not a plain field, so no value can be written to it`,
  noAutomatic: (kind: string) => `${kind} rules have no automatic repair`,
  cannotEdit: (file: string, why: string) => `${file} is not edited: ${why}`,
  notParsable: (file: string) => `${file} does not parse, so it is never rewritten`,
  outside: (file: string) =>
    `${file} is a symbolic link (or leads out of the repository), so it is never written: edit the file it points to`,
  unsupportedShape: (collection: string, shape: string) => `${collection} is a ${shape} collection, which fix does not edit`,
  notThere: (path: string) => `${path} is not there in the file`,
  verifyRemains: (n: number) => `${n} of the findings it fixes would remain`,
  verifyNew: (finding: string) => `it would bring a new finding: ${finding}`,
  together: (file: string) => `${file}: its fixes apply together or not at all`,
  header: (n: number, files: number) => `${n} finding${n === 1 ? '' : 's'} fixed by edits of ${files} file${files === 1 ? '' : 's'}`,
  nothing: () => 'nothing to fix: no finding has a repair that can be derived',
  wrote: (file: string) => `wrote ${file}`,
  closedTitle: (n: number) => `${n} more finding${n === 1 ? '' : 's'} closed by these edits:`,
  unfixedTitle: (n: number) => `${n} finding${n === 1 ? '' : 's'} not fixed:`,
  needsLine: (field: string, how: string) => `needs ${field}: ${how}`,
  suggest: (value: string, nearest: string) => `${JSON.stringify(value)} may be a misspelling of ${JSON.stringify(nearest)}`,
  dryRunHint: () => 'spine-hooks fix --write applies these edits to the working tree (never the index)',
  badSet: (text: string) => `--set takes field=value, not ${JSON.stringify(text)}`,
  setTwice: (name: string) => `--set ${name} is given twice: say which value you mean once`,
  templateUnknown: (collection: string, known: string) =>
    `fix_templates names the collection "${collection}", which is not declared${known}`,
  templateForbidden: (collection: string, field: string, why: string) => `fix_templates.${collection}.${field}: ${why}`,
  setUnknownCollection: (key: string, collection: string, known: string) =>
    `--set ${key}: no collection "${collection}" is declared${known}, so the value would be used by nothing`,
  setUnused: (name: string) =>
    `--set ${name}: no fix_templates value uses {${name}}, so the value would be used by nothing (a new entry's field is --set collection.${name}=…)`,
  stagedNotGit: (cwd: string) => `--staged needs a git repository, and ${cwd} is not in one`,
} as const;

/** What `spine-hooks fix` says of a finding no rule of its gate repairs, of conflicting repairs, and in its report. */
export const FIX_REPORT_MSG = {
  noRule: (check: string) => `no rule repairs ${check} findings (a file problem, a module gate's finding or a governance check)`,
  conflict: (field: string) => `two repairs would set ${field} to different values`,
  several: (collection: string) => `${collection} reads several files, so where a new entry belongs is not derivable`,
  emptyList: (collection: string) => `${collection} has no entry to copy the style of`,
  fixed: (file: string, n: number) => `${file}: fixes ${n} finding${n === 1 ? '' : 's'}`,
  item: (gate: string, check: string, entity: string | undefined) => `${gate} ${check}${entity ? ` (${entity})` : ''}`,
} as const;

/** What `spine-hooks vm add` and `vm retire` say (src/vm/, src/cli/commands/runVm.ts). */
export const VM_MSG = {
  addNeeds: (flag: string) => `vm add needs --${flag} (see spine-hooks vm --help)`,
  retireNeedsVmid: () => 'vm retire needs the VM id: spine-hooks vm retire VMID',
  badVmid: (text: string) => `a VM id is a whole number from 1 to 999999999 without leading zeros, not ${JSON.stringify(text)}`,
  badHostname: (text: string) => `a hostname is letters, digits and inner hyphens (RFC 1123), not ${JSON.stringify(text)}`,
  badIp: (text: string) => `--lan-ip must be an IPv4 address (172.20.10.44), not ${JSON.stringify(text)}`,
  badStatus: (text: string, allowed: readonly string[]) =>
    `vm retire --status must be ${allowed.join(' or ')}, not ${JSON.stringify(text)}`,
  badSetKey: (key: string) => `--set ${key}=…: the VM's id, hostname, lan_ip and status come from their own flags`,
  setUnusedField: (name: string, known: string) =>
    `--set ${name}: no VM record has the field "${name}"${known} and no fix_templates value uses {${name}}, ` +
    `so the value would be used by nothing (another collection's field is --set collection.${name}=…)`,
  noVmsCollection: () => 'the registry declares no collection "vms", so there is no VM lifecycle record to write',
  unreadable: (file: string, why: string) => `${file} cannot be edited: ${why}`,
  vmidTaken: (vmid: string, label: string) => `vmid ${vmid} is taken: ${label} holds it`,
  hostnameTaken: (hostname: string, label: string) => `hostname ${hostname} is taken: ${label} holds it`,
  ipTaken: (ip: string, label: string, field: string) => `${ip} is already in use: ${label} has it as ${field}`,
  setOther: (field: string) =>
    `the record's ${field} came from a flag, --set or fix_templates.vms: give one that holds with --set ${field}=…`,
  severalFiles: (file: string) => `the VM records are read from several files (${file}), so where a new one goes is not derivable`,
  noNeighbour: (file: string) =>
    `${file} has no VM record to write the new one like (key order, quoting, indentation): add the first by hand`,
  changedMeanwhile: (file: string) => `${file} changed while this ran, so nothing was written: run it again`,
  blind: (problem: string) => `${problem}: the gates cannot see what is there, so nothing is written until it is fixed`,
  unknownVm: (vmid: string, file: string, hint: string) => `no VM ${vmid} in ${file}${hint}`,
  alreadyRetired: (label: string, status: string) => `${label} is already retired (status ${status}): nothing to do`,
  needFields: (label: string, fields: readonly string[]) =>
    `${label} needs ${fields.join(', ')}, which the contract requires and nothing derives: ${fields.map((f) => `--set ${f}=…`).join(' ')}`,
  needTemplate: (field: string, variable: string) => `fix_templates.vms.${field} uses {${variable}}: --set ${variable}=…`,
  cannotComplete: (label: string, n: number) =>
    `${label}: ${n} finding${n === 1 ? '' : 's'} about it could not be repaired, so nothing was written:`,
  wouldBreak: (n: number) => `the edits would bring ${n} new finding${n === 1 ? '' : 's'}, so nothing was written:`,
  added: (label: string) => `added ${label}`,
  retired: (label: string, status: string) => `retired ${label} (status ${status})`,
  fileLine: (file: string, what: string) => `  ${file}: ${what}`,
  recordWritten: () => 'the VM record',
  statusSet: (status: string) => `status ${status}`,
  dryRun: (what: string, n: number) => `dry run, nothing written: ${what} would change ${n} file${n === 1 ? '' : 's'}`,
  addWhat: (label: string) => `adding ${label}`,
  retireWhat: (label: string, status: string) => `retiring ${label} (status ${status})`,
  leftWarnings: (n: number) =>
    `${n} warning${n === 1 ? '' : 's'} about it remain${n === 1 ? 's' : ''} (not derivable; they do not fail --all):`,
  notWritten: (file: string, why: string) => `${file} was not written: ${why}`,
} as const;
