import * as fs from 'node:fs';
import { atRoot, docFile } from './paths';

/** The cookbook's gates tested on a corpus snapshot (docs/cookbook/<id>.md). */
export const CORPUS_GATES = ['D106', 'D173', 'D262', 'D104', 'D45', 'D37', 'D58'];
/** The cookbook's gates whose files the corpus lacks: tested on a fixture of their own (__tests__/fixtures/cookbook/<id>/). */
export const FIXTURE_GATES = ['D36', 'D43', 'D67', 'D89', 'D93', 'D94', 'D95', 'D96'];
/** Every gate of the cookbook. */
export const COOKBOOK_GATES = [...CORPUS_GATES, ...FIXTURE_GATES];

/** The folder of a recipe's own fixture: files of an invented estate, copied over a repository at test time. */
export const cookbookFixture = (id: string): string => atRoot('__tests__', 'fixtures', 'cookbook', id);

/** Copies a recipe's fixture into `dir`, keeping file modes (an executable script stays executable). */
export function copyCookbookFixture(id: string, dir: string): void {
  fs.cpSync(cookbookFixture(id), dir, { recursive: true });
}

/** The `# spine-hooks.config.yaml` block of a page. */
export function cookbookBlock(id: string): string {
  const page = fs.readFileSync(docFile('cookbook', `${id}.md`), 'utf8');
  const block = /```yaml\n# spine-hooks\.config\.yaml\n([\s\S]*?)```/.exec(page);
  if (!block) throw new Error(`docs/cookbook/${id}.md has no configuration block`);
  return block[1];
}

/** The configuration blocks of the pages of `ids` (default: every recipe), merged section by section. */
export function cookbookConfig(ids: readonly string[] = COOKBOOK_GATES): string {
  const sections: Record<string, string[]> = { files: [], collections: [], add_gates: [] };
  for (const id of ids) {
    let section = '';
    for (const line of cookbookBlock(id).split('\n')) {
      const head = /^(files|collections|add_gates):\s*$/.exec(line);
      if (head) section = head[1];
      else if (/^[^\s#]/.test(line)) throw new Error(`docs/cookbook/${id}.md: unexpected top-level line ${JSON.stringify(line)}`);
      else if (section) sections[section].push(line);
    }
  }
  return Object.entries(sections)
    .filter(([, v]) => v.some((l) => l.trim() !== ''))
    .map(([k, v]) => `${k}:\n${v.join('\n')}\n`)
    .join('');
}
