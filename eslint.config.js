// ESLint for every process: typescript-eslint for TypeScript, eslint-plugin-svelte for components,
// and a purity rule for the simulator core (no clock, timers, randomness or I/O inside).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

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
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
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
