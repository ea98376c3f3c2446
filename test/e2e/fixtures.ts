/**
 * E2E fixtures: `studio` starts a fresh Studio (web mode by default, Electron when
 * STUDIO_E2E_SHELL=electron and its binary exists) with its own data folder, and yields its page.
 */
import { test as base, _electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { translate, type Locale, type MessageKey } from '../../src-shared/i18n/messages';

export interface StudioInstance {
  page: Page;
  userDataDir: string;
  /** The desktop app, when the specs drive Electron (STUDIO_E2E_SHELL=electron). */
  electronApp?: ElectronApplication;
}

export const shell: 'web' | 'electron' = process.env.STUDIO_E2E_SHELL === 'electron' ? 'electron' : 'web';

/**
 * Tests never browse the real network, and each Studio sees only its own simulated chargers: the
 * e2e workers run side by side, and on loopback mDNS each would find the others' simulators.
 * (Discovery itself is tested in test/integration/discovery.test.ts and cli.test.ts, on loopback.)
 */
const loopbackOnly = ['--no-discovery', '--mdns-interface', '127.0.0.1'];

async function startWebMode(
  userDataDir: string,
  args: string[],
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    ['dist/main/web.js', '--user-data-dir', userDataDir, ...loopbackOnly, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start:\n${output}`)), 15_000);
    const read = () => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${output}`)));
  });
  return { url, child, output: () => output };
}

export const test = base.extend<{ studio: StudioInstance; studioArgs: string[] }>({
  /** Extra command-line switches for Studio, e.g. `--no-simulator`. */
  studioArgs: [[], { option: true }],
  studio: async ({ page, studioArgs }, use, testInfo) => {
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'studio-e2e-'));
    if (shell === 'electron') {
      const electronPath = createRequire(import.meta.url)('electron') as unknown as string;
      const app = await _electron.launch({
        executablePath: electronPath,
        args: ['.', `--user-data-dir=${userDataDir}`, '--no-discovery', ...studioArgs],
      });
      await use({ page: await app.firstWindow(), userDataDir, electronApp: app });
      await app.close();
    } else {
      const { url, child, output } = await startWebMode(userDataDir, studioArgs);
      await page.goto(url);
      await use({ page, userDataDir });
      // What Studio and its simulator printed, kept with a failed test to tell why.
      if (testInfo.status !== testInfo.expectedStatus)
        await testInfo.attach('web mode output', { body: output(), contentType: 'text/plain' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(userDataDir, { recursive: true, force: true });
  },
});

export { expect, type Page } from '@playwright/test';

/** Runs axe-core in the page (through the DevTools protocol, so the page's CSP stays intact). */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; nodes: unknown[] }[]> {
  const source = createRequire(import.meta.url)('axe-core').source as string;
  return page.evaluate(async (axeSource) => {
    // axe-core is injected as source text; evaluate() runs outside the page's CSP.
    (0, eval)(axeSource);
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: [] }> } }).axe;
    const result = await axe.run(document);
    return result.violations;
  }, source);
}

/** The simulator Studio runs, through Studio's own API from the page: its control API's base URL. */
export async function simulatorControl(page: Page): Promise<{ base: string; serial: number }> {
  const status = await page.evaluate(async () => {
    const api = (window as unknown as { studio?: { getSimulatorStatus: (r: object) => Promise<unknown> } })
      .studio;
    if (api) return api.getSimulatorStatus({});
    const token = new URLSearchParams(location.search).get('token') ?? '';
    const response = await fetch('/api/call/getSimulatorStatus', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Studio-Token': token },
      body: '{}',
    });
    return ((await response.json()) as { value: unknown }).value;
  });
  const { controlPort, chargers } = status as { controlPort: number; chargers: { serial: number }[] };
  return { base: `http://127.0.0.1:${controlPort}/sim`, serial: chargers[0]!.serial };
}

export async function control(base: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

/** Opens the first listed charger and plugs a charging EV into it (the simulator's control API). */
export async function openChargerCharging(page: Page): Promise<{ base: string; serial: number }> {
  await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
  const sim = await simulatorControl(page);
  await control(sim.base, `/chargers/${sim.serial}/ev`, { state: 'charging' });
  return sim;
}

/** Restarts the simulator with `count` chargers wired as one power-share group, from its card. */
/** Restarts the embedded simulator with `count` standalone chargers and waits until all are listed online. */
export async function startSimulated(page: Page, count: number): Promise<void> {
  const card = page.getByRole('region', { name: 'Simulated chargers' });
  await expect(card.getByTestId('sim-fleet-status')).toHaveText('Simulated chargers running: 1.', {
    timeout: 20_000,
  });
  await card.getByLabel('Number of chargers').fill(String(count));
  await card.getByRole('button', { name: 'Restart with these' }).click();
  await expect(page.getByRole('row', { name: /online/ })).toHaveCount(count, { timeout: 20_000 });
}

export async function startSimulatedGroup(page: Page, count: number): Promise<void> {
  const card = page.getByRole('region', { name: 'Simulated chargers' });
  await card.getByLabel('Number of chargers').fill(String(count));
  await card.getByLabel(/Power-share group/).check();
  await card.getByRole('button', { name: 'Restart with these' }).click();
  await expect(card.getByTestId('sim-fleet-status')).toHaveText(`Simulated chargers running: ${count}.`, {
    timeout: 20_000,
  });
}

/** Chooses the UI language (English is the default) and gives the catalogue's words in it. */
export async function speak(
  page: Page,
  lang: Locale,
): Promise<(key: MessageKey, values?: Record<string, string | number>) => string> {
  if (lang !== 'en') await page.getByLabel('Language').selectOption(lang);
  return (key, values = {}) => translate(lang, key, values);
}
