#!/usr/bin/env node
// Takes the README's screenshots from a real web-mode run with its simulator: the charger list,
// the charger view (status, live graph), the settings, and the simulator panel. `node scripts/screenshots.mjs`
// after `npm run build`; writes docs/screenshots/*.png. Uses only 127.0.0.1 (mDNS on loopback).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserLaunchOptions } from './browser.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-shots-'));
const child = spawn(
  process.execPath,
  ['dist/main/web.js', '--user-data-dir', dir, '--no-discovery', '--mdns-interface', '127.0.0.1'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((resolve) =>
  child.stdout.on('data', (d) => /(http:\S+)/.test(String(d)) && resolve(/(http:\S+)/.exec(String(d))[1])),
);
const browser = await chromium.launch(browserLaunchOptions());
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(url);
const row = page.getByRole('row', { name: /SmartEVSE-\d+/ });
await row.waitFor();
const token = new URL(url).searchParams.get('token');
const call = (method, body = {}) =>
  page.evaluate(
    async ([m, b, tk]) =>
      (
        await (
          await fetch(`/api/call/${m}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Studio-Token': tk },
            body: JSON.stringify(b),
          })
        ).json()
      ).value,
    [method, body, token],
  );
const status = await call('getSimulatorStatus');
const serial = status.chargers[0].serial;
await call('simulatorWorld', { serial, profile: 'summer-sunny', houseLoadA: null, pvA: null, pvPeakA: 40 });
await call('simulatorEv', { serial, ev: { state: 'charging', socPercent: 35 } });
await call('simulatorClock', { speed: 60 });
await page.waitForTimeout(3000);
await page.screenshot({ path: 'docs/screenshots/charger-list.png' });
await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
await page.getByRole('button', { name: 'Smart', exact: true }).click();
await page.waitForTimeout(20_000);
await page.screenshot({ path: 'docs/screenshots/charger-view.png' });
await page.getByRole('button', { name: '1 min', exact: true }).click();
await page.locator('.graph').screenshot({ path: 'docs/screenshots/live-graph.png' });
await page.locator('.schedule').screenshot({ path: 'docs/screenshots/scheduling.png' });
await page.locator('.settings').screenshot({ path: 'docs/screenshots/settings.png' });
await page.locator('.simulator').screenshot({ path: 'docs/screenshots/simulator-panel.png' });
await page.emulateMedia({ colorScheme: 'dark' });
await page.screenshot({ path: 'docs/screenshots/charger-view-dark.png' });
await page.emulateMedia({ colorScheme: 'light' });

// Fleet setup: four simulated chargers, one without a mains meter (it refuses Smart).
const four = await call('startSimulator', { chargers: 4 });
const control = `http://127.0.0.1:${four.controlPort}/sim`;
await fetch(`${control}/chargers/${four.chargers[2].serial}/config`, {
  method: 'POST',
  body: JSON.stringify({ mainsMeter: 0 }),
});
await page.getByRole('button', { name: 'Fleet setup' }).click();
await page.getByRole('button', { name: 'New profile' }).click();
await page.getByLabel('Name').fill('Street');
await page.getByRole('checkbox', { name: 'Minimum current' }).check();
await page.getByLabel('Minimum current (A)').fill('7');
await page.getByRole('button', { name: 'Save profile' }).click();
await page.getByRole('button', { name: 'Apply Street' }).click();
await page.getByRole('button', { name: 'All', exact: true }).click();
await page.getByRole('button', { name: /^Apply to \d/ }).click();
await page.getByText(/Finished, 4/).waitFor();
await page.locator('.fleet').screenshot({ path: 'docs/screenshots/fleet-apply.png' });
await page.getByRole('button', { name: 'Compare', exact: true }).click();
await page.getByRole('button', { name: 'All', exact: true }).click();
await page.locator('.fleet-panel').getByRole('button', { name: 'Compare', exact: true }).click();
await page.locator('table.compare').waitFor();
await page.locator('.fleet').screenshot({ path: 'docs/screenshots/fleet-compare.png' });
await browser.close();
child.kill('SIGTERM');
console.log('screenshots: docs/screenshots/*.png');
