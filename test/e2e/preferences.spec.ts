// Goal: a Dutch user switches the interface to Dutch and it stays Dutch after a reload; every screen
// fits a 1024×640 window. Method: Playwright in Chromium against web mode with its simulator.
import { axeViolations, expect, test } from './fixtures';

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

test('every screen fits 1024×640 without sideways scrolling', async ({ studio }) => {
  const { page } = studio;
  await page.setViewportSize({ width: 1024, height: 640 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await expect(page.getByRole('row', { name: /SmartEVSE-\d+/ })).toBeVisible({ timeout: 15_000 });
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(page.getByRole('heading', { name: 'Now' })).toBeVisible();
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
