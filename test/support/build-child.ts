/** Bundles a TypeScript test helper into a script `node` runs, next to node_modules (native modules resolve). */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function buildChild(entry: string, name: string): Promise<string> {
  const outfile = fileURLToPath(
    new URL(`../../node_modules/.cache/studio-tests/${name}.mjs`, import.meta.url),
  );
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    alias: { $shared: fileURLToPath(new URL('../../src-shared', import.meta.url)) },
    logLevel: 'warning',
  });
  return outfile;
}
