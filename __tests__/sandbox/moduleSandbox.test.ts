import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/tempDir';
import { exampleFiles, lineOf } from '../helpers/example';
import { hookedRepo, runBuilt } from '../helpers/gitRepo';
import { prepare, runPrepared } from '../../src/run';
import { S, CONFIG } from '../helpers/paths';

/**
 * Gate modules run in QuickJS (WebAssembly) inside the spine-hooks process, given only data. Each
 * hostile module below is one gate/crash finding, and nothing happens to the host: the real CLI ends
 * with its normal exit code, no inspector opens, no file changes, no secret is read.
 */
jest.setTimeout(60_000);

const base = exampleFiles();
const gateLine = (id: string, file: string, extra = '') =>
  `  - { id: ${id}, name: custom, description: m, severity: error, lanes: [core], fix_hint: m, module: ./${file}, reads: [ssh_targets]${extra} }\n`;
const moduleText = (body: string) =>
  `const { defineGate } = require('spine-hooks');\nmodule.exports = defineGate({ meta: { reads: ['ssh_targets'] }, check(ctx) {\n${body}\n} });\n`;

/** The example with one module gate D1010 whose check() has `body`; the built CLI runs it. */
function runModule(body: string, extra = '', source = moduleText(body)) {
  const dir = tempDir({ ...base, 'gates/m.js': source, [CONFIG]: `add_gates:\n${gateLine('D1010', 'gates/m.js', extra)}` });
  const before = JSON.stringify(fs.readdirSync(dir, { recursive: true }));
  const r = runBuilt(['--gate', 'D1010', '--cwd', dir, '--no-color'], dir);
  expect(JSON.stringify(fs.readdirSync(dir, { recursive: true }))).toBe(before);
  expect(r.stderr).not.toContain('Debugger listening');
  return { ...r, out: r.stdout + r.stderr };
}
const crash = (detail: string) => `D1010 gates/m.js error gate module ./gates/m.js failed: ${detail}`;

test.each([
  [
    'signalling its parent (SIGUSR1 opened the inspector)',
    "process.kill(process.ppid, 'SIGUSR1'); return [];",
    "ReferenceError: 'process' is not defined (gates/m.js:3)",
  ],
  ['process.exit', 'process.exit(0);', "ReferenceError: 'process' is not defined (gates/m.js:3)"],
  [
    'require of child_process',
    "require('child_process').execSync('touch pwned'); return [];",
    `a gate module may require only 'spine-hooks' (it required "child_process")`,
  ],
  [
    'reading /etc/passwd',
    "return [{ severity: 'error', check: 'x', file: 'f', line: 1, column: 1, message: require('fs').readFileSync('/etc/passwd', 'utf8') }];",
    `a gate module may require only 'spine-hooks' (it required "fs")`,
  ],
  ['throw null', 'throw null;', 'threw null'],
  [
    'an undeclared collection',
    "ctx.collection('vms'); return [];",
    'check() read collection "vms", which the gate does not declare in reads (gates/m.js:3)',
  ],
  ['a memory bomb', "const a = []; for (;;) a.push('x'.repeat(1e6));", 'ran out of memory (a module may use 64 MiB)'],
  ['recursion without end', 'const f = () => f(); f();', 'overflowed the stack (recursion too deep)'],
  [
    'reading the clock (hooks and ci would disagree)',
    'return Date.now() % 2 ? [] : [];',
    'Date is not available to a gate module: check() must be a pure function of its collections (gates/m.js:3)',
  ],
  [
    'randomness',
    'return Math.random() < 2 ? [] : [];',
    'Math.random is not available to a gate module: check() must be a pure function of its collections (gates/m.js:3)',
  ],
])('%s: one gate/crash finding, the host untouched', (_name, body, detail) => {
  const r = runModule(body);
  expect({ status: r.status, crash: r.out.includes(crash(detail)) }).toEqual({ status: 1, crash: true });
  expect(r.out).not.toContain('root:');
  expect(r.out).toMatch(/✖ 1 gate: 0 passed, 1 failed/); // the run completed and reported
});

test('a loop that never ends is stopped at timeout_ms', () => {
  const r = runModule('while (true) {}', ', timeout_ms: 300');
  expect(r.status).toBe(1);
  expect(r.out).toContain(crash('did not finish within 300 ms (timeout_ms; a loop that never ends?)'));
});

test('a syntax error is reported with its line', () => {
  const r = runModule('', '', "module.exports = {\n  meta: { reads: ['ssh_targets'] },\n  check() { return [; },\n};\n");
  expect(r.status).toBe(1);
  expect(r.out).toContain(crash('syntax error at gates/m.js:3: '));
});

