// ESLint for every process: typescript-eslint for TypeScript, eslint-plugin-svelte for components,
// and a purity rule for the simulator core (no clock, timers, randomness or I/O inside).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const impureCall = (object, property, why) => ({
  selector: `CallExpression[callee.object.name='${object}'][callee.property.name='${property}']`,
  message: why,
});

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', 'assets/icons/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Type-aware checks where the app's logic lives (main, the contract, and the renderer's services,
  // managers and API): a promise nobody awaits, a promise where a function was expected,
  // "[object Object]" in a string. Components are left to svelte-check: typed lint over them
  // doubled the lint's time (26 s → 50 s), and they hold no logic of their own.
  {
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Handlers are `async` on purpose: a StudioError thrown inside becomes a rejected promise,
      // which the dispatcher turns into an error reply. An await is not what makes them async.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // No import cycles: a module that imports itself through others has no order to start in.
  {
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [
            'src-main/tsconfig.json',
            'src-main/simulator/tsconfig.json',
            'src-renderer/tsconfig.json',
          ],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.svelte'],
    languageOptions: { parser: svelteParser },
    // `let { a } = $props()` is how props are declared; the Svelte rule knows the runes.
    rules: {
      'prefer-const': 'off',
      'svelte/prefer-const': 'error',
    },
  },
  // Components never call the Studio API: they use the services from `useServices()`, which hold
  // the one result type and the one error handler. Types from anywhere may still be imported.
  {
    files: ['src-renderer/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/*', '**/services/*.service'],
              allowTypeImports: true,
              message: 'Components call services through useServices(), never the API or a service module.',
            },
          ],
          paths: [
            {
              name: '$shared/contract',
              importNames: ['createStudioApi'],
              message: 'Components call services through useServices(), never the API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src-main/simulator/core/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        impureCall('Date', 'now', 'The core gets time from its caller (nowMs); never read the clock.'),
        impureCall('Math', 'random', 'Use the seeded random source passed in; never Math.random().'),
        impureCall('performance', 'now', 'The core gets time from its caller (nowMs); never read the clock.'),
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the clock.',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'process', 'require'].map(
          (name) => ({
            name,
            message: 'The simulator core is a pure step function: no timers, I/O or process access.',
          }),
        ),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'net',
                'http',
                'dgram',
                'child_process',
                'electron',
                'ws',
                'bonjour-service',
              ],
              message: 'No I/O in the simulator core.',
            },
          ],
        },
      ],
    },
  },
);
