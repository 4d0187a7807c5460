import { removeAt } from '../../src/fix/yamlEdits';

describe('removeAt: an entry goes with its lines, and the blank lines around it stay single', () => {
  test.each([
    [
      'a list item set off by blank lines on both sides leaves one blank line',
      'items:\n  - id: a\n\n  - id: b\n    port: 1\n\n  - id: c\n',
      ['items', 1],
      'items:\n  - id: a\n\n  - id: c\n',
    ],
    [
      'a map entry between blank lines, CRLF',
      'svc:\r\n  a: 1\r\n\r\n  b:\r\n    x: 2\r\n\r\n  c: 3\r\n',
      ['svc', 'b'],
      'svc:\r\n  a: 1\r\n\r\n  c: 3\r\n',
    ],
    [
      'an entry right under a comment keeps the blank line that follows it',
      'svc:\n  # section\n  a: 1\n\n  b: 2\n',
      ['svc', 'a'],
      'svc:\n  # section\n\n  b: 2\n',
    ],
    ["packed entries: only the entry's lines", 'items:\n  - id: a\n  - id: b\n  - id: c\n', ['items', 1], 'items:\n  - id: a\n  - id: c\n'],
    ['the last entry, blank lines to the end', 'items:\n  - id: a\n\n  - id: b\n\n', ['items', 1], 'items:\n  - id: a\n\n'],
  ] as const)('%s', (_what, text, path, want) => {
    expect(removeAt(text, [...path])).toBe(want);
  });
});
