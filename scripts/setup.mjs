#!/usr/bin/env node
// Installs everything from the npm registry only: no Electron binary and no Playwright browser
// download unless asked for with `--electron` (they come from GitHub and Microsoft's CDN).
// Uses only Node's standard library, so it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const wantElectron = process.argv.includes('--electron');
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
    ...options,
  });
  if (result.status !== 0) {
    console.error(`setup: "${command} ${args.join(' ')}" failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const install = existsSync('package-lock.json')
  ? ['ci', '--no-audit', '--no-fund']
  : ['install', '--no-audit', '--no-fund'];
run(npm, install);
if (wantElectron) {
  // Electron's own installer fetches the binary for this platform.
  run(process.execPath, ['node_modules/electron/install.js'], {
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
}
console.log('setup: done. `npm start` launches the app; `npm test` runs every suite.');
