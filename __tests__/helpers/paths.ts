import * as path from 'node:path';
import { packageRoot } from '../../src/packageRoot';

// Where things are, declared once for every test: the package's own folders and files (absolute paths,
// found from src/packageRoot like the engine finds them, never by climbing from a test's __dirname),
// and the estate's files as fixtures name them (paths relative to a fixture repository's root).

/** The package root: package.json, bindings/, schemas/, docs/, examples/, dist/ once built. */
export const ROOT = packageRoot();

/** A path inside the package: `atRoot('docs', 'ci.md')`. */
export const atRoot = (...parts: string[]): string => path.join(ROOT, ...parts);

export const PACKAGE_JSON = atRoot('package.json');
/** The bundled example repository (examples/): an estate every gate passes on. */
export const EXAMPLE_DIR = atRoot('examples');
/** The JSON Schemas shipped with the package. */
export const SCHEMAS_DIR = atRoot('schemas');
export const schemaFile = (name: string): string => path.join(SCHEMAS_DIR, name);
export const DOCS_DIR = atRoot('docs');
export const docFile = (...parts: string[]): string => path.join(DOCS_DIR, ...parts);
/** The built CLI (`npm run build`); use builtCli() from gitRepo.ts where its absence should say so. */
export const DIST_BIN = atRoot('dist', 'bin', 'spine-hooks.js');
/** The CLI as one file (scripts/build-bundle.js), which DIST_BIN starts; DIST_CLI is the same CLI unbundled (tsc). */
export const DIST_BUNDLE = atRoot('dist', 'cli.js');
export const DIST_CLI = atRoot('dist', 'bin', 'cli.js');
/** The build's identity, written by `npm run build` (result caches are keyed by it). */
export const BUILD_ID_FILE = atRoot('dist', 'build-id');
export const HOOKS_DIR = atRoot('hooks');
/** ../shared/corpus beside the project: real repository snapshots, never part of this repository. */
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
export const corpusSnapshot = (name: string): string => path.join(CORPUS, name);

// The estate's files. One short name per file, meaning that file in every test, so a fixture reads
// `{ [L]: …, [S]: … }` and a finding's place `${L}:12`.

/** The VM lifecycle: the SSOT of VMs. */
export const L = 'ops/bindings/vm.lifecycle.yaml';
/** What each lifecycle phase requires of a VM. */
export const C = 'ops/bindings/vm.lifecycle.contract.yaml';
export const P = 'ops/bindings/vm.operating.profile.yaml';
export const S = 'ops/bindings/ssh.targets.yaml';
export const H = 'ops/bindings/services.health.yaml';
export const B = 'ops/bindings/backup.inventory.yaml';
export const CT = 'ops/bindings/docker.compose.targets.yaml';
export const HD = 'ops/bindings/home.device.registry.yaml';
export const SEQ = 'ops/bindings/startup.sequencing.yaml';
export const CAP = 'ops/capabilities.yaml';
export const DI = 'docs/governance/DEVICE_IDENTITY_SSOT.md';
export const SS = 'docs/governance/SHOP_SERVER_SSOT.md';
export const SR = 'docs/governance/SERVICE_REGISTRY.yaml';
export const ST = 'docs/governance/STACK_REGISTRY.yaml';

/** The user configuration at an estate's root. */
export const CONFIG = 'spine-hooks.config.yaml';
/** Where overrides are recorded (policy.override_log's default). */
export const LOG = '.spine-hooks/overrides.jsonl';
/** Accepted findings (`spine-hooks baseline`). */
export const BASELINE = '.spine-hooks/baseline.json';
