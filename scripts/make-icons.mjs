#!/usr/bin/env node
// Renders assets/icon.svg into the PNG sizes the installers need (with Chromium, already needed by
// the e2e tests), then packs them into icon.ico (Windows) and icon.icns (macOS).
// The results are committed; run this again after changing the SVG: `npm run icons`.
import { chromium } from '@playwright/test';
import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { browserLaunchOptions } from './browser.mjs';

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types holding PNG data, by pixel size.
const icnsTypes = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

export function packIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

export function packIcns(images) {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const total = 8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(total, 4);
  return Buffer.concat([head, ...chunks]);
}

async function main() {
  const svg = await readFile('assets/icon.svg', 'utf8');
  const browser = await chromium.launch(browserLaunchOptions());
  const page = await browser.newPage();
  await mkdir('assets/icons/png', { recursive: true });
  const pngs = new Map();
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    pngs.set(size, png);
    await writeFile(`assets/icons/png/${size}x${size}.png`, png);
  }
  await browser.close();
  await writeFile('assets/icons/icon.ico', packIco(icoSizes.map((size) => ({ size, png: pngs.get(size) }))));
  await writeFile(
    'assets/icons/icon.icns',
    packIcns(Object.entries(icnsTypes).map(([size, type]) => ({ type, png: pngs.get(Number(size)) }))),
  );
  await copyFile('assets/icons/png/512x512.png', 'assets/icons/icon.png');
  await mkdir('assets/public/assets', { recursive: true });
  await copyFile('assets/icons/png/64x64.png', 'assets/public/assets/icon-64.png');
  console.log(`icons: ${sizes.length} PNG sizes, icon.ico, icon.icns written to assets/icons`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
