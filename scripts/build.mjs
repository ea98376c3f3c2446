#!/usr/bin/env node
// Builds every process: main, preload, web mode and simulator with esbuild; the renderer with Vite.
// `--only sim` builds just the simulator (fast path for `npm run sim`).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { externalPackages } from './externals.mjs';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const started = Date.now();
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: externalPackages,
  sourcemap: true,
  logLevel: 'warning',
  // Studio's version, from package.json (its one place), for web mode and the CLI.
  define: {
    __STUDIO_VERSION__: JSON.stringify(
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
    ),
  },
};

const jobs = {
  main: () =>
    build({
      ...node,
      entryPoints: { main: 'src-main/app/main.ts', web: 'src-main/web/web-main.ts' },
      outdir: 'dist/main',
    }),
  // A sandboxed preload cannot load modules: bundle the contract (and zod) into one CommonJS file.
  preload: () =>
    build({
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      entryPoints: ['src-main/preload/preload.ts'],
      outfile: 'dist/preload/preload.cjs',
      external: ['electron'],
      logLevel: 'warning',
    }),
  cli: () =>
    build({
      ...node,
      entryPoints: { cli: 'src-main/cli/main.ts' },
      outdir: 'dist/main',
      banner: { js: '#!/usr/bin/env node' },
    }),
  sim: () => build({ ...node, entryPoints: { cli: 'src-main/simulator/cli.ts' }, outdir: 'dist/sim' }),
  renderer: () => viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' }),
};

const selected = values.only ? values.only.split(',') : Object.keys(jobs);
for (const name of selected) {
  const job = jobs[name];
  if (!job) {
    console.error(`build: unknown part "${name}" (known: ${Object.keys(jobs).join(', ')})`);
    process.exit(2);
  }
}
await Promise.all(selected.map((name) => jobs[name]()));
console.log(`build: ${selected.join(', ')} in ${Date.now() - started} ms`);
