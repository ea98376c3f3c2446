// Goal (issue 13 point 3): next to the charge current, the reason it is what it is: MaxCurrent,
// the override current, MaxMains headroom with what the house uses, and in a power-share group
// MaxCircuit shared with the other chargers ("8 A: MaxCircuit 16 A shared with 1 other charger").
// Method: Playwright in Chromium against web mode and its simulator; the simulator's control API
// plugs in the EVs and sets the house load, the settings form sets the override current.
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
  test(`the charge current says what limits it (${lang})`, async ({ studio }) => {
    const { page } = studio;
    const w = await speak(page, lang);
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
    const { base, serial } = await simulatorControl(page);
    await control(base, `/chargers/${serial}/config`, { maxCurrentA: 16 });
    await control(base, `/chargers/${serial}/ev`, { state: 'charging' });
    await control(base, '/clock', { speed: 10 });
    const why = page.getByTestId('limit-reason');
    await expect(why).toHaveText(`${w('limitLabel')}: ${w('limitMaxCurrent', { max: 16 })}`, {
      timeout: 20_000,
    });

    // The override current replaces the charger's own maximum.
    await page.getByLabel(new RegExp(`^${w('setOverride')}`)).fill('10');
    await page.getByRole('button', { name: `${w('apply')}: ${w('setOverride')}` }).click();
    await expect(why).toContainText(w('limitOverride', { amps: 10 }), { timeout: 20_000 });
    await page.getByLabel(new RegExp(`^${w('setOverride')}`)).fill('0');
    await page.getByRole('button', { name: `${w('apply')}: ${w('setOverride')}` }).click();
    await expect(why).toContainText(w('limitMaxCurrent', { max: 16 }), { timeout: 20_000 });

    // In Smart, a busy house leaves less than MaxMains: the reason names it and what the house uses.
    await control(base, '/world', { serial, houseLoadA: [14, 12, 12], pvA: 0, noiseA: 0 });
    await page
      .getByRole('group', { name: w('modeHeading') })
      .getByRole('button', { name: w('modeSmart'), exact: true })
      .click();
    await expect(why).toContainText(w('limitMaxMains', { max: 25, house: 14 }), { timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
  });
}

test('in a power-share group, MaxCircuit is shared with the others that charge', async ({ studio }) => {
  const { page } = studio;
  await startSimulatedGroup(page, 2);
  const { base } = await simulatorControl(page);
  const status = (await (await fetch(base)).json()) as { chargers: { serial: number }[] };
  for (const { serial } of status.chargers)
    await control(base, `/chargers/${serial}/ev`, { state: 'charging' });
  await control(base, '/clock', { speed: 10 });
  const names = await page.getByRole('button', { name: /^Open SmartEVSE-/ }).allTextContents();
  expect(names).toHaveLength(2);
  await page.getByRole('button', { name: `Open ${names[0]!.trim()}`, exact: true }).click();
  // Each of the two gets half of the master's MaxCircuit (16 A), below its own MaxCurrent (13 A).
  await expect(page.getByTestId('limit-reason')).toContainText(
    'MaxCircuit 16 A shared with 1 other charger',
    {
      timeout: 30_000,
    },
  );
  const values = page.locator('.dashboard .values');
  await expect(values).toContainText('8.0 A');
});
