// Goal (ux-review M1, M6): the live graph is right. History a charger already has is never lost
// when its view opens (the first pushed sample used to race the history read and drop it), and the
// 24 h window draws without an endless update loop.
// Method: Playwright in Chromium against web mode and its simulator; the page's console and
// uncaught errors are collected while the graph runs.
import { expect, test, type Page } from './fixtures';

const points = async (page: Page) =>
  Number(await page.getByRole('region', { name: 'Live graph' }).locator('.plot').getAttribute('data-points'));

test('history is there on every first open of a charger view', async ({ studio }) => {
  const { page } = studio;
  const open = () => page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await open();
  // Main samples the open charger every second; a few seconds make a history to lose.
  await expect.poll(() => points(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
  for (let round = 0; round < 6; round += 1) {
    const before = await points(page);
    await page.reload();
    await open();
    // The history comes with the first draw; one that lost it starts again from 1.
    await expect.poll(() => points(page), { timeout: 3000 }).toBeGreaterThanOrEqual(before);
  }
  // The hover readout says its units.
  const plot = page.getByRole('region', { name: 'Live graph' }).locator('.plot');
  const box = (await plot.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
  await expect(plot.locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(/^(\d+\.\d A|—)$/);
});

test('the 24 h window runs no endless update loop', async ({ studio }) => {
  const { page } = studio;
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const graph = page.getByRole('region', { name: 'Live graph' });
  await expect.poll(() => points(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await graph.getByRole('button', { name: '24 h', exact: true }).click();
  await expect(graph.getByRole('button', { name: '24 h', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const atClick = await points(page);
  // Several seconds of live samples, then pause and pan, as the review did.
  await expect.poll(() => points(page), { timeout: 10_000 }).toBeGreaterThan(atClick + 2);
  await graph.getByRole('button', { name: 'Pause' }).click();
  await graph.getByRole('button', { name: '◀ Earlier' }).click();
  await graph.getByRole('button', { name: 'Live' }).click();
  await expect.poll(() => points(page), { timeout: 10_000 }).toBeGreaterThan(atClick + 4);
  expect(problems).toEqual([]);
});
