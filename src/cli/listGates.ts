import type { LoadedRegistry } from '../registry/loadRegistry';

/** `spine-hooks list`: every gate with severity and lanes, then the lanes. */
export function listGates({ registry }: LoadedRegistry): string {
  const rows = registry.gates.map((g) => [g.id, g.name, g.severity, g.lanes.join(',')]);
  const head = ['id', 'name', 'severity', 'lanes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const lanes = registry.lanes.map((l) => {
    const n = registry.gates.filter((g) => g.lanes.includes(l.id)).length;
    return `  ${l.id.padEnd(18)} ${String(n).padStart(2)} gates  ${l.description}`;
  });
  return [line(head), ...rows.map(line), '', 'lanes:', ...lanes].join('\n');
}
