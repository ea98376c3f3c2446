// Goal (ux-review M12): controls that cannot work on this charger are not offered, each with the
// reason where it would be: Smart and Solar without a mains meter, cable lock without an actuator,
// and on a power-share node the settings only the master takes (as the firmware page hides them).
// Method: Playwright in Chromium against web mode and its simulator; the simulator's control API
// changes the LCD-only settings (mains meter, lock) a real charger's menu would.
import {
  axeViolations,
  control,
  expect,
  simulatorControl,
  startSimulatedGroup,
  test,
  speak,
} from './fixtures';

for (const lang of ['en', 'nl'] as const) {
  test(`no mains meter: no Smart or Solar; no lock actuator: no cable lock (${lang})`, async ({ studio }) => {
    const { page } = studio;
    const w = await speak(page, lang);
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
    const modes = page.getByRole('group', { name: w('modeHeading') });
    const smart = modes.getByRole('button', { name: w('modeSmart'), exact: true });
    const solar = modes.getByRole('button', { name: w('modeSolar'), exact: true });
    await expect(smart).toBeEnabled();
    const { base, serial } = await simulatorControl(page);
    // With a lock actuator (Solenoid), the cable lock is offered.
    await control(base, `/chargers/${serial}/config`, { lock: 1 });
    await expect(page.locator('#setting-cableLock')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('not-offered-cableLock')).toHaveCount(0);

    await control(base, `/chargers/${serial}/config`, { mainsMeter: 0, lock: 0 });
    await expect(smart).toBeDisabled({ timeout: 15_000 });
    await expect(solar).toBeDisabled();
    await expect(modes.getByRole('button', { name: w('modeNormal'), exact: true })).toBeEnabled();
    await expect(modes).toContainText(w('ruleNeedsMainsMeter', { mode: 'Smart' }));
    await expect(modes).toContainText(w('ruleNeedsMainsMeter', { mode: 'Solar' }));
    await expect(page.getByTestId('not-offered-cableLock')).toContainText(w('ruleNoLockActuator'));
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('a power-share node does not offer what only the master takes', async ({ studio }) => {
  const { page } = studio;
  await startSimulatedGroup(page, 2);
  const names = await page.getByRole('button', { name: /^Open SmartEVSE-/ }).allTextContents();
  expect(names).toHaveLength(2);
  const roles: string[] = [];
  for (const name of names) {
    await page.getByRole('button', { name: `Open ${name.trim()}`, exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
    const hidden = page.getByTestId('not-offered-currentMinA');
    // A node says why; the master offers the field.
    if ((await hidden.count()) > 0) {
      roles.push('node');
      await expect(hidden).toContainText('Only the power-share master takes this; this charger is a node.');
      for (const field of ['maxSumMainsA', 'maxSumMainsTimeMin', 'overrideCurrentDa', 'enableC2'])
        await expect(page.getByTestId(`not-offered-${field}`)).toBeVisible();
      await expect(page.getByLabel('Override current (A)')).toHaveCount(0);
      expect(await axeViolations(page)).toEqual([]);
    } else {
      roles.push('master');
      await expect(page.getByLabel('Override current (A)')).toBeVisible();
    }
    await page.getByRole('button', { name: /All chargers/ }).click();
  }
  expect(roles.sort()).toEqual(['master', 'node']);
});
