// Goal (issue 13 point 9): a reboot's feedback finishes. Reboot says the charger is restarting,
// then "back online" when it answers again; a deferred reboot (while charging) stays on the view
// after a page reload, until it happens.
// Method: Playwright in Chromium against web mode and its simulator, which stops answering while
// it restarts as a real charger does.
import { control, expect, simulatorControl, test } from './fixtures';

test('reboot: restarting, then back online', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(page.getByRole('heading', { name: 'Now', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Reboot the charger' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  const status = page.getByTestId('reboot-status');
  await expect(status).toContainText(/The charger is rebooting\.|The charger is restarting/);
  await expect(status).toContainText(/restarting: no reply for \d+ s/, { timeout: 10_000 });
  await expect(status).toContainText(/Back online: the charger answered again \d+ s after the reboot\./, {
    timeout: 20_000,
  });
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
});

test('a deferred reboot stays visible after a reload, until it happens', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/ev`, { state: 'charging' });
  await expect(page.getByTestId('charger-status')).toContainText('Charging', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Reboot the charger' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  const status = page.getByTestId('reboot-status');
  await expect(status).toHaveText('The charger will reboot when charging stops.');
  await page.reload();
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(status).toHaveText('The charger will reboot when charging stops.');
  // Unplugging ends charging: the charger reboots and comes back.
  await control(base, `/chargers/${serial}/ev`, { state: 'disconnected' });
  await expect(status).toContainText('Back online', { timeout: 30_000 });
});
