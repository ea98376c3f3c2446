// Goal (ux-review M8): the simulator panel makes the cases trainers and integrators need without
// curl: a mains meter on API (so the feed panel works), too hot, a residual-current fault, a mains
// meter that stops answering; and while a day profile runs, the sliders say it sets them.
// Method: Playwright in Chromium against web mode and its simulator; each case is read back from
// the charger's own reply as the Now card shows it.
import { axeViolations, expect, test } from './fixtures';

test('the simulator panel makes every "why is it not charging" case', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const panel = page.getByRole('region', { name: 'Simulator', exact: true });
  const hardware = panel.locator('form.sim-hardware');
  const status = page.getByTestId('charger-status');
  const feed = page.getByRole('region', { name: 'Feed meter values' });
  await expect(feed).toContainText('not set to API');

  // A mains meter on API: the feed panel no longer warns.
  await hardware.getByRole('combobox', { name: /^Mains meter/ }).selectOption({ label: 'API' });
  await hardware.getByRole('button', { name: 'Set on the simulated charger' }).click();
  await expect(feed).not.toContainText('not set to API', { timeout: 15_000 });

  // Too hot.
  await hardware.getByRole('combobox', { name: /^Mains meter/ }).selectOption({ label: 'Sensorbox' });
  await hardware.getByLabel('Temperature (°C)').fill('80');
  await hardware.getByRole('button', { name: 'Set on the simulated charger' }).click();
  await expect(status).toContainText('temperature 80 °C is above the maximum of 65 °C', { timeout: 15_000 });
  await hardware.getByLabel('Temperature (°C)').fill('30');

  // A residual-current fault while charging.
  await panel.getByLabel('Cable').selectOption('charging');
  await panel.locator('form.sim-ev').getByRole('button', { name: 'Apply' }).click();
  await hardware.getByRole('checkbox', { name: /Residual current fault/ }).check();
  await hardware.getByRole('button', { name: 'Set on the simulated charger' }).click();
  await expect(status).toContainText('residual current detected', { timeout: 15_000 });
  await hardware.getByRole('checkbox', { name: /Residual current fault/ }).uncheck();

  // In Smart, a mains meter that stops answering: no mains readings (after the firmware's 11 s).
  await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Smart', exact: true }).click();
  await hardware.getByLabel('Mains meter answers').uncheck();
  await hardware.getByRole('button', { name: 'Set on the simulated charger' }).click();
  await panel.getByRole('button', { name: '10×' }).click();
  await expect(status).toContainText(/no mains (meter )?data/, { timeout: 20_000 });

  // A day profile sets the house and the sun: the sliders say so.
  const profile = panel.getByLabel('Day profile');
  const first = await profile.locator('option').nth(1).getAttribute('value');
  await profile.selectOption(first!);
  await expect(panel.getByTestId('sim-following')).toBeVisible({ timeout: 10_000 });
  await expect(panel.getByLabel(/House load L1/)).toBeDisabled();
  expect(await axeViolations(page)).toEqual([]);
});
