#!/usr/bin/env node
// `npm run bench`: builds the benchmark bundles and runs each, printing figures and ratios to target.
// Benchmarks measure; they never fail the test command.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { externalPackages } from '../../scripts/externals.mjs';

const { devDependencies } = JSON.parse(readFileSync('package.json', 'utf8'));

const benches = readdirSync('test/bench')
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
await build({
  entryPoints: benches.map((name) => path.join('test/bench', name)),
  outdir: 'dist/bench',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Benchmarks run from the checkout: the tools they drive (esbuild, Playwright) stay in node_modules.
  external: [...externalPackages, ...Object.keys(devDependencies).flatMap((name) => [name, `${name}/*`])],
  logLevel: 'warning',
});
const only = process.argv[2];
for (const name of benches) {
  if (only && !name.includes(only)) continue;
  const module = await import(pathToFileURL(path.resolve('dist/bench', name.replace(/\.ts$/, '.js'))).href);
  const started = Date.now();
  let lines;
  try {
    lines = await module.run();
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  for (const line of lines) console.log(line);
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
