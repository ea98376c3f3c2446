// Goal: an installer sets up four chargers from Studio: makes a profile, previews it (one charger
// will refuse Smart: it has no mains meter), applies it with a live result per charger, compares,
// backs up, and makes the commissioning report, which prints to PDF.
// Method: Playwright in Chromium against web mode and its real simulator (four chargers).
import { readFile } from 'node:fs/promises';
import { axeViolations, control, expect, simulatorControl, startSimulated, test } from './fixtures';

test('profile → preview → apply to four chargers → compare → backup → report', async ({
  studio,
  browser,
}) => {
  const { page } = studio;
  await startSimulated(page, 4);
  const { base } = await simulatorControl(page);
  const status = (await (await fetch(`${base}`)).json()) as { chargers: { serial: number }[] };
  const serials = status.chargers.map((c) => c.serial).sort();
  await control(base, `/chargers/${serials[2]}/config`, { mainsMeter: 0 });

  await page.getByRole('button', { name: 'Fleet setup' }).click();
  await page.getByRole('button', { name: 'New profile' }).click();
  const editor = page.getByRole('form', { name: 'New profile' });
  await editor.getByLabel('Name', { exact: true }).fill('Street');
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
    preview.getByText(/Mode: Normal → Smart — will be refused: Smart needs a mains meter/),
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
  await expect(partial).toContainText(/Mode: Normal → Smart — refused: Smart needs a mains meter/);
  await expect(partial).toContainText(/Minimum current: 6 A → 7 A — applied \(read back\)/);
  // The partial one refused Smart by design (no mains meter): a retry cannot help, so none is offered.
  await expect(apply.getByRole('button', { name: /^Retry/ })).toHaveCount(0);
  await expect(
    apply.getByText('A retry cannot help: each charger left over refused a value by design'),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const compare = page.getByRole('region', { name: 'Compare chargers' });
  await compare.getByRole('button', { name: 'Compare', exact: true }).click();
  const table = compare.getByRole('table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  // The wide table scrolls in its own box; the page itself never scrolls sideways.
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  // Two values differ from the rest, each marked by a sign and a fill: the mode this charger
  // refused, and its mains meter (an installer setting); each charger's own MQTT prefix is shown unmarked.
  const odd = table.locator('td.odd');
  await expect(odd).toHaveCount(2);
  await expect(odd.nth(0)).toHaveText(/≠\s*Normal/);
  await expect(odd.nth(1)).toHaveText(/≠\s*Disabled/);
  await expect(table.getByRole('columnheader', { name: /Topic prefix \(each its own\)/ })).toBeVisible();
  for (const serial of serials)
    await expect(table.getByRole('cell', { name: `SmartEVSE/${serial}` })).toHaveCount(1);
  await expect(table.getByRole('columnheader', { name: 'Maximum current', exact: true })).toBeVisible();
  await expect(compare.getByRole('status').filter({ hasText: '2 settings differ.' })).toBeVisible();
  // The configuration check has its own column: a finding in words, or "nothing found".
  await expect(table.getByRole('columnheader', { name: 'Configuration check' })).toBeVisible();
  await expect(table.getByTestId('compare-doctor')).toHaveCount(serials.length);
  // Only what differs: the mode, the mains meter, and the names, firmware and check stay.
  const allColumns = await table.getByRole('columnheader').count();
  await compare.getByRole('checkbox', { name: 'Show only the settings that differ' }).check();
  await expect(table.locator('thead tr').nth(1).getByRole('columnheader')).toHaveCount(5);
  expect(allColumns).toBeGreaterThan(20);
  await compare.getByRole('checkbox', { name: 'Show only the settings that differ' }).uncheck();
  // The charger names stay in view while the box scrolls sideways (from the keyboard too).
  const box = compare.getByRole('region', { name: 'Comparison table' });
  const nameCell = table.getByRole('rowheader').first();
  const leftBefore = (await nameCell.boundingBox())!.x;
  await box.focus();
  for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(200);
  expect(Math.abs((await nameCell.boundingBox())!.x - leftBefore)).toBeLessThan(2);
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
  await report.getByLabel('Site name').fill('Depot Noord');
  await report.getByLabel('Customer', { exact: true }).fill('Gemeente Zwolle');
  await report.getByLabel('Address').fill('Havenweg 4\n8011 AB Zwolle');
  await report.getByLabel('Notes for the customer').fill('Charger 3 has no mains meter yet.');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    report.getByRole('button', { name: 'Make the report' }).click(),
  ]);
  await expect(
    report.getByText(/Saved as .*commissioning-depot-noord-.*\.html and downloaded\./),
  ).toBeVisible();
  expect(download.suggestedFilename()).toMatch(/^commissioning-depot-noord-\d{4}-\d{2}-\d{2}\.html$/);
  const html = await readFile((await download.path())!, 'utf8');
  expect(html).toContain('Laadbedrijf Noord');
  expect(html).toContain('Gemeente Zwolle');
  expect(html).toContain('Havenweg 4\n8011 AB Zwolle');
  expect(html.match(/<section class="charger">/g)).toHaveLength(4);
  // The embedded simulator's chargers are marked as simulated, each and in the summary.
  expect(html.match(/Simulated charger \(not installed hardware\)/g)).toHaveLength(4);
  expect(html).toContain('4 chargers, all simulated.');
  // The site is kept: after a reload it can be picked again, with its customer and chargers.
  await page.reload();
  await page.getByRole('button', { name: 'Fleet setup' }).click();
  await page.getByRole('button', { name: 'Commissioning report' }).click();
  await report.getByLabel('Saved site').selectOption({ label: 'Depot Noord' });
  await expect(report.getByLabel('Customer', { exact: true })).toHaveValue('Gemeente Zwolle');
  await expect(report.getByLabel('Notes for the customer')).toHaveValue('Charger 3 has no mains meter yet.');
  // The report prints to PDF as it is.
  const printable = await browser.newPage();
  await printable.setContent(html);
  const pdf = await printable.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  await printable.close();
  expect(await axeViolations(page)).toEqual([]);
});

