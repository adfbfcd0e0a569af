// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Pure layers: no AWS SDK, no terminal UI, no file system. */
const pureLayerImports = {
  patterns: [
    { group: ['@aws-sdk/*', '@smithy/*'], message: 'Only src/aws/ talks to AWS.' },
    { group: ['ink', 'ink-*', 'react', 'react/*'], message: 'Only src/ui/ renders.' },
    { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'], message: 'Pure code does not touch the file system.' },
    {
      group: ['**/src/aws/**', '**/src/cli*', '**/src/ui/**'],
      message: 'Pure code does not import the imperative shell.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      // Leaving keys out of a copy with a rest pattern is the point of `const { a: _, ...rest } = x`.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['checks/**', 'reporters/**', 'src/engine/**', 'src/model/**'],
    rules: { 'no-restricted-imports': ['error', pureLayerImports] },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Asymmetric matchers (expect.objectContaining …) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
