import { mayHaveAlias, parseYaml } from '../../src/workspace/parseYaml';

/** An alias bomb written with JSON-like keys of flow mappings (`{"k":*a}`, no space after the colon) is refused too. */
test('an alias bomb through flow mappings with JSON-like keys is a fatal problem, not a tree to expand', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 25; i++) text += `a${i}: &a${i} [${Array.from({ length: 4 }, () => `{"k":*a${i - 1}}`).join(', ')}]\n`;
  const y = parseYaml(text);
  expect(y.data).toBeNull();
  expect(y.problems).toEqual([expect.objectContaining({ fatal: true, line: 2, message: expect.stringMatching(/alias bomb/) })]);
});

/** What may hold an alias: an alias where YAML puts one, and an anchor for it to name. */
test.each([
  ['a: &x 1\nb: *x\n', true],
  ['a: &x [1]\nb: {"k":*x}\n', true],
  ['a: {"k":&x [1]}\nb: [*x]\n', true],
  ['notes: "proxy for *.example.com"\n', false],
  ['notes: "proxy for *.example.com, R&D"\n', false],
  ['glob: vzdump-*.zst\nx: &a 1\n', false],
])('mayHaveAlias(%j) is %s', (text, expected) => {
  expect(mayHaveAlias(text)).toBe(expected);
});

/** An anchor right after a verbatim tag (`!<tag:yaml.org,2002:seq>&a`, no space: js-yaml reads it) names an alias too: a bomb written that way is refused. */
test('an alias bomb whose anchors follow verbatim tags is a fatal problem, not a tree to expand', () => {
  const seq = '!<tag:yaml.org,2002:seq>';
  let text = `a0: ${seq}&a0 [x, x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i < 25; i++) text += `a${i}: ${seq}&a${i} [${Array.from({ length: 4 }, () => `*a${i - 1}`).join(', ')}]\n`;
  expect(mayHaveAlias(text)).toBe(true);
  const y = parseYaml(text);
  expect(y.data).toBeNull();
  expect(y.problems).toEqual([expect.objectContaining({ fatal: true, line: 2, message: expect.stringMatching(/alias bomb/) })]);
});

test('a NUL or another forbidden character is reported at its own line and column, not at line 1', () => {
  const nul = parseYaml('a: 1\nb: 2\n# note\0\nc: 3\n');
  expect(nul.problems).toEqual([expect.objectContaining({ line: 3, column: 7, fatal: true })]);
  // In a quoted value on line 2, and after a BOM (js-yaml reads the text without it).
  expect(parseYaml('a: 1\nb: "x\0y"\n').problems[0]).toMatchObject({ line: 2, column: 6 });
  expect(parseYaml('\ufeffa: 1\nb: "x\0y"\n').problems[0]).toMatchObject({ line: 2, column: 6 });
  // On the first line it was right already.
  expect(parseYaml('a: "\0"\n').problems[0]).toMatchObject({ line: 1, column: 5 });
});
