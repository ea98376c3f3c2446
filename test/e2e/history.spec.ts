// Goal: an owner sees a charging session appear on the charger's page while the EV charges, sees
// it end with why, exports the sessions as CSV, opens a recorded day in the graph, finds the
// settings change Studio saw, sees every charger's sessions on the fleet view, and clears the
// charger's history. Method: Playwright in Chromium against web mode and its simulator; the EV
// plugged and unplugged through the simulator's control API; the download read back.
import { readFile } from 'node:fs/promises';
import { axeViolations, control, expect, openChargerCharging, test } from './fixtures';

test('sessions, a recorded day, settings changes and clearing, from the charger page', async ({ studio }) => {
  const { page } = studio;
  const { base, serial } = await openChargerCharging(page);
  const history = page.getByRole('region', { name: 'History', exact: true });
  const sessions = history.getByRole('region', { name: 'Charging sessions', exact: true });
  // The list follows by itself every 15 s; Refresh asks at once.
  await expect(async () => {
    await sessions.getByRole('button', { name: 'Refresh' }).click();
    await expect(sessions.getByTestId('sessions-table')).toContainText('plugged in when last read (', {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });

  // Unplugged once it has charged for a while: the session then ends "while charging".
  const now = page.getByRole('region', { name: 'Now', exact: true });
  await expect(now).toContainText('Charging', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Smart', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Smart', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.waitForTimeout(2500);
  await expect(now).toContainText('Charging');
  await control(base, `/chargers/${serial}/ev`, { state: 'disconnected' });
  await expect(async () => {
    await sessions.getByRole('button', { name: 'Refresh' }).click();
    await expect(sessions.getByTestId('sessions-table')).toContainText('unplugged while charging', {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
  await expect(sessions.getByTestId('sessions-table')).toContainText('Normal, Smart');
  await expect(sessions.getByTestId('sessions-months')).toContainText('1');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    sessions.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = (await readFile((await download.path())!, 'utf8')).trim().split('\n');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^SmartEVSE-\d+,\d{4}-\d\d-\d\d \d\d:\d\d,.*,normal smart,unplugged,$/);
  await expect(sessions.getByRole('status')).toContainText(
    `1 sessions saved as ${download.suggestedFilename()}`,
  );

  await history.getByRole('button', { name: 'Show recorded' }).click();
  await expect(history.getByTestId('history-note')).toContainText('Minutes recorded:');
  const recorded = history.getByRole('region', { name: /^Recorded on / });
  await expect
    .poll(async () => Number(await recorded.getByRole('img').getAttribute('data-points')))
    .toBeGreaterThan(0);

  const changes = history.getByRole('region', { name: 'Settings changes', exact: true });
  await changes.getByRole('button', { name: 'Refresh' }).click();
  await expect(changes.getByTestId('changes-table')).toContainText('Smart');
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Fleet setup', exact: true }).click();
  await page.getByRole('button', { name: 'Sessions', exact: true }).click();
  const all = page.getByRole('region', { name: 'Charging sessions', exact: true });
  await expect(all.getByTestId('sessions-table')).toContainText('unplugged while charging');
  await expect(all.getByRole('columnheader', { name: 'Charger' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Chargers', exact: true }).click();
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await history.getByRole('button', { name: 'Clear this charger’s history' }).click();
  await history.getByRole('button', { name: 'Confirm' }).click();
  await expect(history.getByTestId('history-cleared')).toContainText('Cleared:');
  await expect(sessions.getByTestId('sessions-none')).toBeVisible();
});

test('the retention refuses a value out of range in words and keeps the stored one', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const history = page.getByRole('region', { name: 'History', exact: true });
  const days = history.getByRole('spinbutton', { name: 'Keep readings for (days)' });
  await expect(days).toHaveValue('30');
  await days.fill('400');
  await history.getByRole('button', { name: 'Save the retention' }).click();
  await expect(history.getByRole('alert')).toContainText('Enter a whole number of days from 1 to 365.');
  await page.reload();
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(days).toHaveValue('30');
  await days.fill('7');
  await history.getByRole('button', { name: 'Save the retention' }).click();
  await expect(history.getByRole('status').filter({ hasText: 'kept 7 days' })).toBeVisible();
});
