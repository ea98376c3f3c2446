import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Two projects: fast pure unit tests, and integration tests over real HTTP (and later mDNS) on loopback.
export default defineConfig({
  resolve: { alias: { $shared: fileURLToPath(new URL('./src-shared', import.meta.url)) } },
  test: {
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
