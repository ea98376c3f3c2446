// Goal (issue 13 point 9, ux-review minor 8): a removed charger can be undone, and comes back as
// it was, its name included; the removal itself does not ask (it is undoable), Reboot asks in place.
// Method: Playwright in Chromium against web mode; a fixture charger added by address is renamed,
// removed and restored; the list is read again after a reload (what main keeps).
import { readFileSync } from 'node:fs';
import { axeViolations, expect, test } from './fixtures';
import { settingsHandler, startFixtureServer } from '../support/fixture-charger';

test.use({ studioArgs: ['--no-simulator'] });

test('remove a renamed charger, undo, and it is back with its name', async ({ studio }) => {
  const { page } = studio;
  const recorded = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
  const server = await startFixtureServer(settingsHandler(recorded));
  try {
    const address = page.getByLabel(/Address/);
    await address.fill(server.address);
    await address.press('Enter');
    const open = page.getByRole('button', { name: /^Open SmartEVSE-/ });
    await open.click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('Garage');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Garage', level: 2 })).toBeVisible();
    await page.getByRole('button', { name: /All chargers/ }).click();

    await page.getByRole('button', { name: /^Remove/ }).click();
    await expect(page.getByRole('button', { name: 'Open Garage' })).toHaveCount(0);
    const undo = page.getByTestId('undo-remove');
    await expect(undo).toContainText('Removed Garage.');
    expect(await axeViolations(page)).toEqual([]);
    await undo.getByRole('button', { name: 'Undo removing Garage' }).click();
    await expect(page.getByRole('button', { name: 'Open Garage' })).toBeVisible();
    await expect(undo).toHaveCount(0);
    // Back for good: main remembers it (and its name) after a reload.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Open Garage' })).toBeVisible();
  } finally {
    await server.close();
  }
});
