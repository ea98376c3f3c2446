// Goal (issue 13 point 9, ux-review minors 5 and 7): feedback that finishes. "Light up the
// display" says it did; "Send once" never shows a feed that keeps sending, says when it sent, and
// tells each value's fate (a stored home-battery current is not hidden behind ignored currents);
// in Smart a single mains reading is said to expire.
// Method: Playwright in Chromium against web mode and its simulator (its control API sets the
// mains meter type an installer sets in the LCD menu).
import { axeViolations, control, expect, simulatorControl, test, speak } from './fixtures';

for (const lang of ['en', 'nl'] as const) {
  test(`backlight and send once say what happened (${lang})`, async ({ studio }) => {
    const { page } = studio;
    const w = await speak(page, lang);
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();

    await page.getByRole('button', { name: w('backlight') }).click();
    await expect(page.getByTestId('backlight-outcome')).toHaveText(w('backlightLit'));

    // The simulated charger's mains meter is a Sensorbox: the currents are ignored, the battery kept.
    const feed = page.getByRole('region', { name: w('feedHeading') });
    const outcome = feed.getByTestId('feed-outcome');
    await feed.getByLabel(`${w('valBattery')} (A)`).fill('5');
    await feed.getByRole('button', { name: w('feedOnce') }).click();
    await expect(outcome).toContainText(
      w('feedSentOnce', { time: '' })
        .replace(/\s*\.$/, '')
        .trim(),
    );
    await expect(outcome).toContainText(w('feedFieldApplied', { field: w('valBattery') }));
    await expect(outcome).toContainText(`${w('feedCurrentsField')}: ${w('fieldCurrentsIgnored')}`);
    // Sent once is not a feed that keeps going, not even for a moment.
    await expect(outcome).not.toContainText(w('feedActive', { seconds: 60, sent: 1 }));
    await expect(feed.getByRole('button', { name: w('feedStop') })).toHaveCount(0);
    // It stays said (the status refresh every 2 s does not wipe it).
    await page.waitForTimeout(2500);
    await expect(outcome).toContainText(w('feedFieldApplied', { field: w('valBattery') }));

    // An API mains meter in Smart takes the currents, and a single reading is said to expire.
    const { base, serial } = await simulatorControl(page);
    await control(base, `/chargers/${serial}/config`, { mainsMeter: 9 });
    await page
      .getByRole('group', { name: w('modeHeading') })
      .getByRole('button', { name: w('modeSmart'), exact: true })
      .click();
    await expect(page.getByTestId('now-mode')).toHaveText(w('nowMode', { mode: w('modeSmart') }), {
      timeout: 15_000,
    });
    await feed.getByRole('button', { name: w('feedOnce') }).click();
    await expect(outcome).toContainText(w('feedFieldApplied', { field: w('feedCurrentsField') }), {
      timeout: 10_000,
    });
    await expect(outcome).toContainText(w('feedOnceExpires'));
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('“Applied” is a confirmation that goes after a few seconds', async ({ studio }) => {
  const { page } = studio;
  const w = await speak(page, 'en');
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  // The page's timers from now on run on a clock the test moves (ux-review minor 1: it stayed for minutes).
  await page.clock.install();
  const modes = page.getByRole('group', { name: w('modeHeading') });
  await modes.getByRole('button', { name: w('modeOff'), exact: true }).click();
  await expect(page.getByText(w('applied'))).toBeVisible();
  await page.clock.runFor(9000);
  await expect(page.getByText(w('applied'))).toHaveCount(0);
});
