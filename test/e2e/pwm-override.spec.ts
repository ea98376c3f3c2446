// Goal (ux-review B2): a fixed PWM duty is never hidden. Set from the expert panel it shows, on the
// Now card and in the list, what it offers and that load balancing is off, stays after a reload,
// and is released from the banner; one fixed outside Studio is shown too; Dutch says the same.
// Method: Playwright in Chromium against web mode and its simulator, a car charging at 10×.
import { translate } from '../../src-shared/i18n/messages';
import { axeViolations, control, expect, simulatorControl, test } from './fixtures';

test('a fixed PWM duty is shown on the Now card and in the list until it is released', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/ev`, { state: 'charging', maxCurrentA: 32 });
  await control(base, '/clock', { speed: 10 });
  const status = page.getByTestId('charger-status');
  await expect(status).toContainText(/Charging at 16\.0 A/, { timeout: 15_000 });

  const expert = page.locator('details.expert');
  await expert.locator('summary').click();
  await expert.getByLabel('I understand').check();
  await expert.getByLabel(/Duty/).fill('512');
  await expect(expert.getByTestId('duty-meaning')).toHaveText('50 % offers the car 30.1 A');
  await expert.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(expert.getByText('Applied: the charger confirms it.')).toBeVisible();

  const banner = page.locator('.dashboard .override-banner');
  await expect(banner).toContainText(
    'Fixed pilot duty 50 %: the car may draw up to 30.1 A per phase. Load balancing is off for this charger.',
  );
  await expect(banner).toContainText('Set from Studio at');
  await expect(status).toHaveText(/Charging at a fixed duty of 50 % \(up to 30\.1 A\)/);
  expect(await axeViolations(page)).toEqual([]);

  // After a reload (the expert panel closed again) the banner is still there, and in the list.
  await page.reload();
  await page
    .getByRole('row', { name: /SmartEVSE-\d+/ })
    .getByText('Fixed duty 50 %')
    .waitFor();
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(banner).toContainText('Fixed pilot duty 50 %');
  await expect(page.locator('details.expert')).not.toHaveAttribute('open', '');

  // In Dutch.
  await page.getByLabel('Language').selectOption('nl');
  await expect(banner).toContainText(translate('nl', 'overrideOn', { percent: '50', amps: '30,1' }));
  await page.getByLabel('Taal').selectOption('en');

  await banner.getByRole('button', { name: 'Release the fixed duty' }).click();
  await expect(banner).toHaveCount(0);
  await expect(status).toContainText(/Charging at 16\.0 A/, { timeout: 15_000 });

  // Fixed outside Studio (the charger's own page sends override_pwm): recognised while it charges.
  const sim = (await (await fetch(base)).json()) as { chargers: { serial: number; port: number }[] };
  const port = sim.chargers.find((c) => c.serial === serial)!.port;
  await fetch(`http://127.0.0.1:${port}/settings?override_pwm=400`, { method: 'POST', body: '' });
  await expect(banner).toContainText('Noticed at', { timeout: 15_000 });
  await expect(banner).toContainText('Fixed pilot duty 39.1 %: the car may draw up to 23.5 A per phase.');
  await page.getByRole('button', { name: /All chargers/ }).click();
  await expect(page.getByRole('row', { name: /SmartEVSE-\d+/ })).toContainText('Fixed duty 39.1 %');
});
