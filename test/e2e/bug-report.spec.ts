// Goal: an owner makes a bug report for the firmware's tracker, sees what was hidden before copying
// anything, and reads the Markdown they will paste. Method: Playwright in Chromium against web
// mode with its simulator.
import { axeViolations, expect, test } from './fixtures';

test('a bug report shows what it hid and the Markdown to paste', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const region = page.getByRole('region', { name: 'Bug report for the firmware' });
  await region.getByLabel('Readings of the last').selectOption('1');
  await region.getByRole('button', { name: 'Make the bug report' }).click();
  await expect(region.getByTestId('bug-hidden')).toContainText(
    /Hidden before anything is copied: .*wifi\.ssid/,
  );
  const markdown = region.getByTestId('bug-markdown');
  await expect(markdown).toContainText('## Configuration check (SmartEVSE Studio)');
  await expect(markdown).toContainText(/- Firmware: v3\.11\.1 \(dingo35 line\)/);
  await expect(markdown).not.toContainText('studio-sim');
  await expect(region.getByRole('button', { name: 'Copy the Markdown' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});
