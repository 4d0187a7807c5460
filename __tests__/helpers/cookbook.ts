import * as fs from 'node:fs';
import { docFile } from './paths';

/** The cookbook's gates (docs/cookbook/<id>.md). */
export const COOKBOOK_GATES = ['D106', 'D173', 'D262', 'D104', 'D45'];

/** The `# spine-hooks.config.yaml` block of each page, merged section by section. */
export function cookbookConfig(): string {
  const sections: Record<string, string[]> = { files: [], collections: [], add_gates: [] };
  for (const id of COOKBOOK_GATES) {
    const page = fs.readFileSync(docFile('cookbook', `${id}.md`), 'utf8');
    const block = /```yaml\n# spine-hooks\.config\.yaml\n([\s\S]*?)```/.exec(page);
    if (!block) throw new Error(`docs/cookbook/${id}.md has no configuration block`);
    let section = '';
    for (const line of block[1].split('\n')) {
      const head = /^(files|collections|add_gates):\s*$/.exec(line);
      if (head) section = head[1];
      else if (section) sections[section].push(line);
    }
  }
  return Object.entries(sections)
    .map(([k, v]) => `${k}:\n${v.join('\n')}\n`)
    .join('');
}
