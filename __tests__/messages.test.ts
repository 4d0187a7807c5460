import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

// Every sentence spine-hooks prints lives in src/messages.ts (or, for what a rule kind says, in its
// src/rules/<kind>/messages.ts). A configuration error built from an inline string or template would be
// a sentence outside it: this test finds them, so new ones cannot creep back.
const ROOT = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Files allowed to hold sentences: the message modules. */
const isMessageModule = (file: string) => /^src[/\\](messages\.ts|rules[/\\][^/\\]+[/\\]messages\.ts)$/.test(file);

/** A literal sentence, or an expression built from one (`'a' + x`, `c ? 'a' : b`); a call's arguments are that call's business. */
function holdsLiteral(e: ts.Expression): boolean {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return holdsLiteral(e.expression);
  if (ts.isBinaryExpression(e)) return holdsLiteral(e.left) || holdsLiteral(e.right);
  if (ts.isConditionalExpression(e)) return holdsLiteral(e.whenTrue) || holdsLiteral(e.whenFalse);
  return false;
}

/** The message argument of `new ConfigError(message, …)`, `new ReferenceProblem(message, …)` or `located(src, pointer, message)`. */
function messageArgument(node: ts.Node): ts.Expression | undefined {
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ['ConfigError', 'ReferenceProblem'].includes(node.expression.text))
    return node.arguments?.[0];
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'located') return node.arguments[2];
  return undefined;
}

/** `file:line: call` for every error built from an inline sentence in `text`. */
function inlineSentences(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const message = messageArgument(node);
    if (message && holdsLiteral(message)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1}: ${node.getText().split('\n')[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('messages', () => {
  it('finds an inline sentence in each form an error takes', () => {
    const text = [
      "throw new ConfigError('a sentence', file);",
      'throw new ConfigError(`gate ${id} is off`);',
      "throw new ReferenceProblem('a gate needs rules' + more, '');",
      'throw located(src, pointer, cond ? `unknown ${x}` : other);',
      'throw new ConfigError(CONFIG_MSG.cannotRead(code), file);',
      'throw located(src, pointer, CONFIG_MSG.unknownLane(lane, lanes));',
      'throw new ConfigError(USAGE_MSG.unknownOption(a, b, meant(b, names, (s) => `--${s}`)));',
      'throw new ReferenceProblem(p.message, at);',
    ].join('\n');
    expect(inlineSentences('x.ts', text).map((f) => f.split(': ')[0])).toEqual(['x.ts:1', 'x.ts:2', 'x.ts:3', 'x.ts:4']);
  });

  it('no configuration error in src/ is built from an inline sentence (they live in src/messages.ts)', () => {
    const files = sourceFiles('src').filter((f) => !isMessageModule(f));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => inlineSentences(f.split(path.sep).join('/'), fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the old message modules are gone: src/messages.ts is the one home', () => {
    for (const old of ['src/governance/messages.ts', 'src/hooks/hookMessages.ts', 'src/init/ciMessages.ts'])
      expect(fs.existsSync(path.join(ROOT, old))).toBe(false);
  });
});
