export const HELP = `spine-hooks — drift gates for an infrastructure single-source-of-truth repository

Usage
  spine-hooks --all [options]          run every gate on the files under --cwd
  spine-hooks --gate D69 [--gate D54]  run the named gates
  spine-hooks --lane infra             run the gates of a lane
  spine-hooks list                     list gates (id, name, severity, lanes) and lanes
  spine-hooks explain <gate>           what a gate checks, why, and how to fix it
  spine-hooks audit vms                VM × touchpoint coverage matrix

Options
  --all               run every enabled gate
  --gate ID           run this gate (repeatable)
  --lane NAME         run the gates of this lane (repeatable)
  --cwd DIR           repository root to check (default: current directory; need not be a git repository)
  --config FILE       configuration file (default: spine-hooks.config.yaml in --cwd, if present)
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

Docs: docs/configuration.md, docs/gates/<ID>.md (shipped in the package).
`;
