// Goal: an installer updates two chargers from the Firmware tab: picks a file, sees it checked,
// checks the chargers, confirms, and watches each upload to "updated" on the new version; a file
// that is not firmware is refused before anything is sent.
// Method: Playwright in Chromium against web mode and its real simulator.
import { firmwareImage } from '../support/firmware-image';
import { axeViolations, expect, startSimulated, test } from './fixtures';

test('update two chargers from a firmware file, one first and then the other', async ({ studio }) => {
  const { page } = studio;
  await startSimulated(page, 2);

  await page.getByRole('button', { name: 'Fleet setup' }).click();
  await page.getByRole('button', { name: 'Firmware', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Update firmware' });
  const file = panel.getByLabel('Firmware file (.bin)…');
  await file.setInputFiles({
    name: 'notes.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('hello'),
  });
  await expect(panel.getByRole('alert')).toHaveText(/notes\.bin: This is not an ESP32 firmware image/);

  await file.setInputFiles({
    name: 'smartevse-v3.12.0.bin',
    mimeType: 'application/octet-stream',
    buffer: firmwareImage({ version: 'v3.12.0', bytes: 300_000 }),
  });
  await expect(panel.getByTestId('firmware-image')).toContainText(
    /Checked: SmartEVSE v3\.12\.0, built Dec {2}1 2026 12:00:00, 0\.29 MB, sent as firmware\.bin\./,
  );
  await panel.getByRole('button', { name: 'All', exact: true }).click();
  await panel.getByRole('button', { name: 'Check these chargers' }).click();
  const preflight = panel.getByRole('table', { name: 'Before updating to v3.12.0' });
  await expect(preflight.locator('tbody tr[data-verdict=ready]')).toHaveCount(2);
  await expect(preflight).toContainText('v3.11.1');
  expect(await axeViolations(page)).toEqual([]);

  await panel.getByRole('button', { name: 'Update 2 chargers to v3.12.0' }).click();
  await expect(
    panel.getByRole('alert').filter({ hasText: 'Each restarts when its upload is done.' }),
  ).toBeVisible();
  await panel.getByRole('button', { name: 'Confirm' }).click();
  const results = panel.getByRole('list', { name: 'Result per charger' });
  await expect(panel.getByTestId('firmware-summary')).toHaveText('Finished, 2 chargers.', {
    timeout: 60_000,
  });
  await expect(results.locator('li[data-status=updated]')).toHaveCount(2);
  await expect(results).toContainText('Updated: now runs v3.12.0');
  await expect(results.getByRole('progressbar').first()).toHaveAttribute('aria-label', /: 100%/);
  expect(await axeViolations(page)).toEqual([]);
  // The list shows the new version once the chargers are read again.
  await page.getByRole('button', { name: 'Check these chargers' }).click();
  await expect(preflight.locator('tbody tr[data-verdict=same]')).toHaveCount(2);
});
