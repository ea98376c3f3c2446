// Goal (ux-review M4): delayed charging is shown as the charger will act on it. A daily delayed
// stop that outlives its start (sending a mode clears only the start) is on the Now card, daily,
// with its next time; the armed text names the mode charging starts in, Solar included, and Solar
// can be scheduled; a refusal from an earlier try does not stay beside a new one. English and Dutch.
// Method: Playwright in Chromium against web mode and its simulator (real REST writes, read back).
import { translate } from '../../src-shared/i18n/messages';
import { expect, test, type Page } from './fixtures';

const pad = (n: number) => String(n).padStart(2, '0');
/** The datetime-local value for a moment: local time, to the minute. */
const local = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
/** A time of day as the page should format it: its language, in its system's region. */
const hhmm = (page: Page, lang: string, d: Date) =>
  page.evaluate(
    ([ms, language]) => {
      const tag = navigator.languages.find((l) => l.split('-')[0] === language) ?? language;
      return new Date(ms).toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' });
    },
    [d.getTime(), lang] as const,
  );

async function arm(
  page: Page,
  heading: string,
  fields: { mode: string; start: Date; stop?: Date; daily?: boolean },
) {
  const schedule = page.getByRole('region', { name: heading });
  await schedule.getByRole('combobox').selectOption(fields.mode);
  await schedule.locator('input[type=datetime-local]').first().fill(local(fields.start));
  if (fields.stop) await schedule.locator('input[type=datetime-local]').nth(1).fill(local(fields.stop));
  if (fields.daily) await schedule.getByRole('checkbox').check();
  await schedule.locator('form button[type=submit]').click();
  return schedule;
}

for (const lang of ['en', 'nl'] as const) {
  const w = (key: Parameters<typeof translate>[1], values: Record<string, string | number> = {}) =>
    translate(lang, key, values);

  test(`a daily delayed stop stays on the Now card after a mode change (${lang})`, async ({ studio }) => {
    const { page } = studio;
    if (lang === 'nl') await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
    const start = new Date(Date.now() + 3_600_000);
    const stop = new Date(Date.now() + 2 * 3_600_000);
    const schedule = await arm(page, w('scheduleHeading'), { mode: 'SMART', start, stop, daily: true });
    await expect(schedule.getByText(w('applied'))).toBeVisible();
    const now = page.getByTestId('charger-status');
    await expect(now).toContainText(w('statusScheduled'));
    const startsDaily = w('scheduleStartsDaily', {
      time: await hhmm(page, lang, start),
      mode: w('modeSmart'),
      next: '',
    });
    await expect(now).toContainText(startsDaily.slice(0, startsDaily.indexOf('(')));
    const stopsDaily = w('scheduleStopsDaily', { time: await hhmm(page, lang, stop), next: '' });
    await expect(now).toContainText(stopsDaily.slice(0, stopsDaily.indexOf('(')));

    // Normal sends a mode without a start: the firmware clears the start, keeps the daily stop.
    await page
      .getByRole('group', { name: w('modeHeading') })
      .getByRole('button', { name: w('modeNormal'), exact: true })
      .click();
    await expect(now).not.toContainText(w('statusScheduled'), { timeout: 10_000 });
    await expect(now).toContainText(stopsDaily.slice(0, stopsDaily.indexOf('(')));
    await expect(now).not.toContainText(startsDaily.slice(0, 12));
    await expect(schedule.getByRole('status').first()).toContainText(
      stopsDaily.slice(0, stopsDaily.indexOf('(')),
    );

    await schedule.getByRole('button', { name: w('scheduleCancel') }).click();
    await expect(schedule.getByRole('status').first()).toHaveText(w('scheduleNone'), { timeout: 10_000 });
    await expect(now).not.toContainText(stopsDaily.slice(0, stopsDaily.indexOf('(')));
  });

  test(`Solar can be scheduled and is named; an old refusal goes (${lang})`, async ({ studio }) => {
    const { page } = studio;
    if (lang === 'nl') await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
    const start = new Date(Date.now() + 86_400_000);
    const schedule = await arm(page, w('scheduleHeading'), { mode: 'SOLAR', start });
    await expect(schedule.getByText(w('applied'))).toBeVisible();
    await expect(schedule.getByRole('status').first()).toContainText(
      w('scheduleStartsOnce', { when: '', mode: w('modeSolar') })
        .split(',')
        .pop()!
        .trim(),
    );
    await expect(page.getByTestId('charger-status')).toContainText(w('modeSolar'));

    // A stop before the start is refused at the form; the earlier "applied" is gone with it.
    await arm(page, w('scheduleHeading'), {
      mode: 'SOLAR',
      start,
      stop: new Date(start.getTime() - 3_600_000),
    });
    await expect(schedule.getByRole('alert')).toBeVisible();
    await expect(schedule.getByText(w('applied'))).toHaveCount(0);
  });
}
