import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_KINDS } from '../../src/rules/kinds';

const SRC = path.join(__dirname, '..', '..', 'src');
const names = Object.keys(RULE_KINDS);

/** Every .ts file of src/, relative to it. */
function sources(): string[] {
  return (fs.readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/'));
}

/** Lines that compare something with a rule kind's name, or switch on one. */
function kindBranches(text: string): string[] {
  const name = `'(?:${names.join('|')})'`;
  const branch = new RegExp(`\\bkind\\s*[!=]==?\\s*${name}|${name}\\s*[!=]==?\\s*[\\w.]*\\bkind\\b|\\bcase\\s+${name}\\s*:`);
  return text.split('\n').filter((l) => branch.test(l));
}

describe('a rule kind has one home', () => {
  test('no code outside src/rules/ branches on a rule kind: it goes through the kinds table', () => {
    const found = sources()
      .filter((f) => !f.startsWith('rules/'))
      .flatMap((f) => kindBranches(fs.readFileSync(path.join(SRC, f), 'utf8')).map((l) => `src/${f}: ${l.trim()}`));
    expect(found).toEqual([]);
  });

  test('the scan finds a branch when there is one', () => {
    // The check above must be able to fail: the shapes it looks for, as the code before the kinds table had them.
    expect(kindBranches("    if (rule.kind === 'schema') {")).toHaveLength(1);
    expect(kindBranches("  r.kind !== 'coverage' ? a : b")).toHaveLength(1);
    expect(kindBranches("    case 'leftover':")).toHaveLength(1);
    expect(kindBranches("  if (f.content.kind === 'missing') return 'absent';")).toHaveLength(0);
  });

  test('each kind is a folder of src/rules/ with its module, and the list holds every folder', () => {
    const folders = fs
      .readdirSync(path.join(SRC, 'rules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual([...names].sort());
    for (const n of names) expect(fs.existsSync(path.join(SRC, 'rules', n, 'index.ts'))).toBe(true);
  });

  test('each kind has its docs page, linked from docs/configuration.md, and its table test', () => {
    const root = path.join(SRC, '..');
    const configuration = fs.readFileSync(path.join(root, 'docs', 'configuration.md'), 'utf8');
    for (const n of names) {
      const page = fs.readFileSync(path.join(root, 'docs', 'rules', `${n}.md`), 'utf8');
      expect([n, page.split('\n')[0]]).toEqual([n, `# ${n}`]);
      expect(configuration).toContain(`](rules/${n}.md)`);
      expect(fs.existsSync(path.join(root, '__tests__', 'rules', `${n}.test.ts`))).toBe(true);
    }
  });
});
