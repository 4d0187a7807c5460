import picomatch from 'picomatch';
import { globPattern } from '../../src/records/globPattern';

/**
 * Globs from configuration run on RE2 (src/records/globPattern.ts): the same answers as picomatch
 * (with dotfiles, as the schema rule always used it) for the syntax spine-hooks globs have, linear
 * time on any path name, and a clear refusal for what they do not have.
 */
const globs = [
  'ops/**/*.lifecycle.yaml',
  'sites/{home,shop}/*.yaml',
  'ops/v?/[ab]*.yaml',
  '**/*.svc.yaml',
  'ops/bindings/*.lifecycle.yaml',
  'a/**',
  'x/{a,{b,c}}/y.md',
  'docs/[^a]*.md',
  'f\\*.yaml',
  '**',
  'a.{yaml,yml}',
  'x/[a-c].md',
];
const paths = [
  'ops/a.lifecycle.yaml',
  'ops/x/y/a.lifecycle.yaml',
  'ops/x.yaml',
  'sites/home/a.yaml',
  'sites/shop/b/c.yaml',
  'ops/v1/ax.yaml',
  'ops/v12/ax.yaml',
  'x.svc.yaml',
  'a/b/c.svc.yaml',
  '.hidden/x.svc.yaml',
  'a/b',
  'a/b/c',
  'x/c/y.md',
  'x/d/y.md',
  'docs/b.md',
  'docs/a.md',
  'f*.yaml',
  'fx.yaml',
  'ops/.x.lifecycle.yaml',
  'ops/bindings/z.lifecycle.yaml',
  'a.yml',
  'a.yaml',
  'a.json',
  'x/b.md',
  'x/d.md',
];

test.each(globs)('%s matches what picomatch matches', (glob) => {
  const theirs = picomatch(glob, { dot: true });
  const ours = globPattern(glob);
  expect(paths.filter((p) => ours.test(p))).toEqual(paths.filter((p) => theirs(p)));
});

test('[!a] is the POSIX negated class, as [^a] is', () => {
  expect(paths.filter((p) => globPattern('docs/[!a]*.md').test(p))).toEqual(['docs/b.md']);
});

test('a glob of many stars against a long path name answers at once (picomatch takes seconds)', () => {
  const glob = 'a*a*a*a*a*a*a*a*a*a*a*a*b';
  expect(globPattern(glob).test('a'.repeat(50_000))).toBe(false);
  expect(globPattern(glob).test(`${'a'.repeat(50)}b`)).toBe(true);
});

test.each([
  ['!(x).yaml', 'an extglob (!(…))'],
  ['ops/+(a|b).yaml', 'an extglob (+(…))'],
  ['!ops/x.yaml', 'a leading ! (negation)'],
])('%s is refused, saying why', (glob, what) => {
  expect(() => globPattern(glob)).toThrow(`glob ${JSON.stringify(glob)} uses ${what}`);
});
