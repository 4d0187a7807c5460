/** Text the hooks print (kept apart from the gate messages in messages.ts). */
export const HOOK_MSG = {
  /** pre-commit's SKIP=… convention: said out loud, never honoured (a gate is passed only with a logged reason). */
  skipIgnored: (value: string) =>
    `spine-hooks: SKIP=${value} is pre-commit's way to skip hooks; spine-hooks does not honour it, because a gate passed without a reason leaves no trace. ` +
    `To let this commit through with a logged reason: SPINE_OVERRIDE=${
      value
        .split(/[\s,]+/)
        .filter((x) => /^D\d+$/i.test(x))
        .join(',') || '<gate>'
    } SPINE_OVERRIDE_REASON="why" git commit … (docs/overrides.md); ` +
    'SPINE_HOOKS=0 skips every check and is recorded in the commit (CI still checks it).',
  nothingToCheck: (n: number) => `spine-hooks: ${n} staged path${n === 1 ? '' : 's'}, none read by a gate: nothing to check`,
  /** Every blocking gate at once, one override line covering all of them, and where old drift belongs. */
  blocked: (gates: string[], baselineFile = '.spine-hooks/baseline.json') =>
    [
      '',
      `Commit blocked by ${gates.join(', ')}. Fix the findings above and stage the fixes (spine-hooks explain <gate> tells how),`,
      `or override this commit with a reason that is logged: SPINE_OVERRIDE=${gates.join(',') || 'D69'} SPINE_OVERRIDE_REASON="…" git commit … (docs/overrides.md).`,
      `Drift that was there before this change (adopting spine-hooks in an existing repository) belongs in the baseline:`,
      `spine-hooks baseline update --accept-new --ref <ticket>, then commit ${baselineFile}.`,
      `Growing the baseline is an override too: commit it with SPINE_OVERRIDE=<gates> SPINE_OVERRIDE_REASON="…".`,
    ].join('\n'),
  pushBlocked: (n: number) =>
    `\nPush blocked: ${n} gate${n === 1 ? '' : 's'} failed on the commits above. Fix them in a new commit, or record an override (docs/overrides.md).`,
  rangeSummary: (checked: number, total: number) =>
    `spine-hooks: checked ${checked} of ${total} commit${total === 1 ? '' : 's'} (the others touch no file a gate reads)`,
  nothingPushed: 'spine-hooks: nothing to check in this push',
  verifiedBase: (b: { commit: string; reason: string; author: { name: string }; timestamp: string }) =>
    `spine-hooks: history up to ${b.commit.slice(0, 12)} is a verified base (${b.author.name}, ${b.timestamp.slice(0, 10)}: "${b.reason}"): not checked again`,
  noPushInput:
    'pre-push got no ref lines: its standard input is a terminal or a device, not the pipe git writes the pushed refs to. ' +
    'A hook manager must pass it on (lefthook: `use_stdin: true` on the command). To check a range by hand: spine-hooks ci --from <remote>/<branch>',
  logTampered:
    '\nCommit blocked: the override log and the verified-bases file are append-only, and only spine-hooks writes them. Restore the file (git checkout HEAD -- <file>), then override again or declare the base again if needed.',
  staleRecords: (ids: string[], log: string) =>
    `Commit blocked: override record${ids.length === 1 ? '' : 's'} ${ids.join(', ')} staged in ${log} (left by an aborted commit?) cover${ids.length === 1 ? 's' : ''} nothing in this commit.\nDrop ${ids.length === 1 ? 'it' : 'them'} with: git checkout HEAD -- ${log}  (or git rm --cached ${log} if HEAD has no log yet)`,
  overrideAlreadyStaged:
    'spine-hooks: the findings are covered by an override record already staged (an earlier attempt of this commit): nothing new recorded',
  killSwitch:
    'spine-hooks: skipped (SPINE_HOOKS=0). The bypass is recorded in the commit message, and CI checks this commit like any other.',
  overrideUnused: (scope: string[]) => `spine-hooks: override ${scope.join(', ')} covers none of this commit's open findings: not recorded`,
  emptyOverrideMessage: (ids: string[]) =>
    `spine-hooks: commit refused: its message is empty, and the override record${ids.length === 1 ? '' : 's'} ${ids.join(', ')} it adds need${ids.length === 1 ? 's' : ''} a Spine-Override trailer in it. ` +
    'Give the commit a message (the record stays staged for the retry).',
  overrideRecorded: (id: string, log: string) =>
    `spine-hooks: override ${id} recorded in ${log} (staged with this commit; commit-msg adds its trailer)`,
} as const;
