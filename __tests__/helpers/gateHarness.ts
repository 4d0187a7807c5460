import { prepare, type Prepared } from '../../src/run';
import { runGates } from '../../src/engine/runGates';
import { Workspace } from '../../src/workspace/Workspace';
import { MemorySnapshot } from '../../src/workspace/MemorySnapshot';
import { ROOT, schemaFile } from './paths';
import type { GateResult } from '../../src/types';

let cached: Prepared | undefined;

/** The package registry, loaded once per test file (no user config: cwd is the package root). */
export function defaultRegistry(): Prepared {
  return (cached ??= prepare({ cwd: ROOT }));
}

/** Runs one gate of the default registry over in-memory files. */
export async function checkGate(id: string, files: Record<string, string>, prepared = defaultRegistry()): Promise<GateResult> {
  const gate = prepared.loaded.gates.find((g) => g.def.id === id);
  if (!gate) throw new Error(`no gate ${id}`);
  const ws = await Workspace.load(new MemorySnapshot(files), Object.keys(files));
  const [result] = await runGates([gate], prepared.loaded.registry, ws, { schemas: prepared.schemas, schemaPath: schemaFile });
  return result;
}

/** A compact view of findings for assertions: check, entity, file:line. */
export function summary(result: GateResult): Array<{ check: string; entity?: string; at: string; severity: string }> {
  return result.findings.map((f) => ({ check: f.check, entity: f.entity, at: `${f.file}:${f.line}`, severity: f.severity }));
}

/** Dedent a template literal so YAML fixtures can be indented with the test code. */
export function y(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
