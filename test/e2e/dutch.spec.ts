// Goal (issue 13 point 7, ux-review minor 10): Dutch is whole: the firmware's state, mode and error
// strings are shown in Dutch words, dates and numbers in the Dutch format, the graph's windows and
// legend in Dutch, and one word for charger ("laadpaal", never "lader").
// Method: Playwright in Chromium against web mode and its simulator, with the language set to
// Dutch; the catalogue is also read whole for the one word.
import { translate, catalogues } from '../../src-shared/i18n/messages';
import { control, expect, simulatorControl, test } from './fixtures';

test('the list and the charger view speak Dutch, firmware words included', async ({ studio }) => {
  const { page } = studio;
  await page.getByLabel('Language').selectOption('nl');
  const row = page.locator('table.chargers tbody tr').first();
  // The firmware says "Ready to Charge" and "NORMAL"; the list says it in Dutch.
  await expect(row).toContainText(translate('nl', 'fwStateA'));
  await expect(row).toContainText(translate('nl', 'modeNormal'));
  await expect(row).toContainText(translate('nl', 'fwErrorNone'));
  await expect(row).not.toContainText('Ready to Charge');
  await expect(row).not.toContainText('NORMAL');

  await page.getByRole('button', { name: /^SmartEVSE-\d+ openen/ }).click();
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/ev`, { state: 'charging' });
  await page
    .getByRole('button', { name: /Alle laadpalen|Laadpalen/ })
    .first()
    .click();
  await expect(row).toContainText(translate('nl', 'fwStateC'), { timeout: 20_000 });
  await row.getByRole('button', { name: /openen$/ }).click();

  const graph = page.getByRole('region', { name: translate('nl', 'graphHeading') });
  await expect(graph.getByRole('button', { name: '1 u', exact: true })).toBeVisible();
  await expect(graph.locator('.u-legend')).toContainText('Tijd');
  // The hover readout gives the time in the Dutch format (day-month-year, 24-hour clock) and
  // amperes with a decimal comma.
  await expect
    .poll(async () => Number(await graph.locator('.plot').getAttribute('data-points')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(3);
  const box = (await graph.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
  const values = graph.locator('.u-legend .u-series .u-value');
  await expect(values.first()).toHaveText(/^\d\d-\d\d-\d{4},? \d\d:\d\d:\d\d$/);
  await expect(values.nth(1)).toHaveText(/^(-?\d+,\d A|—)$/);
});

test('one word for charger in Dutch', () => {
  const offending = Object.entries(catalogues.nl).filter(([, text]) => /\blader(s)?\b/i.test(String(text)));
  expect(offending).toEqual([]);
});
