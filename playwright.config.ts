import { defineConfig } from '@playwright/test';
import { browserLaunchOptions } from './scripts/browser.mjs';

// E2E: real Chromium (Debian's /usr/bin/chromium here) against web mode, each worker with its own
// Studio process and data folder. With STUDIO_E2E_SHELL=electron the same specs drive the Electron app.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.STUDIO_REPORT_FILE
    ? [['list'], ['json', { outputFile: process.env.STUDIO_REPORT_FILE }]]
    : [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: browserLaunchOptions(),
    trace: 'retain-on-failure',
  },
});
