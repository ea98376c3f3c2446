// Goal: electron-builder.yml is a valid configuration for all three platforms, and every file it
// names exists (icons in the formats the builders read). Offline: electron-builder's own JSON schema.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const config = parse(readFileSync('electron-builder.yml', 'utf8'));

function pngSize(file: string): [number, number] {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema', () => {
    const schema = require('app-builder-lib/scheme.json');
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the product and the installers of each platform', () => {
    expect(config.productName).toBe('SmartEVSE Studio');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('sets the fuses that close Electron’s debugging and Node back doors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('has real icons: an ICO of PNGs, an ICNS of PNGs, and square PNG sizes for Linux', () => {
    const ico = readFileSync(config.win.icon);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    expect(count).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < count; i += 1) {
      const offset = ico.readUInt32LE(6 + 16 * i + 12);
      expect(ico.subarray(offset + 1, offset + 4).toString('ascii')).toBe('PNG');
    }
    const icns = readFileSync(config.mac.icon);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(icns.includes(Buffer.from('ic10'))).toBe(true);
    const pngs = readdirSync(config.linux.icon);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngs).toContain(`${size}x${size}.png`);
      expect(pngSize(`${config.linux.icon}/${size}x${size}.png`)).toEqual([size, size]);
    }
    expect(existsSync('assets/icon.svg')).toBe(true);
  });
});
