import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The renderer is built once and served by both shells: Electron (app://studio/) and web mode.
export default defineConfig({
  root: 'src-renderer',
  base: '/',
  publicDir: '../assets/public',
  plugins: [svelte()],
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
