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

/** The pure-layer rules plus more forbidden import patterns. */
const restrict = (base, ...patterns) => ({ patterns: [...base.patterns, ...patterns] });
const layer = (directory, message) => ({ group: [`**/${directory}/**`, `../${directory}/**`], message });

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
    // Dependencies point inward: model ← engine ← reporters/CLI, and checks are plugged into the engine.
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        restrict(pureLayerImports, layer('checks', 'The engine runs checks it is given; it imports none.')),
      ],
    },
  },
  {
    files: ['src/model/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        restrict(
          pureLayerImports,
          layer('checks', 'The model knows no check.'),
          layer('src/engine', 'The model is the innermost layer.'),
          layer('reporters', 'The model is the innermost layer.'),
        ),
      ],
    },
  },
  {
    files: ['reporters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        restrict(pureLayerImports, {
          group: ['**/src/errors*'],
          message: 'Reporters return errors as values; the CLI decides exit codes.',
        }),
      ],
    },
  },
  {
    // The built-in checks use the public check API, exactly as a plugin does, so it cannot drift.
    files: ['checks/*.ts'],
    ignores: ['checks/api.ts', 'checks/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        restrict(pureLayerImports, {
          group: ['../src/**', './lib/**', 'zod', 'zod/*'],
          message: 'A check imports only the public check API (./api.js), which gives zod too.',
        }),
      ],
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Asymmetric matchers (expect.objectContaining …) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Vitest hooks take their context as a destructured first parameter, even when it is not used.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
