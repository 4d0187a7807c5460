import type { Registry } from '../registry/model';

export function fixHints(registry: Registry): Record<string, string> {
  return Object.fromEntries(registry.gates.map((g) => [g.id, g.fix_hint]));
}
