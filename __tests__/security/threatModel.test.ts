import * as fs from 'node:fs';
import * as path from 'node:path';
import { atRoot, docFile } from '../helpers/paths';

/**
 * docs/security.md names, for each statement, the test that holds it: every test file it names must
 * exist and hold tests, and every test file of this folder must be named there (no statement without
 * a test, no test of the threat model the page forgets).
 */
const page = fs.readFileSync(docFile('security.md'), 'utf8');
const named = [...new Set([...page.matchAll(/`([\w/]+\.test\.ts)`/g)].map((m) => m[1]))];

test('the page names test files', () => {
  expect(named.length).toBeGreaterThan(8);
});

test.each(named)('%s exists and holds tests', (file) => {
  const text = fs.readFileSync(atRoot('__tests__', file), 'utf8');
  expect(text).toMatch(/\btest(\.each\([\s\S]*?\))?\(/);
});

test('every test of the security folder is named on the page', () => {
  const own = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts') && f !== path.basename(__filename));
  expect(own.filter((f) => !named.includes(`security/${f}`))).toEqual([]);
});
