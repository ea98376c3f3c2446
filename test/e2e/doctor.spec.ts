// Goal: an owner sees on the charger's page why it will never charge above 10 A, with the setting
// to change and where, and the check clears once it is fixed. Method: Playwright in Chromium
// against web mode with its simulator; the LCD-only value set through the simulator's control API.
import { axeViolations, control, expect, simulatorControl, test } from './fixtures';

test('the configuration check names a trap, what to change and where, and clears when fixed', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const check = page.getByRole('region', { name: 'Configuration check' });
  await expect(check.getByTestId('doctor-none')).toHaveText(
    'Nothing found: none of the known traps applies to these settings.',
  );
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/config`, { maxCircuitA: 10 });
  await page.getByRole('button', { name: 'Smart', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Smart', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await check.getByRole('button', { name: 'Check again' }).click();
  const findings = check.getByTestId('doctor-findings');
  await expect(findings).toContainText('MaxCircuit (10 A) is below MaxCurrent (16 A)');
  await expect(findings).toContainText('Change: MAX CIRCUIT (on the charger’s LCD menu)');
  expect(await axeViolations(page)).toEqual([]);
  await control(base, `/chargers/${serial}/config`, { maxCircuitA: 16 });
  await check.getByRole('button', { name: 'Check again' }).click();
  await expect(check.getByTestId('doctor-none')).toBeVisible();
});
