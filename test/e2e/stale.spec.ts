// Goal (ux-review M2, M10): what the charger view shows is what the charger does now. Values the
// firmware keeps from before (charge current while paused) and readings of a meter that is not
// there are not shown as live; a charger that stops answering is said to at once, with how long
// since its last reply, its values greyed and its actions off, and it comes back by itself.
// Method: Playwright in Chromium against web mode and its simulator; the charger is taken away
// by the simulator's control API (its HTTP server closes, as a charger that lost power).
import { readFileSync } from 'node:fs';
import { axeViolations, control, expect, openChargerCharging, simulatorControl, test } from './fixtures';
import { settingsHandler, startFixtureServer } from '../support/fixture-charger';

test('paused shows no live charge current, and no mains meter shows no mains readings', async ({
  studio,
}) => {
  const { page } = studio;
  const { base, serial } = await openChargerCharging(page);
  await control(base, '/clock', { speed: 10 });
  const values = page.locator('.dashboard .values');
  const value = (label: string) =>
    values.locator('div', { has: page.getByText(label, { exact: true }) }).locator('dd');
  await expect(value('Charge current')).toHaveText(/^\d+\.\d A\b/, { timeout: 15_000 });
  await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('charger-status')).toContainText('Paused');
  await expect(value('Charge current')).toHaveText('— (not charging)');

  await control(base, `/chargers/${serial}/config`, { mainsMeter: 0 });
  await expect(value('Mains L1 / L2 / L3')).toHaveText('—', { timeout: 15_000 });
});

test('a charger that stops answering looks it at once', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(page.getByRole('heading', { name: 'Now', exact: true })).toBeVisible();
  const { base, serial } = await simulatorControl(page);
  const smart = page.getByRole('button', { name: 'Smart', exact: true });
  await expect(smart).toBeEnabled();
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);

  const gone = await fetch(`${base}/chargers/${serial}`, { method: 'DELETE' });
  expect(gone.ok).toBe(true);
  const banner = page.getByTestId('stale-banner');
  // The live watch reads every second: the first missed reply shows, before the row turns offline.
  await expect(banner).toContainText(/No reply from this charger for \d+ s\./, { timeout: 5000 });
  await expect(banner).toContainText('not live; actions that need the charger are off');
  await expect(banner).toContainText('Last try:');
  await expect(smart).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Apply: Override current' })).toBeDisabled();
  await expect(page.locator('.reach.stale .values')).toHaveCSS('opacity', '0.55');
  // The age counts up while it stays away.
  const age = async () => Number(/for (\d+) s/.exec((await banner.textContent()) ?? '')?.[1]);
  const first = await age();
  await expect.poll(age, { timeout: 5000 }).toBeGreaterThan(first);
  expect(await axeViolations(page)).toEqual([]);
});

test.describe('a real charger', () => {
  test.use({ studioArgs: ['--no-simulator'] });
  const recorded = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');

  test('that stops answering and comes back is live again by itself', async ({ studio }) => {
    const { page } = studio;
    let down = false;
    const serve = settingsHandler(recorded);
    const charger = await startFixtureServer((req, res) => (down ? req.socket.destroy() : serve(req, res)));
    try {
      await page.getByLabel('Address (host or host:port)').fill(charger.address);
      await page.getByRole('button', { name: 'Add charger' }).click();
      await page.getByRole('button', { name: /^Open / }).click();
      await expect(page.getByRole('heading', { name: 'Now', exact: true })).toBeVisible();
      const smart = page.getByRole('button', { name: 'Smart', exact: true });
      await expect(smart).toBeEnabled();

      down = true;
      const banner = page.getByTestId('stale-banner');
      await expect(banner).toContainText(/No reply from this charger for \d+ s\./, { timeout: 5000 });
      await expect(smart).toBeDisabled();

      down = false;
      await expect(banner).toHaveCount(0, { timeout: 10_000 });
      await expect(smart).toBeEnabled();
      await expect(page.locator('.reach.stale')).toHaveCount(0);
    } finally {
      await charger.close();
    }
  });
});
