// Benchmarks of the renderer:
// - live graph: time to draw one update with 24 h of 1-s samples (86 400 points × 6 series) in
//   Chromium (target < 4 ms per update);
// - size of what the first screen loads (index.html, its scripts and styles), gzipped (target < 250 kB).
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { browserLaunchOptions } from '../../scripts/browser.mjs';

async function graphFrameTime(): Promise<string> {
  const bundle = await build({
    entryPoints: ['test/bench/graph-page.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'warning',
  });
  const browser = await chromium.launch(browserLaunchOptions());
  const page = await browser.newPage();
  await page.setContent('<div id="plot" style="width:1200px"></div>');
  await page.addStyleTag({ path: 'node_modules/uplot/dist/uPlot.min.css' });
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const updates = await page.evaluate(
    () => (window as unknown as { benchResult: Promise<{ ms: number; drawn: boolean }[]> }).benchResult,
  );
  await browser.close();
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? 0;
    return { p50: p(0.5), p95: p(0.95), max: sorted.at(-1) ?? 0 };
  };
  const all = stats(updates.map((u) => u.ms));
  const drawn = updates.filter((u) => u.drawn);
  const draws = stats(drawn.map((u) => u.ms));
  return [
    `live graph: 24 h at 1 s (86 400 points × 6 series, bands), ${updates.length} updates: p50 ${all.p50.toFixed(2)} ms, p95 ${all.p95.toFixed(2)} ms, max ${all.max.toFixed(2)} ms per update (target < 4 ms; ratio at p95 ${(4 / all.p95).toFixed(1)}×)`,
    `live graph: ${drawn.length} of ${updates.length} updates drew (the rest changed less than a pixel); a redraw itself: p50 ${draws.p50.toFixed(2)} ms, p95 ${draws.p95.toFixed(2)} ms, max ${draws.max.toFixed(2)} ms`,
  ].join('\n');
}

function firstScreenSize(): string {
  const dir = 'dist/renderer';
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = ['index.html', ...assets];
  const gz = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(dir, file))).length, 0);
  const raw = files.reduce((sum, file) => sum + readFileSync(path.join(dir, file)).length, 0);
  return `renderer bundle: first screen ${files.length} files, ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip (target < 250 kB gzip; ratio ${(250 / (gz / 1024)).toFixed(1)}×)`;
}

export async function run(): Promise<string[]> {
  return [await graphFrameTime(), firstScreenSize()];
}
