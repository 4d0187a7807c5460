// @ts-check
// Lint: typescript-eslint's type-aware recommended rules, plus the house limits (functions of at most
// 80 lines, lines of at most 160 characters, every eslint-disable saying why). Formatting is Prettier's
// (`npm run format`); `npm run lint` checks both.
import eslint from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'examples/', 'scripts/', 'hooks/', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The product's own folders; tests make their temporary folders as they like.
    files: ['src/**/*.ts', 'bin/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // Node's recursive mkdir can loop for ever under a pseudo file system (/proc): src/cache/makeDirs.ts says why.
          selector: "CallExpression[callee.property.name='mkdirSync'] Property[key.name='recursive']",
          message: 'Use makeDirs (src/cache/makeDirs.ts): a recursive mkdirSync can hang under /proc.',
        },
      ],
    },
  },
  {
    // Tests read JSON that a process printed (reports, receipts, SARIF) and assert on its shape: the
    // value is `any` by nature there, and typing every parsed report would restate src/report's types.
    // Test bodies are tables of cases, so their length is not a function's length.
    files: ['__tests__/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      'max-lines-per-function': 'off',
    },
  },
);
