import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Two projects: fast pure unit tests, and integration tests over real HTTP (and later mDNS) on loopback.
export default defineConfig({
  resolve: { alias: { $shared: fileURLToPath(new URL('./src-shared', import.meta.url)) } },
  test: {
    // Files and the tests in each run in a shuffled order, so a test that leans on another's
    // leftovers fails here rather than on someone else's machine. The seed is printed on failure.
    sequence: { shuffle: { files: true, tests: true } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
