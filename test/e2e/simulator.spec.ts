// Goal: a new user sees a live charger at once: on first launch with no real charger, Studio starts
// one simulated charger; with the simulator off, one click starts it.
// Method: Playwright in Chromium against web mode, which runs the real simulator process.
import { axeViolations, expect, test } from './fixtures';

test.describe('first launch', () => {
  test('starts one simulated charger and lists it', async ({ studio }) => {
    const { page } = studio;
    const row = page.getByRole('row', { name: /SmartEVSE-\d+/ });
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    await expect(row).toContainText('simulated');
    await expect(row).toContainText('v3.11.1');
    await expect(row).toContainText('Ready to charge');
    await expect(row.getByRole('cell', { name: 'None', exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: '0 A', exact: true })).toBeVisible();
    await expect(row).toContainText('online');
    await expect(row).toContainText(/127\.0\.0\.1:\d+/);
    // Rescan re-reads every charger; the simulated one is still one row.
    await page.getByRole('button', { name: 'Rescan' }).click();
    await expect(page.getByRole('button', { name: 'Rescan' })).toBeEnabled();
    await expect(page.getByRole('row', { name: /SmartEVSE-\d+/ })).toHaveCount(1);
    await expect(row).toContainText('just now');
  });
});

test.describe('simulator off', () => {
  test.use({ studioArgs: ['--no-simulator'] });

  test('the empty state starts the simulator with one click', async ({ studio }) => {
    const { page } = studio;
    await page.getByRole('button', { name: 'Start the simulator' }).click();
    const row = page.getByRole('row', { name: /SmartEVSE-\d+/ });
    await expect(row).toBeVisible({ timeout: 20_000 });
    await expect(row).toContainText('simulated');
    await expect(page.getByText('No charger found on this network')).toHaveCount(0);
  });
});

test.describe('the charger list', () => {
  test('filters, and renames a charger', async ({ studio }) => {
    const { page } = studio;
    const row = page.getByRole('row', { name: /SmartEVSE-\d+/ });
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    const filter = page.getByLabel('Filter chargers');
    await filter.fill('nothing-like-this');
    await expect(page.getByText('No charger matches “nothing-like-this”.')).toBeVisible();
    await filter.fill('ready');
    await expect(row).toHaveCount(1);
    await filter.fill('');
    await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('Garage');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Garage', level: 2 })).toBeVisible();
    await page.getByRole('button', { name: /All chargers/ }).click();
    await expect(page.getByRole('row', { name: /Garage/ })).toBeVisible();
  });
});

test.describe('simulated chargers', () => {
  test('start three as a power-share group, then stop the simulator', async ({ studio }) => {
    const { page } = studio;
    // The charger list's own rows (a power-share group is also shown in a table of its own).
    const list = page.getByRole('table', { name: 'Chargers', exact: true });
    const rows = list.getByRole('row', { name: /SmartEVSE-\d+/ });
    await expect(rows).toHaveCount(1, { timeout: 20_000 });
    const first = await rows
      .first()
      .getByRole('button', { name: /^Open SmartEVSE-/ })
      .textContent();
    const card = page.getByRole('region', { name: 'Simulated chargers' });
    await expect(card.getByTestId('sim-fleet-status')).toHaveText('Simulated chargers running: 1.');
    await card.getByLabel('Number of chargers').fill('3');
    await card.getByLabel(/Power-share group/).check();
    await card.getByRole('button', { name: 'Restart with these' }).click();
    await expect(card.getByTestId('sim-fleet-status')).toHaveText('Simulated chargers running: 3.', {
      timeout: 20_000,
    });
    await expect(rows).toHaveCount(3);
    // The first charger keeps its serial across the restart.
    await expect(page.getByRole('button', { name: `Open ${first!}`, exact: true })).toBeVisible();
    await expect(list.getByRole('row', { name: /online/ })).toHaveCount(3, { timeout: 15_000 });
    // Three as one group on the list: a master and two nodes.
    await expect(page.getByRole('table', { name: /the master and 2 nodes/ }).getByRole('row')).toHaveCount(4);
    // Fewer after a restart: the others go, not left behind as dead rows (ux-review minor 3).
    await card.getByLabel('Number of chargers').fill('2');
    await card.getByRole('button', { name: 'Restart with these' }).click();
    await expect(card.getByTestId('sim-fleet-status')).toHaveText('Simulated chargers running: 2.', {
      timeout: 20_000,
    });
    await expect(rows).toHaveCount(2);
    await card.getByRole('button', { name: 'Stop the simulator' }).click();
    await expect(card.getByTestId('sim-fleet-status')).toHaveText('The simulator is not running.');
    await expect(list.getByRole('row', { name: /offline/ })).toHaveCount(2, { timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
  });
});
