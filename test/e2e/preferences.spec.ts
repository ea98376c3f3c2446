// Goal: a Dutch user switches the interface to Dutch and it stays Dutch after a reload, and what
// they get wrong is answered in Dutch too; every screen fits a 1024×640 window. Method: Playwright
// in Chromium against web mode with its simulator.
import { axeViolations, expect, test } from './fixtures';
import { closedPort } from '../support/fixture-charger';
import { translate } from '../../src-shared/i18n/messages';

test('switch the language to Dutch; the choice is kept', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByRole('heading', { name: 'Chargers', exact: true })).toBeVisible();
  await page.getByLabel('Language').selectOption('nl');
  await expect(page.getByRole('heading', { name: 'Laadpalen', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Opnieuw zoeken' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  expect(await axeViolations(page)).toEqual([]);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Laadpalen', exact: true })).toBeVisible();
  await page.getByLabel('Taal').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Chargers', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('in Dutch, a bad address and a charger that does not answer are explained in Dutch', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByLabel('Language').selectOption('nl');
  const address = page.getByLabel('Adres (host of host:poort)');
  await address.fill('ftp://laadpaal.local');
  await page.getByRole('button', { name: 'Laadpaal toevoegen' }).click();
  // The field's own description, not any alert on the page: a notice elsewhere (the simulator
  // starting under load, say) is also an alert.
  await expect(address).toHaveAccessibleDescription(translate('nl', 'addrScheme', { scheme: 'ftp' }));
  await address.fill('laadpaal.local/settings');
  await page.getByRole('button', { name: 'Laadpaal toevoegen' }).click();
  await expect(address).toHaveAccessibleDescription(translate('nl', 'addrPath'));
  const port = await closedPort();
  await address.fill(`127.0.0.1:${port}`);
  await page.getByRole('button', { name: 'Laadpaal toevoegen' }).click();
  await expect(address).toHaveAccessibleDescription(
    translate('nl', 'netRefused', { where: `127.0.0.1:${port}` }),
  );
  await page.getByLabel('Taal').selectOption('en');
});

test('every screen fits 1024×640 without sideways scrolling', async ({ studio }) => {
  const { page } = studio;
  await page.setViewportSize({ width: 1024, height: 640 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await expect(page.getByRole('row', { name: /SmartEVSE-\d+/ })).toBeVisible({ timeout: 15_000 });
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(page.getByRole('heading', { name: 'Now', exact: true })).toBeVisible();
  await expect(page.locator('.plot canvas').first()).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: 'Smart', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Smart', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect(await axeViolations(page)).toEqual([]);
});
