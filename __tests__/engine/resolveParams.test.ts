import { resolveParams } from '../../src/registry/resolveParams';
import { ReferenceProblem } from '../../src/registry/ConfigError';

describe('resolveParams substitutes a gate’s parameters into its rules', () => {
  test('a parameter in a value, in a list (a list parameter is spliced in), and nowhere else; the input is not changed', () => {
    const rules = [{ kind: 'x', where: { status: { in: { $param: 'st' } } }, exclude: [{ $param: 'hosts' }, 'extra', { $param: 'one' }] }];
    const before = JSON.stringify(rules);
    const out = resolveParams(rules, { st: ['a', 'b'], hosts: ['h1', 'h2'], one: 'o' });
    expect(out).toEqual([{ kind: 'x', where: { status: { in: ['a', 'b'] } }, exclude: ['h1', 'h2', 'extra', 'o'] }]);
    expect(JSON.stringify(rules)).toBe(before);
    // Not a parameter: another key beside $param.
    expect(resolveParams({ v: { $param: 'st', also: 1 } }, { st: 1 })).toEqual({ v: { $param: 'st', also: 1 } });
  });

  test('an unknown parameter is a ReferenceProblem at its JSON pointer', () => {
    let err: unknown;
    try {
      resolveParams([{ a: 1 }, { where: { f: [0, { $param: 'nope' }] } }], { x: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReferenceProblem);
    expect((err as ReferenceProblem).pointer).toBe('/rules/1/where/f/1');
    expect((err as ReferenceProblem).message).toContain('unknown parameter "nope"');
  });

  test('a __proto__ key stays a key of the copy', () => {
    const rules = JSON.parse('[{"__proto__": {"polluted": true}, "kind": "x"}]') as unknown;
    const out = resolveParams(rules, {}) as Array<Record<string, unknown>>;
    expect(Object.keys(out[0])).toEqual(['__proto__', 'kind']);
    expect((out[0] as { polluted?: boolean }).polluted).toBeUndefined();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
