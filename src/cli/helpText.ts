import { FORMATS } from '../report/reporters';

/** `text (default), json, sarif, …`: the reporter table's formats. */
export const FORMAT_LIST = FORMATS.map((f) => (f === 'text' ? 'text (default)' : f)).join(', ');

export const HELP = `spine-hooks — drift gates for an infrastructure single-source-of-truth repository

Usage
  spine-hooks --all [options]          run every gate on the files under --cwd (git not needed)
  spine-hooks --gate D69 [--gate D54]  run the named gates
  spine-hooks --lane infra             run the gates of a lane
  spine-hooks --staged [--explain]     run the gates the staged change affects, reading the index
  spine-hooks hook pre-commit          what the installed pre-commit (and pre-merge-commit) hook runs
  spine-hooks hook pre-push            what the installed pre-push hook runs (reads git's ref lines)
  spine-hooks hook commit-msg FILE     adds override (and SPINE_HOOKS=0 bypass) trailers to a message
  spine-hooks ci --from REF [--to REF] check every commit of a range on its own tree (default --to HEAD)
  spine-hooks init [--no-husky]        install the hooks (husky v9, or core.hooksPath with --no-husky)
  spine-hooks init --ci github|gitlab|gitea
                                       write a CI workflow that runs ci over the pushed range
  spine-hooks baseline update          record today's findings as known gaps (never grows without --accept-new)
  spine-hooks overrides                list recorded overrides, flag expired ones, cross-check trailers
  spine-hooks verified-base REV --reason TEXT
                                       declare the history up to REV already verified (a push of the
                                       whole history to a new remote then skips it; see explain hooks)
  spine-hooks list                     list gates (id, name, severity, lanes) and lanes
  spine-hooks explain <gate>           what a gate checks, why, and how to fix it
  spine-hooks explain <topic>          a page of the shipped docs: overrides, hooks, ci, configuration, …
  spine-hooks audit vms [--status S]   each VM's phase and, per touchpoint, what the gates conclude
                                       (✓ passes, ✗ fails; for a retired VM, what it left behind)
  spine-hooks fix [--write]            repair the findings whose fix can be derived (a diff; --write: the
                                       working tree, never the index; see explain fix)
  spine-hooks vm add --hostname H --vmid N --lan-ip IP
                                       write a VM's lifecycle record and every touchpoint it needs
  spine-hooks vm retire VMID           retire a VM: its status, and what it leaves live (D141's ripple)
  spine-hooks schemas [--write-vscode] the JSON Schemas of the SSOT files, for editors
  spine-hooks completion bash|zsh|fish print a shell completion script (bash: source <(spine-hooks completion bash))
  spine-hooks <command> --help         one command's options

Options
  --all               run every enabled gate
  --gate ID           run this gate (repeatable)
  --lane NAME         run the gates of this lane (repeatable)
  --staged            check what the index would commit (lint-staged: "spine-hooks --staged")
  --explain           with --staged: print each selected gate and the paths that selected it
  --from REF, --to REF  the commit range for ci
  --no-husky          with init: point core.hooksPath at the hook scripts shipped in the package
  --ci PROVIDER       with init: write only a CI workflow running ci over the pushed range (github:
                      .github/workflows, gitlab: .gitlab-ci.yml or an include of .gitlab/ci/spine-hooks.yml,
                      gitea: .gitea/workflows); not with --no-husky
  --write-vscode      with schemas: merge the yaml.schemas block into .vscode/settings.json
  --no-baseline       report baselined (pre-existing) findings as open, failing ones
  --accept-new        with baseline update: add new findings too (otherwise it only shrinks)
  --ref REF, --owner WHO  with baseline update: gap/ticket reference and owner of added entries
  --receipt DIR       with --all and ci: write DIR/CAP-<UTC time>__spine.verify__R<random>.json
  --author TEXT, --since DATE  with overrides: filter by author (name or email) and date
  --reason TEXT       with verified-base: why that history needs no second check
  --write             with fix: apply the verified edits to the working tree (never the index)
  --set FIELD=VALUE   with fix and vm add: a template's variable ({port}) or a new entry's field
                      (collection.field); with vm add, also a field of the VM's record (role=cnc)
  --status S[,S…]     with audit vms: only VMs with these statuses (decommissioned: the ripple);
                      with vm add, the new VM's (default active); with vm retire, decommissioned or abandoned
  --hostname H, --vmid N, --lan-ip IP  with vm add: the new VM
  --site SITE         with vm add: the VM's site_scope
  --dry-run           with vm add and vm retire: print the unified diff, write nothing
  --now DATE|TIME     the clock time conditions (max_age, not_past) judge by (default: now);
                      in ci, --now commit judges each commit as of its own time
  --cwd DIR           repository root to check (default: current directory; in git modes the
                      nearest folder up with spine-hooks.config.yaml or package.json)
  --config FILE       configuration file (default: spine-hooks.config.yaml in the root, if present)
  -f, --format F      report format: ${FORMAT_LIST}; repeatable
                      (list, explain, audit, overrides: text or json). In GitHub Actions, without
                      --format: text plus github annotations
  -o, --output-file FILE  write the report of the --format before it to FILE (pairs in order;
                      a format without a file goes to stdout)
  --fail-on error|warn  also fail on warnings with "warn" (default: error)
  --max-warnings N    fail when more than N open warnings remain (like ESLint)
  --no-color          no colours (also NO_COLOR=1, TERM=dumb, or when output is not a terminal;
                      FORCE_COLOR=1 forces them)
  --color             force colours
  -q, --quiet         print only failing and warning gates and the verdict
  -h, --help          this help
  -v, --version       print the version

Overrides (one commit, logged in .spine-hooks/overrides.jsonl and a commit trailer):
  SPINE_OVERRIDE=D69[:entity][,D54…] SPINE_OVERRIDE_REASON="why" [SPINE_OVERRIDE_REF=GAP-OP-1]
  [SPINE_OVERRIDE_EXPIRES=YYYY-MM-DD] git commit …       SPINE_HOOKS=0 skips the hooks (recorded; CI still checks)
  (pre-commit's SKIP=… is not honoured: a gate is passed only with a logged reason)

Exit codes
  0  every gate passed (warnings and skipped gates do not fail)
  1  at least one gate failed
  2  usage, configuration or internal error

Docs: shipped in the package (docs/); spine-hooks explain <topic> prints a page and where it is:
overrides, hooks, ci, configuration, security, editors, report-format, lifecycle, a rule kind.
`;
