// Goal (issue 13 point 6; ux-review minors 1, 9, 14): the page reads like a product. Opening a
// charger names it in the page title and moves the focus to its heading; its sections can be
// jumped to; the mode in force is unmistakable and said in words; the list gives an overview with
// the total power; a 1920×1080 window is used and nothing clips at 1024×640.
// Method: Playwright in Chromium against web mode and its simulator, at both window sizes.
import { axeViolations, control, expect, simulatorControl, test, type Page } from './fixtures';

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('opening a charger: title, focus, sections, the mode in force; back: the overview', async ({
  studio,
}) => {
  const { page } = studio;
  // A load is quiet: no console warning or error (ux-review minor 15: an unknown Permissions-Policy feature).
  const noise: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') noise.push(message.text());
  });
  await page.reload();
  await expect(page).toHaveTitle('SmartEVSE Studio');
  const overview = page.getByTestId('list-overview');
  await expect(overview).toHaveText('1 charger, 1 online, 0 charging, 0.0 kW in total.');
  const open = page.getByRole('button', { name: /^Open SmartEVSE-/ });
  const name = (await open.textContent())!.trim();
  await open.click();
  await expect(page).toHaveTitle(`${name} – SmartEVSE Studio`);
  await expect(page.getByRole('heading', { name, level: 2 })).toBeFocused();

  // The mode in force: said in words, pressed, and filled unlike the others.
  await expect(page.getByTestId('now-mode')).toHaveText('Mode: Normal');
  const modes = page.getByRole('group', { name: 'Mode' });
  const normal = modes.getByRole('button', { name: 'Normal' });
  const smart = modes.getByRole('button', { name: 'Smart', exact: true });
  await expect(normal).toHaveAttribute('aria-pressed', 'true');
  const fill = (button: typeof normal) => button.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await fill(normal)).not.toBe(await fill(smart));
  await smart.focus();
  expect(await fill(normal)).not.toBe(await fill(smart));

  // Each section is one jump away; its heading takes the focus.
  const jump = page.getByRole('navigation', { name: 'Sections of this charger' });
  for (const section of ['Settings', 'Live graph', 'Delayed charging', 'Simulator', 'Now']) {
    await jump.getByRole('link', { name: section, exact: true }).click();
    const heading = page.getByRole('heading', { name: section, exact: true, level: 2 });
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
  }
  expect(await axeViolations(page)).toEqual([]);
  expect(noise).toEqual([]);

  // Charging shows in the overview, with the power it draws.
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/config`, { evMeter: 1 });
  await control(base, `/chargers/${serial}/ev`, { state: 'charging' });
  await page.getByRole('button', { name: /All chargers/ }).click();
  await expect(page).toHaveTitle('SmartEVSE Studio');
  await expect(page.getByRole('heading', { name: 'Chargers', exact: true, level: 2 })).toBeFocused();
  await expect(overview).toHaveText(/^1 charger, 1 online, 1 charging, [1-9]\d*\.\d kW in total\.$/, {
    timeout: 30_000,
  });
});

test('a wide window is used, and nothing clips at 1024×640', async ({ studio }) => {
  const { page } = studio;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const detail = page.locator('article.detail');
  expect((await detail.boundingBox())!.width).toBeGreaterThan(1700);
  const plot = page.locator('.graph .plot canvas').first();
  await expect.poll(async () => (await plot.boundingBox())?.height ?? 0).toBeGreaterThan(380);
  // Side by side: the schedule and the settings cards share a row on a wide window.
  // Both measured in one frame: the history above them fills in as its lists load, moving both.
  const [scheduleY, plansY] = await page.evaluate(() =>
    ['.schedule', '.plans'].map((selector) => document.querySelector(selector)!.getBoundingClientRect().y),
  );
  expect(Math.abs(scheduleY! - plansY!)).toBeLessThan(5);

  await page.setViewportSize({ width: 1024, height: 640 });
  // The graph follows the new width on its next frame; after that nothing is wider than the window.
  await expect.poll(() => sideways(page), { timeout: 3000 }).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: /All chargers/ }).click();
  await expect.poll(() => sideways(page), { timeout: 3000 }).toBeLessThanOrEqual(0);
  // The table's last column is reachable: its box scrolls, the page does not.
  const remove = page.getByRole('button', { name: /^Remove/ }).first();
  await remove.scrollIntoViewIfNeeded();
  await expect(remove).toBeInViewport();
  expect(await axeViolations(page)).toEqual([]);
});