test('a profile read from a charger leaves its MQTT topic prefix out; one added on purpose is marked', async ({
  studio,
}) => {
  const { page } = studio;
  await startSimulated(page, 2);
  const { base } = await simulatorControl(page);
  const sim = (await (await fetch(base)).json()) as { chargers: { serial: number; url: string }[] };
  const [first] = [...sim.chargers].sort((a, b) => a.serial - b.serial);
  // The first charger's broker: loopback, where nothing listens.
  await fetch(`${first!.url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=1&mqtt_username=ha`, {
    method: 'POST',
  });

  await page.getByRole('button', { name: 'Fleet setup' }).click();
  await page.getByLabel('From charger').selectOption({ label: `SmartEVSE-${first!.serial}` });
  await page.getByRole('button', { name: 'Read its settings' }).click();
  const editor = page.getByRole('form', { name: 'New profile' });
  const mqtt = editor.getByRole('group', { name: 'MQTT' });
  await expect(mqtt.getByRole('checkbox', { name: 'Broker host' })).toBeChecked();
  await expect(
    mqtt.getByLabel('Broker host', { exact: true }).and(page.locator('input:not([type])')),
  ).toHaveValue('127.0.0.1');
  const prefix = mqtt.getByRole('checkbox', { name: 'Topic prefix' });
  await expect(prefix).not.toBeChecked();
  await expect(
    mqtt.getByText(/not taken into a profile, so each charger keeps its own topics/),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  // Added on purpose: the mark says what it means.
  await prefix.check();
  await mqtt
    .getByLabel('Topic prefix', { exact: true })
    .and(page.locator('input:not([type])'))
    .fill('street');
  await expect(
    mqtt.getByText(/every charger this profile is applied to gets this same prefix/),
  ).toBeVisible();
  await editor.getByLabel('Name', { exact: true }).fill('Street topics');
  await editor.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Saved “Street topics” as version 1.')).toBeVisible();

  await page.getByRole('button', { name: 'Apply Street topics' }).click();
  const apply = page.getByRole('region', { name: 'Apply to many chargers' });
  await apply.getByRole('button', { name: 'All', exact: true }).click();
  await apply.getByRole('button', { name: 'Preview' }).click();
  const preview = apply.getByRole('list', { name: 'Preview: Street topics v1' });
  // Every MQTT sub-field in words, and the shared prefix called out on each charger.
  await expect(
    preview.getByText(/MQTT: Broker host: none \(MQTT off\) → 127\.0\.0\.1 — will change/),
  ).toHaveCount(1);
  await expect(
    preview.getByText(
      /MQTT: Topic prefix: SmartEVSE\/\d+ → street — will change: Identifies one charger: all 2 chargers/,
    ),
  ).toHaveCount(2);
});