test('no process, require of Node modules, timers, network or host objects exist in the sandbox', () => {
  const names = [
    'process',
    'require',
    'setTimeout',
    'setInterval',
    'setImmediate',
    'queueMicrotask',
    'fetch',
    'XMLHttpRequest',
    'WebSocket',
    'Buffer',
    'global',
    'module',
    'os',
    'std',
    'WebAssembly',
  ];
  const probe =
    `const seen = ${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== 'undefined');\n` +
    `return [{ severity: 'warn', check: 'probe', file: 'f', line: 1, column: 1, message: 'present: [' + seen.join(',') + ']' }];`;
  const r = runModule(probe);
  expect(r.out).toContain('D1010 f:1:1 warning present: []');
});

test('a module that returns correct findings: records, positions, params and severity as documented', () => {
  const body = `return ctx.collection('ssh_targets').records.filter((t) => t.value('id') === 'monitoring').map((t) => ({
  severity: ctx.severity, check: 'probe', entity: t.entity, ...t.loc('host'),
  message: [t.label, t.key, t.get('host'), JSON.stringify(t.raw('tags')), String(t.value('nope')), ctx.params.word,
    ctx.collection('ssh_targets').file].join(' | '),
}));`;
  const r = runModule(body, ', params: { word: hello }');
  const at = `${S}:${lineOf(base[S], 'host: "100.93.40.118"')}:7`;
  expect(r.out).toContain(
    `D1010 ${at} error ssh target monitoring | monitoring | 100.93.40.118 | ["observability","shop"] | undefined | hello | ${S}`,
  );
});

test('an engine made unusable by one module is replaced: the next module gate still runs', () => {
  const deep = moduleText("let s = 'a'; for (let i = 0; i < 20000; i++) s = '(' + s + ')'; eval(s); return [];");
  const fine = moduleText("return [{ severity: 'warn', check: 'ok', file: 'f', line: 2, column: 3, message: 'still here' }];");
  const dir = tempDir({
    ...base,
    'gates/a.js': deep,
    'gates/b.js': fine,
    // Deadlines far above what either needs: this test is about the stack, and a loaded machine must not turn it into a timeout.
    [CONFIG]: `add_gates:\n${gateLine('D1010', 'gates/a.js', ', timeout_ms: 30000')}${gateLine('D1011', 'gates/b.js', ', timeout_ms: 30000')}`,
  });
  const r = runBuilt(['--gate', 'D1010', '--gate', 'D1011', '--cwd', dir, '--no-color'], dir);
  expect(r.stdout).toMatch(
    /D1010 gates\/a\.js error gate module \.\/gates\/a\.js failed: (overflowed the stack|nested something too deeply)/,
  );
  expect(r.stdout).toContain('D1011 f:2:3 warning still here');
});

test('a run may cap every module deadline (hooks: 30 s), whatever timeout_ms says', async () => {
  const dir = tempDir({
    ...base,
    'gates/m.js': moduleText('for (;;) {}'),
    [CONFIG]: `add_gates:\n${gateLine('D1010', 'gates/m.js', ', timeout_ms: 60000')}`,
  });
  const result = await runPrepared(prepare({ cwd: dir, gates: ['D1010'] }), { moduleCapMs: 300 });
  expect(result.gates[0].findings.map((f) => f.message)).toEqual([
    'gate module ./gates/m.js failed: did not finish within 300 ms (the most a module may take in a hook; a loop that never ends?)',
  ]);
});

test('a real git commit through the installed hooks is blocked by a hostile module, with its crash finding', () => {
  const repo = hookedRepo({
    ...base,
    'gates/m.js': moduleText("process.kill(process.ppid, 'SIGUSR1'); return [];"),
    [CONFIG]: `add_gates:\n${gateLine('D1010', 'gates/m.js')}`,
  });
  repo.write({ [S]: `${base[S]}# touch\n` });
  repo.git(['add', S]);
  const head = repo.git(['rev-parse', 'HEAD']);
  const r = repo.tryGit(['commit', '-q', '-m', 'touch']);
  expect(r.status).toBe(1);
  expect(r.stdout + r.stderr).toContain(crash("ReferenceError: 'process' is not defined (gates/m.js:3)"));
  expect(r.stderr).not.toContain('Debugger listening');
  expect(repo.git(['rev-parse', 'HEAD'])).toBe(head);
  expect(fs.existsSync(path.join(repo.dir, 'pwned'))).toBe(false);
});
