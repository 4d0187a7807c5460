import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../packageRoot';
import type { GateDef, Registry } from '../registry/registryTypes';
import { gateCollections, gateInputs } from '../engine/gateInputs';
import { explainRepair, explainRule, type FixTemplates } from '../rules/kinds';
import type { ModuleRef } from '../registry/LoadedGate';
import { contractLines, type ContractRow } from '../lifecycle/contractTable';
import { DEFAULT_MODULE_TIMEOUT_MS } from '../sandbox/moduleJob';
import { gatePage, shownPath } from '../report/docPages';
import { collectionSources, readsSeveral } from '../registry/collectionFile';

/** `spine-hooks explain D69`: the gate's own registry text, what it reads, and how it applies. `cwd`: where paths are shown from. */
export function explainGate(
  gate: GateDef,
  registry: Registry,
  module: ModuleRef | undefined,
  cwd: string,
  templates: FixTemplates = {},
): string {
  const inputs = gateInputs(gate, registry, module);
  const lines = [
    `${gate.id} ${gate.name}  (severity: ${gate.severity}; lanes: ${gate.lanes.join(', ')})`,
    '',
    `What:  ${gate.description}`,
  ];
  if (gate.rationale) lines.push(`Why:   ${gate.rationale.trim()}`);
  lines.push(`Fix:   ${gate.fix_hint}`, '');
  // A first collection over several files stands for the scope file (runGates' `skipped`): some file of it must be there.
  const first = gateCollections(gate)[0];
  const several =
    !inputs.scope && first !== undefined && gate.applies !== 'always' && !gate.applies_when
      ? collectionSources(registry.files, registry.collections[first].file)
      : undefined;
  const applies = inputs.scope
    ? `${inputs.scope} exists`
    : several && readsSeveral(several)
      ? `some file of ${several.join(', ')} exists`
      : 'always (each listed file that exists is checked)';
  lines.push(`Applies when: ${applies}`);
  lines.push('Reads:');
  for (const f of inputs.files) lines.push(`  ${f}`);
  for (const g of inputs.globs) lines.push(`  ${g}`);
  // A collection the repository may leave to spine-hooks (the lifecycle contract): what applies then.
  for (const c of gateCollections(gate)) {
    const def = registry.collections[c];
    if (!def?.default_file) continue;
    lines.push(
      `  (${def.select ?? c} absent from ${collectionSources(registry.files, def.file).join(', ')}: spine-hooks' ${def.default_file})`,
    );
    const rows = shippedRows(def.default_file, def.select);
    if (rows) lines.push(`Lifecycle contract as shipped (a repository's own \`${def.select}:\` replaces it):`, ...contractLines(rows));
  }
  if (gate.rules) {
    lines.push('Checks:');
    for (const r of gate.rules) lines.push(`  ${explainRule(r)}`);
  } else {
    const timeout = gate.timeout_ms ?? DEFAULT_MODULE_TIMEOUT_MS;
    lines.push(`Module: ${gate.module} (reads ${(gate.reads ?? []).join(', ')}; runs in the QuickJS sandbox, stopped after ${timeout} ms)`);
  }
  if (gate.rules) lines.push(...repairLines(gate, templates));
  if (gate.params && Object.keys(gate.params).length) {
    lines.push('Parameters (override under gates.<id>.params in spine-hooks.config.yaml):');
    for (const [k, v] of Object.entries(gate.params)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  }
  lines.push('', `Override for one commit: SPINE_OVERRIDE=${gate.id} SPINE_OVERRIDE_REASON="…" git commit …`);
  // Shipped gates have a page, in the installed package; a repository's own gates are documented where they are declared.
  const page = gatePage(gate.id);
  if (page) lines.push(`More: ${shownPath(page, cwd)}`);
  return lines.join('\n');
}

/** How `spine-hooks fix` repairs the gate's findings, rule by rule, and the templates (fix_templates) its new entries use. */
function repairLines(gate: GateDef, templates: FixTemplates): string[] {
  const out = ['Repairs (spine-hooks fix; spine-hooks explain fix):'];
  for (const r of gate.rules ?? []) out.push(...explainRepair(r, templates).map((l) => `  ${l}`));
  const used = gateCollections(gate).filter((c) => Object.hasOwn(templates, c));
  for (const c of used) {
    out.push(`  template fix_templates.${c}:`);
    for (const [k, v] of Object.entries(templates[c])) out.push(`    ${k}: ${JSON.stringify(v)}`);
  }
  return out;
}

/** The shipped contract's rows, when the default file is one (its list has status/phase rows). */
function shippedRows(file: string, select: string | undefined): ContractRow[] | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand: the YAML parser loads only when a contract is shown
    const { parseYaml } = require('../workspace/parseYaml') as typeof import('../workspace/parseYaml');
    const data = parseYaml(fs.readFileSync(path.join(packageRoot(), file), 'utf8')).data as Record<string, unknown>;
    const rows = select ? data?.[select] : data;
    return Array.isArray(rows) &&
      rows.every((r) => r && typeof r === 'object' && 'status' in r && 'phase' in r && Array.isArray((r as ContractRow).touchpoints))
      ? (rows as ContractRow[])
      : undefined;
  } catch {
    return undefined;
  }
}
