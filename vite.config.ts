import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The renderer is built once and served by both shells: Electron (app://studio/) and web mode.
export default defineConfig({
  root: 'src-renderer',
  base: '/',
  publicDir: '../assets/public',
  plugins: [svelte()],
  // The contract and the catalogue are shared with main: one alias, the same as tsconfig's paths.
  resolve: { alias: { $shared: fileURLToPath(new URL('./src-shared', import.meta.url)) } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Keep every asset a file: the CSP allows no inline data for scripts or styles.
    assetsInlineLimit: 0,
    // Maps without a reference in the code: the licence list reads them; installers leave them out.
    sourcemap: 'hidden',
  },
});
