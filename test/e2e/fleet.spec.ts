// Goal: an installer sets up four chargers from Studio: makes a profile, previews it (one charger
// will refuse Smart: it has no mains meter), applies it with a live result per charger, compares,
// backs up, and makes the commissioning report, which prints to PDF.
// Method: Playwright in Chromium against web mode and its real simulator (four chargers).
import { readFile } from 'node:fs/promises';
import { axeViolations, control, expect, simulatorControl, test } from './fixtures';

test('profile → preview → apply to four chargers → compare → backup → report', async ({
  studio,
  browser,
}) => {
  const { page } = studio;
  const card = page.getByRole('region', { name: 'Simulated chargers' });
  await expect(card.getByTestId('sim-fleet-status')).toHaveText('Simulated chargers running: 1.', {
    timeout: 20_000,
  });
  await card.getByLabel('Number of chargers').fill('4');
  await card.getByRole('button', { name: 'Restart with these' }).click();
  await expect(page.getByRole('row', { name: /online/ })).toHaveCount(4, { timeout: 20_000 });
  const { base } = await simulatorControl(page);
  const status = (await (await fetch(`${base}`)).json()) as { chargers: { serial: number }[] };
  const serials = status.chargers.map((c) => c.serial).sort();
  await control(base, `/chargers/${serials[2]}/config`, { mainsMeter: 0 });

  await page.getByRole('button', { name: 'Fleet setup' }).click();
  await page.getByRole('button', { name: 'New profile' }).click();
  const editor = page.getByRole('form', { name: 'New profile' });
  await editor.getByLabel('Name').fill('Street');
  await editor.getByRole('checkbox', { name: 'Minimum current' }).check();
  await editor.getByLabel('Minimum current (A)').fill('7');
  await editor.getByRole('checkbox', { name: 'LED colours: Smart' }).check();
  await editor
    .getByLabel('LED colours: Smart', { exact: true })
    .and(page.locator('input[type=color]'))
    .fill('#ff8800');
  expect(await axeViolations(page)).toEqual([]);
  await editor.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Saved “Street” as version 1.')).toBeVisible();
  // Duplicate, export and remove from the list.
  await page.getByRole('button', { name: 'Duplicate Street' }).click();
  await expect(page.getByRole('row', { name: /Street \(copy\)/ })).toBeVisible();
  const [exported] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Street (copy)' }).click(),
  ]);
  expect(exported.suggestedFilename()).toBe('Street-copy.smartevse-profile.json');
  expect(JSON.parse(await readFile((await exported.path())!, 'utf8'))).toMatchObject({
    kind: 'smartevse-studio-profile',
    name: 'Street (copy)',
  });
  // One confirm pattern: asked in place (no native dialog), Cancel keeps it, Confirm removes it.
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'Remove Street (copy)' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Remove the profile “Street (copy)”?' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Confirm' })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('row', { name: /Street \(copy\)/ })).toHaveCount(1);
  await page.getByRole('button', { name: 'Remove Street (copy)' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('row', { name: /Street \(copy\)/ })).toHaveCount(0);
  expect(dialogs).toEqual([]);

  await page.getByRole('button', { name: 'Apply Street' }).click();
  const apply = page.getByRole('region', { name: 'Apply to many chargers' });
  await apply.getByRole('button', { name: 'All', exact: true }).click();
  await apply.getByRole('button', { name: 'Preview' }).click();
  const preview = apply.getByRole('list', { name: 'Preview: Street v1' });
  await expect(
    preview.getByText(/Mode: NORMAL → SMART — will be refused: Smart needs a mains meter/),
  ).toHaveCount(1);
  await expect(preview.getByText(/Minimum current: 6 A → 7 A — will change/)).toHaveCount(4);
  expect(await axeViolations(page)).toEqual([]);

  await apply.getByRole('button', { name: 'Apply to 4 chargers' }).click();
  const summary = apply.getByTestId('apply-summary');
  await expect(summary).toContainText('Finished, 4 chargers.', { timeout: 20_000 });
  await expect(summary).toContainText('applied: 3');
  await expect(summary).toContainText('partly applied: 1');
  const results = apply.getByRole('list', { name: 'Result per charger' });
  const partial = results.locator('li[data-status=partial]');
  await expect(partial).toContainText(`SmartEVSE-${serials[2]}`);
  await expect(partial).toContainText(/Mode: NORMAL → SMART — refused: Smart needs a mains meter/);
  await expect(partial).toContainText(/Minimum current: 6 A → 7 A — applied \(read back\)/);
  await expect(apply.getByRole('button', { name: 'Retry the 1 that did not finish' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByRole('region', { name: 'Compare chargers' });
  await compare.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = compare.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(5);
  // The wide table scrolls in its own box; the page itself never scrolls sideways.
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  const odd = table.locator('td.odd');
  await expect(odd).toHaveCount(1);
  await expect(odd).toContainText('NORMAL');
  // The table's scroll box can be reached and scrolled from the keyboard (axe scrollable-region-focusable).
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Backups' }).click();
  const backups = page.getByRole('region', { name: 'Backups' });
  await backups.getByRole('button', { name: 'All', exact: true }).click();
  await backups.getByRole('button', { name: 'Back up 4 chargers' }).click();
  await expect(backups.getByText(/Backed up 4, failed 0, in /)).toBeVisible();
  await expect(backups.getByRole('button', { name: /^Restore the backup of/ })).toHaveCount(4);

  await page.getByRole('button', { name: 'Commissioning report' }).click();
  const report = page.getByRole('region', { name: 'Commissioning report' });
  await report.getByLabel('Your company').fill('Laadbedrijf Noord');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    report.getByRole('button', { name: 'Make the report' }).click(),
  ]);
  await expect(report.getByText(/Saved as .*commissioning-.*\.html and downloaded\./)).toBeVisible();
  const html = await readFile((await download.path())!, 'utf8');
  expect(html).toContain('Laadbedrijf Noord');
  expect(html.match(/<section class="charger">/g)).toHaveLength(4);
  // The report prints to PDF as it is.
  const printable = await browser.newPage();
  await printable.setContent(html);
  const pdf = await printable.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  await printable.close();
  expect(await axeViolations(page)).toEqual([]);
});
