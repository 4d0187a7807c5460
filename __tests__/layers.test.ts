import * as fs from 'node:fs';
import * as path from 'node:path';

// The import graph of src/ and bin/, read from the source (static imports, `export … from`, `import()`
// and `require()` of relative paths; type-only imports count: a circle of types is still a circle).
const ROOT = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.join(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(path.join(ROOT, f)));
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('bin')]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\(\s*|\brequire\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
    graph.set(file, [...new Set(specs.flatMap((s) => resolveImport(file, s) ?? []))]);
  }
  return graph;
}

/** Every import circle (as file paths, the first repeated at the end), found by depth-first search. */
function findCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return circles;
}

/**
 * The floors, lowest first: a folder (or a top-level file) imports only from floors below its own.
 * Groups on one floor do not import each other.
 */
const FLOORS: string[][] = [
  ['src/types.ts', 'src/packageRoot.ts', 'src/messages.ts', 'src/didYouMean.ts', 'src/cache', 'src/lifecycle'],
  ['src/version.ts', 'src/schema'],
  ['src/workspace'],
  ['src/registry'],
  ['src/records', 'src/git'],
  ['src/rules', 'src/sandbox', 'src/report', 'src/policy'],
  ['src/engine', 'src/defineGate.ts', 'src/editor'],
  ['src/run.ts', 'src/impact'],
  ['src/index.ts', 'src/audit', 'src/governance'],
  ['src/hooks'],
  ['src/init', 'src/fix'],
  ['src/vm'],
  ['src/cli'],
  ['bin'],
];

/** The imports allowed to run up a floor, each with why (the importing line says so too). */
const UPWARD: Record<string, string> = {
  'src/registry -> src/records':
    "the configuration's model and loader use the filter language's types and pattern engines, which live in records/",
  'src/registry -> src/rules': 'the loader checks what each rule kind references, which the kinds table knows',
  'src/schema -> src/records': 'JSON Schema `pattern` keywords run on the linear-time pattern engine of records/',
};

function roomOf(file: string): string {
  const parts = file.split(path.sep);
  return parts[0] === 'bin' ? 'bin' : parts.length > 2 ? `src/${parts[1]}` : file.split(path.sep).join('/');
}

describe('layers', () => {
  const graph = importGraph();

  test('the graph is read (a sanity check of the reader)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get(path.join('src', 'cli', 'main.ts'))).toContain(path.join('src', 'cli', 'parseCliArgs.ts'));
  });

  test('the circle finder finds a circle', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    expect(findCircles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      findCircles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  test('no import circle in src/', () => {
    expect(findCircles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  test('imports run down the floors, but for the few that say why', () => {
    const floorOf = new Map(FLOORS.flatMap((rooms, i) => rooms.map((r) => [r, i] as const)));
    const upward = new Set<string>();
    for (const [file, targets] of graph)
      for (const target of targets) {
        const [from, to] = [roomOf(file), roomOf(target)];
        if (from === to) continue;
        expect([from, floorOf.has(from), to, floorOf.has(to)]).toEqual([from, true, to, true]);
        if (floorOf.get(to)! >= floorOf.get(from)!) upward.add(`${from} -> ${to}`);
      }
    expect([...upward].sort()).toEqual(Object.keys(UPWARD).sort());
    expect(Object.keys(UPWARD).length).toBeLessThanOrEqual(3);
  });
});
