// Goal: a new user's first minutes: an empty list that says what to do, a refused address shown as
// a clear error, and a real charger (a local server replaying REST_API.md's /settings) listed.
// Method: Playwright in Chromium against web mode (or Electron), real HTTP to a fixture server.
import { readFileSync } from 'node:fs';
import { axeViolations, expect, test } from './fixtures';
import { closedPort, settingsHandler, startFixtureServer } from '../support/fixture-charger';

// The empty state is what a user sees when the simulator is turned off (`--no-simulator`).
test.use({ studioArgs: ['--no-simulator'] });

const legacy = readFileSync(new URL('../fixtures/settings-legacy.json', import.meta.url), 'utf8');

test('empty state, a refused address, then a charger listed', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByRole('heading', { name: 'Chargers', level: 2 })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('No charger found on this network');
  await expect(page.getByRole('button', { name: 'Start the simulator' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Add one by address, or start the simulator.');
  expect(await axeViolations(page)).toEqual([]);

  const address = page.getByLabel('Address (host or host:port)');
  await address.fill('charger.local/settings');
  await page.getByRole('button', { name: 'Add charger' }).click();
  await expect(page.getByRole('alert')).toContainText('without a path');
  await expect(address).toHaveAttribute('aria-invalid', 'true');

  const port = await closedPort();
  await address.fill(`127.0.0.1:${port}`);
  await page.getByRole('button', { name: 'Add charger' }).click();
  await expect(page.getByRole('alert')).toContainText('refused the connection');

  const notACharger = await startFixtureServer((_req, res) => res.writeHead(200).end('<html>router</html>'));
  await address.fill(notACharger.address);
  await page.getByRole('button', { name: 'Add charger' }).click();
  await expect(page.getByRole('alert')).toContainText('did not send JSON');
  await notACharger.close();

  const charger = await startFixtureServer(settingsHandler(legacy));
  try {
    await address.fill(charger.address);
    await address.press('Enter');
    const row = page.getByRole('row', { name: new RegExp(charger.address.replace('.', '\\.')) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('21:02:46 @Jan 3 2024');
    await expect(row).toContainText('Off');
    await expect(row).toContainText('Ready to charge');
    await expect(row).toContainText('not reported');
    await expect(page.getByText('No charger found on this network')).toHaveCount(0);
    expect(charger.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /settings']);
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await expect(
      page.getByRole('row', { name: new RegExp(charger.address.replace('.', '\\.')) }),
    ).toBeVisible();
    // Added again: it is found, not "added" a second time (ux-review minor 6).
    await address.fill(charger.address);
    await page.getByRole('button', { name: 'Add charger' }).click();
    await expect(page.getByText(/is already in the list: its address is up to date\./)).toBeVisible();
    await expect(page.getByText(/^Added /)).toHaveCount(0);
    await expect(
      page.getByRole('row', { name: new RegExp(charger.address.replace('.', '\\.')) }),
    ).toHaveCount(1);
  } finally {
    await charger.close();
  }
});
