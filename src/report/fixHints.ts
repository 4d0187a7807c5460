import type { Registry } from '../registry/registryTypes';

export function fixHints(registry: Registry): Record<string, string> {
  return Object.fromEntries(registry.gates.map((g) => [g.id, g.fix_hint]));
}
