import { renderTemplates } from '../../src/records/values';

/** Templates render from their compiled parts; a list placeholder gives one string per combination. */
describe('renderTemplates', () => {
  const get = (data: Record<string, unknown>) => (field: string) => data[field];
  test.each<[string, Record<string, unknown>, string[]]>([
    ['vm-{vmid}', { vmid: 203 }, ['vm-203']],
    ['{a}-{b}-{a}', { a: ' x ', b: 'y' }, ['x-y-x']],
    ['{name}', { name: 'a$&b$1' }, ['a$&b$1']],
    ['no placeholder', {}, ['no placeholder']],
    ['{a}{b}', { a: 1, b: true }, ['1true']],
    ['vm-{vmid}', {}, []],
    ['vm-{vmid}', { vmid: '\u2014' }, []],
    ['vm-{vmid}', { vmid: { nested: 1 } }, []],
    ['p/{name}/{scripts}', { name: 'n', scripts: ['a', 'b'] }, ['p/n/a', 'p/n/b']],
    ['{x}-{y}', { x: ['1', '2'], y: ['a', 'b'] }, ['1-a', '1-b', '2-a', '2-b']],
    ['{x}-{y}', { x: 'k', y: [] }, []],
    ['{x}-{y}-{x}', { x: ['1', ' ', '2'], y: 'z' }, ['1-z-1', '2-z-2']],
  ])('%s with %j', (template, data, want) => {
    expect(renderTemplates(template, get(data))).toEqual(want);
    // Compiled once, the same answer again.
    expect(renderTemplates(template, get(data))).toEqual(want);
  });
});
