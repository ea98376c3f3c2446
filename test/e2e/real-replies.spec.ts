// Goal (issue 13 point 8): real replies are accepted. An older build's /settings with string
// booleans is listed and shown with those fields marked unknown, not refused whole; a JSON reply
// that is not a SmartEVSE's is refused with what it lacks, in the user's language.
// Method: Playwright in Chromium against web mode without its simulator; real HTTP to fixture
// servers on 127.0.0.1 replaying the recorded dingo35 reply, edited.
import { readFileSync } from 'node:fs';
import { translate } from '../../src-shared/i18n/messages';
import { axeViolations, expect, test } from './fixtures';
import { settingsHandler, startFixtureServer } from '../support/fixture-charger';

test.use({ studioArgs: ['--no-simulator'] });

const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { evse: Record<string, unknown> };

for (const lang of ['en', 'nl'] as const) {
  test(`a reply with wrongly typed fields is shown, those fields unknown (${lang})`, async ({ studio }) => {
    const { page } = studio;
    if (lang === 'nl') await page.getByLabel('Language').selectOption('nl');
    const older = { ...recorded, car_connected: 'false', evse: { ...recorded.evse, connected: 'false' } };
    const charger = await startFixtureServer(settingsHandler(JSON.stringify(older)));
    const notOne = await startFixtureServer(
      settingsHandler(JSON.stringify({ version: '1.0', status: 'ok' })),
    );
    try {
      const address = page.getByLabel(translate(lang, 'addLabel'));
      await address.fill(notOne.address);
      await address.press('Enter');
      await expect(page.getByRole('alert')).toHaveText(
        translate(lang, 'netSettingsFields', { where: notOne.address, missing: 'evse, settings' }),
      );

      await address.fill(charger.address);
      await address.press('Enter');
      const row = page.getByRole('row', { name: new RegExp(charger.address.replace('.', '\\.')) });
      await expect(row).toBeVisible();
      await row.getByRole('button').first().click();
      await expect(page.getByTestId('unreadable-fields')).toHaveText(
        translate(lang, 'unreadableNote', { count: 2, fields: 'car_connected, evse.connected' }),
      );
      // The rest of the reply is read: the recorded charger is charging at 16 A.
      await expect(page.getByTestId('charger-status')).toContainText(lang === 'nl' ? '16,0' : '16.0');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await charger.close();
      await notOne.close();
    }
  });
}
