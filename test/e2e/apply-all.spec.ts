// Goal (issue 13 point 4, ux-review minor 21): one "Apply my changes" for the settings form, with
// a summary of what will change before anything is sent; a field that would be refused (emptied)
// stops it, saying which; after sending, the form has nothing left to apply.
// Method: Playwright in Chromium against web mode and its simulator; the charger's own reply
// (/settings, read through Studio) is what the form shows afterwards.
import { axeViolations, expect, simulatorControl, test, speak } from './fixtures';

for (const lang of ['en', 'nl'] as const) {
  test(`apply my changes: a summary first, then one write (${lang})`, async ({ studio }) => {
    const { page } = studio;
    const w = await speak(page, lang);
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
    const all = page.getByTestId('apply-all');
    const button = all.getByRole('button', { name: w('applyAllButton') });
    await expect(button).toBeDisabled();
    await expect(all).toContainText(w('applyAllNone'));

    const override = page.getByLabel(new RegExp(`^${w('setOverride')}`));
    const stop = page.getByLabel(new RegExp(`^${w('setStopTimer')}`));
    await override.fill('');
    await stop.fill('5');
    await button.click();
    await expect(all.getByRole('alert')).toHaveText(w('applyAllProblems', { fields: w('setOverride') }));
    await all.getByRole('button', { name: w('cancel') }).click();

    await override.fill('8');
    await button.click();
    await expect(all.getByRole('alert')).toHaveText(w('applyAllSummary', { n: 2 }));
    const list = all.getByRole('list', { name: w('applyAllListLabel') });
    const decimal = lang === 'nl' ? ',' : '.';
    await expect(list.getByRole('listitem')).toHaveText([
      w('changeLine', { label: w('setOverride'), from: `0${decimal}0 A`, to: `8${decimal}0 A` }),
      w('changeLine', { label: w('setStopTimer'), from: '10 min', to: '5 min' }),
    ]);
    const send = all.getByRole('button', { name: w('applyAllConfirm', { n: 2 }) });
    await expect(send).toBeFocused();
    expect(await axeViolations(page)).toEqual([]);
    await send.click();
    await expect(all).toContainText(w('applied'));
    // What the charger holds now is what was typed: nothing is left to apply.
    await expect(button).toBeDisabled();
    await expect(page.locator('.setting', { has: override }).locator('.held')).toHaveText(`(8${decimal}0 A)`);
    await expect(page.locator('.setting', { has: stop }).locator('.held')).toHaveText('(5 min)');
  });
}

test('a field follows a value changed elsewhere, unless the user is editing it', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const { base } = await simulatorControl(page);
  const { chargers } = (await (await fetch(base)).json()) as { chargers: { url: string }[] };
  const stop = page.getByLabel(/^Solar stop timer/);
  const minimum = page.getByLabel(/^Minimum current/);
  await expect(stop).toHaveValue('10');
  await minimum.fill('7');
  // The charger's own web page (or an integration) changes both, straight on the charger.
  const changed = await fetch(`${chargers[0]!.url}/settings?stop_timer=4&current_min=8`, { method: 'POST' });
  expect(changed.ok).toBe(true);
  await expect(page.locator('.setting', { has: stop }).locator('.held')).toHaveText('(4 min)', {
    timeout: 10_000,
  });
  await expect(stop).toHaveValue('4');
  // What the user is typing is not overwritten; the held value beside it says what the charger has.
  await expect(page.locator('.setting', { has: minimum }).locator('.held')).toHaveText('(8 A)');
  await expect(minimum).toHaveValue('7');
});
