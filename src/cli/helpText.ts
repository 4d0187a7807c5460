export const HELP = `spine-hooks — drift gates for an infrastructure single-source-of-truth repository

Usage
  spine-hooks --all [options]          run every gate on the files under --cwd (git not needed)
  spine-hooks --gate D69 [--gate D54]  run the named gates
  spine-hooks --lane infra             run the gates of a lane
  spine-hooks --staged [--explain]     run the gates the staged change affects, reading the index
  spine-hooks hook pre-commit          what the installed pre-commit (and pre-merge-commit) hook runs
  spine-hooks hook pre-push            what the installed pre-push hook runs (reads git's ref lines)
  spine-hooks ci --from REF [--to REF] check every commit of a range on its own tree (default --to HEAD)
  spine-hooks init [--no-husky]        install the hooks (husky v9, or core.hooksPath with --no-husky)
  spine-hooks list                     list gates (id, name, severity, lanes) and lanes
  spine-hooks explain <gate>           what a gate checks, why, and how to fix it
  spine-hooks audit vms                VM × touchpoint coverage matrix

Options
  --all               run every enabled gate
  --gate ID           run this gate (repeatable)
  --lane NAME         run the gates of this lane (repeatable)
  --staged            check what the index would commit (lint-staged: "spine-hooks --staged")
  --explain           with --staged: print each selected gate and the paths that selected it
  --from REF, --to REF  the commit range for ci
  --no-husky          with init: point core.hooksPath at the hook scripts shipped in the package
  --cwd DIR           repository root to check (default: current directory; in git modes the
                      nearest folder up with spine-hooks.config.yaml or package.json)
  --config FILE       configuration file (default: spine-hooks.config.yaml in the root, if present)
  --format text|json  report format (default: text); json follows schemas/report.schema.json
  --fail-on error|warn  also fail on warnings with "warn" (default: error)
  --no-color          no colours (also NO_COLOR=1, or when output is not a terminal)
  --color             force colours
  -q, --quiet         print only failing and warning gates and the verdict
  -h, --help          this help
  -v, --version       print the version

Exit codes
  0  every gate passed (warnings and skipped gates do not fail)
  1  at least one gate failed
  2  usage, configuration or internal error

Docs: docs/configuration.md, docs/hooks.md, docs/ci.md, docs/gates/<ID>.md (shipped in the package).
`;
