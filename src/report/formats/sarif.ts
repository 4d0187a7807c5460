import type { ReportInput } from './reportInput';
import { hostPath, reported } from './reportInput';
import type { Finding } from '../../types';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { gatePage } from '../docPages';

/**
 * SARIF 2.1.0 (OASIS): one run, one rule per gate of the registry (its description, rationale, fix
 * hint and documentation page), one result per finding with its physical location and region, the
 * counterpart's location as a related location, the fingerprint as a partial fingerprint, and
 * baselined or overridden findings as suppressed results with their justification. Code scanning
 * (GitHub), SonarQube, DefectDojo and the SARIF viewers read this.
 */
export function formatSarif(input: ReportInput): string {
  const gates = input.registry.gates;
  const index = new Map(gates.map((g, i) => [g.id, i]));
  const docs = docsBase(input);
  const rules = gates.map((g) => rule(g, docs));
  const results = reported(input).map(({ gate, finding: f, commit }) => {
    const ruleIndex = index.get(gate.id);
    return {
      ruleId: gate.id,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: f.message },
      locations: [location(input, f.file, f.line, f.column)],
      ...(f.related
        ? {
            relatedLocations: [
              {
                id: 1,
                ...location(input, f.related.file, f.related.line ?? 0, f.related.column ?? 0),
                message: { text: f.related.message },
              },
            ],
          }
        : {}),
      ...(f.fingerprint ? { partialFingerprints: { 'spineHooksFinding/v1': f.fingerprint } } : {}),
      ...(f.suppressed ? { suppressions: [suppression(f)] } : {}),
      ...(f.fix && 'range' in f.fix ? { fixes: [fixOf(input, f.fix)] } : {}),
      properties: {
        check: f.check,
        ...(f.entity ? { entity: f.entity } : {}),
        ...(commit ? { commit: commit.sha, commitSubject: commit.subject } : {}),
      },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spine-hooks',
            version: input.version,
            semanticVersion: input.version,
            ...(docs ? { informationUri: docs } : {}),
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(topLevel(input) + path.sep).href } },
        invocations: [{ executionSuccessful: input.exitCode !== 2, exitCode: input.exitCode, properties: { mode: input.mode } }],
        results: [
          ...results,
          ...(input.integrity ?? []).map((x) => ({
            ruleId: 'spine-hooks/integrity',
            level: 'error',
            message: { text: x.message },
            locations: [location(input, x.file, x.line, 0)],
            properties: x.sha ? { commit: x.sha } : {},
          })),
        ],
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/**
 * Where the documentation is served (`docs_url` of the configuration, `{version}` filled in, ending in
 * `/`); none when it is not configured: a link is only given where it can resolve.
 */
function docsBase(input: ReportInput): string | undefined {
  const url = input.registry.docs_url?.replace(/\{version\}/g, input.version);
  return url && (url.endsWith('/') ? url : `${url}/`);
}

/** A gate as a SARIF rule: its description, rationale, fix hint and, where the docs are served, its page. */
function rule(g: ReportInput['registry']['gates'][number], docs: string | undefined) {
  // Only shipped gates have a page; a repository's own gates are documented where they are declared.
  const helpUri = docs && gatePage(g.id) ? `${docs}gates/${encodeURIComponent(g.id)}.md` : undefined;
  return {
    id: g.id,
    name: camel(g.name),
    shortDescription: { text: g.description },
    ...(g.rationale ? { fullDescription: { text: g.rationale.trim() } } : {}),
    help: {
      text: `${g.fix_hint}\n\nspine-hooks explain ${g.id} prints what the gate checks and how to fix it.`,
      markdown: `**Fix:** ${g.fix_hint}\n\n\`spine-hooks explain ${g.id}\`${helpUri ? ` · [${g.id} ${g.name}](${helpUri})` : ''}`,
    },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: {
      level: g.severity === 'off' ? 'none' : g.severity === 'warn' ? 'warning' : 'error',
      enabled: g.severity !== 'off',
    },
    properties: { tags: ['spine-hooks', ...g.lanes], 'spine-hooks/name': g.name },
  };
}

function location(input: ReportInput, file: string, line: number, column: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(hostPath(input, file)), uriBaseId: 'SRCROOT' },
      // A finding about a whole file (a missing file) has no region.
      ...(line > 0 ? { region: { startLine: line, ...(column > 0 ? { startColumn: column } : {}) } } : {}),
    },
  };
}

/** A finding's repair (`spine-hooks fix -f sarif`) as a SARIF fix: one artifact change, one replacement. */
function fixOf(input: ReportInput, fix: Extract<NonNullable<Finding['fix']>, { range: unknown }>) {
  const { start, end } = fix.range;
  return {
    description: { text: `spine-hooks fix: edit ${fix.file}` },
    artifactChanges: [
      {
        artifactLocation: { uri: encodeURI(hostPath(input, fix.file)), uriBaseId: 'SRCROOT' },
        replacements: [
          {
            deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
            insertedContent: { text: fix.replacement },
          },
        ],
      },
    ],
  };
}

function suppression(f: Finding) {
  const s = f.suppressed!;
  if (s.by === 'baseline') {
    return {
      kind: 'external',
      status: 'accepted',
      justification: `pre-existing drift in the baseline${s.ref ? ` (${s.ref}${s.owner ? `, ${s.owner}` : ''})` : ''}`,
      properties: { by: 'baseline' },
    };
  }
  return {
    kind: 'external',
    status: 'accepted',
    justification: `${s.reason} — override ${s.id} by ${s.author}${s.ref ? ` (${s.ref})` : ''}`,
    properties: { by: 'override', id: s.id },
  };
}

/** The repository's top level on disk: the SSOT root minus its prefix. */
function topLevel(input: ReportInput): string {
  const depth = input.prefix.split('/').filter(Boolean).length;
  return depth ? path.resolve(input.root, ...Array<string>(depth).fill('..')) : input.root;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
}
