// Goal: a supporter pastes someone's /settings and gets a simulated charger with those settings,
// installer values included, opens it and sees them; a paste that is not a settings document is
// refused in words; a listed charger's twin is one click on its page. Method: Playwright in
// Chromium against web mode and its simulator; the document is the real dingo35 fixture.
import { readFileSync } from 'node:fs';
import { axeViolations, expect, test } from './fixtures';

const fixture = JSON.parse(readFileSync('test/fixtures/settings-dingo35.json', 'utf8')) as {
  settings: Record<string, unknown>;
};

test('a pasted /settings becomes a simulated charger with its installer values', async ({ studio }) => {
  const { page } = studio;
  const twin = page.getByRole('region', { name: 'Twin in the simulator' });
  await twin.getByRole('button', { name: 'Make a twin', exact: true }).click();
  await expect(twin.getByRole('alert')).toHaveText('Paste a settings document or load a file first.');
  await twin.getByLabel('Settings document (JSON)').fill('{"evse": ');
  await twin.getByRole('button', { name: 'Make a twin', exact: true }).click();
  await expect(twin.getByRole('alert')).toContainText('This is not JSON');
  await twin.getByLabel('Settings document (JSON)').fill('{"hello": 1}');
  await twin.getByRole('button', { name: 'Make a twin', exact: true }).click();
  await expect(twin.getByRole('alert')).toContainText('This is not a SmartEVSE /settings document');

  const doc = structuredClone(fixture);
  Object.assign(doc.settings, { current_main: 47, current_max_circuit: 21, solar_start_current: 99 });
  await twin.getByLabel('Settings document (JSON)').fill(JSON.stringify(doc));
  await twin.getByRole('button', { name: 'Make a twin', exact: true }).click();
  const outcome = twin.getByTestId('twin-outcome');
  await expect(outcome).toContainText('was added to the list');
  await expect(outcome).toContainText('settings.solar_start_current');
  await expect(outcome).toContainText('Not copied: mqtt, ocpp, wifi');
  expect(await axeViolations(page)).toEqual([]);
  await twin.getByRole('button', { name: 'Open the twin' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Twin of SmartEVSE-12345' })).toBeVisible();
  // The installer values as the charger page's "Set on the charger" list shows them.
  const value = (term: string) => page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('+ dd');
  await expect(value('Maximum mains current')).toHaveText('47 A');
  await expect(value('Maximum circuit current')).toHaveText('21 A');
});

test('a listed charger’s twin from its page', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const twin = page.getByRole('region', { name: 'Twin in the simulator' });
  await twin.getByRole('button', { name: 'Make a twin of this charger' }).click();
  await expect(twin.getByTestId('twin-outcome')).toContainText('was added to the list');
  await page.getByRole('button', { name: /^← / }).click();
  await expect(page.getByRole('button', { name: /^Open Twin of SmartEVSE-/ })).toBeVisible();
});
