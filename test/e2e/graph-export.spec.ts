// Goal (ux-review M7, M11; issue 13 point 5): the graph's time axis is the charger's clock, so a
// simulated charger at 600× draws a readable simulated day; power (kW) is plotted; exports are
// presentable: the PNG has an opaque background, a title, a legend and the bands, and the CSV
// says which range it holds, in the file and on screen, in the chosen language.
// Method: Playwright in Chromium against web mode and its simulator; downloads are read back, the
// PNG is decoded by the browser itself.
import { readFile } from 'node:fs/promises';
import { translate } from '../../src-shared/i18n/messages';
import { control, expect, openChargerCharging, test, type Page } from './fixtures';

const plot = (page: Page) => page.locator('.graph .plot');
const rangeEnd = async (page: Page) => Number(await plot(page).getAttribute('data-range-end'));

test('at 600× the time axis is the charger’s clock: an hour is drawn from an hour of the charger', async ({
  studio,
}) => {
  const { page } = studio;
  const { base } = await openChargerCharging(page);
  await expect(page.getByTestId('graph-clock')).toHaveText('Times are this charger’s own clock.', {
    timeout: 15_000,
  });
  await control(base, '/clock', { speed: 600 });
  const graph = page.getByRole('region', { name: 'Live graph' });
  await graph.getByRole('button', { name: '1 h', exact: true }).click();
  // Ten wall-clock seconds are 100 charger minutes: the view's end runs ahead of this computer.
  await expect
    .poll(async () => (await rangeEnd(page)) - Date.now() / 1000, { timeout: 20_000 })
    .toBeGreaterThan(3600);
  // The hour in view holds several samples (one per second of ours, ten charger minutes apart),
  // not the few pixels at the right edge a computer-clock axis gave it.
  const points = Number(await plot(page).getAttribute('data-points'));
  expect(points).toBeGreaterThanOrEqual(4);
  expect(points).toBeLessThanOrEqual(8);
  // Power is a line of its own, in kW on its own axis.
  await expect(plot(page).locator('.u-legend')).toContainText('Power');
  await expect(plot(page).locator('.u-axis')).toHaveCount(3);
});

for (const lang of ['en', 'nl'] as const) {
  test(`exports say what they hold: CSV range, PNG with background and legend (${lang})`, async ({
    studio,
  }) => {
    const { page } = studio;
    if (lang === 'nl') await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('button', { name: /^(Open SmartEVSE-|SmartEVSE-\d+ openen)/ }).click();
    const graph = page.getByRole('region', { name: translate(lang, 'graphHeading') });
    await expect
      .poll(async () => Number(await plot(page).getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);
    await graph.getByRole('button', { name: translate(lang, 'graphMinutes', { n: 1 }), exact: true }).click();

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      graph.getByRole('button', { name: translate(lang, 'exportCsv') }).click(),
    ]);
    const csv = (await readFile((await csvDownload.path())!, 'utf8')).trim().split('\n');
    const rows = csv.length - 2;
    expect(csv[0]).toContain(`${rows} samples from`);
    expect(csvDownload.suggestedFilename()).toMatch(
      /^SmartEVSE-\d+-\d{4}-\d\d-\d\dT\d{4}-to-\d{4}-\d\d-\d\dT\d{4}\.csv$/,
    );
    const said = page.getByTestId('graph-exported');
    await expect(said).toContainText(
      lang === 'en' ? `Exported ${rows} samples from` : `${rows} metingen van`,
    );
    await expect(said).toContainText(csvDownload.suggestedFilename());

    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      graph.getByRole('button', { name: translate(lang, 'exportPng') }).click(),
    ]);
    const png = (await readFile((await pngDownload.path())!)).toString('base64');
    const look = await page.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
      let transparent = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! < 255) transparent += 1;
      // The legend's band swatches are drawn in the band colours, at the bottom.
      const bottom = ctx.getImageData(
        0,
        Math.round(image.height * 0.85),
        image.width,
        Math.round(image.height * 0.15),
      ).data;
      const colours = new Set<string>();
      for (let i = 0; i < bottom.length; i += 4)
        colours.add(`${bottom[i]},${bottom[i + 1]},${bottom[i + 2]}`);
      const plotCanvas = document.querySelector<HTMLCanvasElement>('.graph .plot canvas')!;
      return {
        transparent,
        width: image.width,
        height: image.height,
        plotHeight: plotCanvas.height,
        colours: colours.size,
      };
    }, png);
    expect(look.transparent).toBe(0);
    // Title above and legend below make it taller than the bare plot.
    expect(look.height).toBeGreaterThan(look.plotHeight + 80);
    expect(look.colours).toBeGreaterThan(9);
    await expect(said).toContainText(pngDownload.suggestedFilename());
  });
}
