// Goal: whatever a person types wrong, in English or in Dutch, every form answers at the field in
// the catalogue's words (never schema text, a method name or a raw path) and sends nothing.
// Method: Playwright in Chromium against web mode and its simulator; each form of the charger view
// and the profile editor is filled with empty and out-of-range values, every alert on the page is
// matched against the catalogue of the chosen language, and no write outcome may appear.
import type { Locator, Page } from '@playwright/test';
import { formFields, settableFields, type SettableField } from '../../src-shared/contract';
import { messageKeys, translate, type Locale, type MessageKey } from '../../src-shared/i18n/messages';
import { expect, test } from './fixtures';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a text is one of the catalogue's messages in `locale`, with any parameters filled in. */
function fromCatalogue(locale: Locale, text: string): boolean {
  return messageKeys.some((key) => {
    const template = escape(translate(locale, key)).replace(/\\\{\w+\\\}/g, '.+');
    return new RegExp(`^${template}$`, 's').test(text);
  });
}

/** What schema text, a method name or a request path look like when they leak. */
const leaked = /expected|Invalid|Too (big|small)|received|\b[a-z]+[A-Z]\w*[:.]|values\.|mqtt\.|plan\./;

async function alertsAreCatalogueWords(page: Page, locale: Locale): Promise<number> {
  const texts = (await page.getByRole('alert').allInnerTexts()).map((text) => text.trim());
  for (const text of texts) {
    expect(text, `"${text}" is not schema text`).not.toMatch(leaked);
    expect(fromCatalogue(locale, text), `"${text}" comes from the ${locale} catalogue`).toBe(true);
  }
  return texts.length;
}

function numberIn(locale: Locale, value: number): string {
  return value.toLocaleString(locale, { maximumFractionDigits: 3 });
}

for (const locale of ['en', 'nl'] as const) {
  const w = (key: MessageKey, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const range = (min: number, max: number, unit = '', orZero = false) =>
    w('fieldRange', {
      range: `${w(orZero ? 'rangeOffOr' : 'rangeSpan', { min: numberIn(locale, min), max: numberIn(locale, max) })}${unit ? ` ${unit}` : ''}`,
    });
  /** No write was sent: a sent one would show the charger's answer (applied or refused). */
  const nothingSent = async (scope: Locator) => {
    await expect(scope.getByText(w('applied'))).toHaveCount(0);
    await expect(scope.getByText(new RegExp(`^${escape(w('refused'))}:`))).toHaveCount(0);
  };

  test(`every charger form refuses bad values in the catalogue’s words (${locale})`, async ({ studio }) => {
    const { page } = studio;
    await page.getByLabel('Language').selectOption(locale);
    const open = escape(w('openLabel')).replace('\\{name\\}', 'SmartEVSE-\\d+');
    await page.getByRole('button', { name: new RegExp(`^${open}$`) }).click();
    await expect(page.getByRole('heading', { name: w('settingsHeading'), exact: true })).toBeVisible();

    // Every number row of the settings form (the field table's form fields): empty, then too high.
    const settings = page.getByRole('region', { name: w('settingsHeading'), exact: true });
    for (const field of formFields) {
      const row: SettableField = settableFields[field];
      if (!row.range || row.codec !== 'int') continue;
      const input = page.locator(`#setting-${field}`);
      const problem = page.locator(`#setting-${field}-problem`);
      await input.fill('');
      await expect(problem).toHaveText(w('fieldEmpty'));
      await expect(input).toHaveAttribute('aria-invalid', 'true');
      const scale = row.unit === 'dA' ? 10 : 1;
      await input.fill(String(row.range.max / scale + 1000));
      await page.getByRole('button', { name: `${w('apply')}: ${w(row.label as MessageKey)}` }).click();
      const unit = scale === 10 ? 'A' : (row.unit ?? '');
      await expect(problem).toHaveText(
        range(row.range.min / scale, row.range.max / scale, unit, row.range.orZero === true),
      );
    }
    // One range said exactly as the firmware's page says it.
    await page.locator('#setting-maxSumMainsA').fill('5');
    await expect(page.locator('#setting-maxSumMainsA-problem')).toHaveText(range(10, 600, 'A', true));

    // MQTT: the port emptied, then out of range.
    const mqtt = page.getByRole('group', { name: w('mqttHeading') });
    const port = mqtt.getByLabel(w('mqttPort'));
    await port.fill('');
    await mqtt.getByRole('button', { name: w('apply'), exact: true }).click();
    await expect(mqtt.getByRole('alert')).toHaveText(w('fieldEmpty'));
    await port.fill('70000');
    await expect(mqtt.getByRole('alert')).toHaveText(range(0, 65535));
    await expect(port).toHaveAttribute('aria-invalid', 'true');

    // Expert PWM: a duty above 1024.
    await page.getByText(w('expertHeading')).click();
    await page.getByLabel(w('expertAck')).check();
    await page.getByLabel(w('expertPwm')).fill('2000');
    await page
      .locator('details.expert')
      .getByRole('button', { name: w('apply'), exact: true })
      .click();
    await expect(page.locator('details.expert').getByRole('alert')).toHaveText(range(0, 1024));

    // Meter feed: an emptied phase, and an interval of 0 s.
    const feed = page.getByRole('region', { name: w('feedHeading') });
    await feed.getByLabel('L1 (A)').fill('');
    await feed.getByRole('button', { name: w('feedOnce') }).click();
    await expect(feed.getByRole('alert')).toHaveText(w('fieldEmpty'));
    await feed.getByLabel('L1 (A)').fill('10');
    await feed.getByLabel('L2 (A)').fill('4000');
    await expect(feed.getByRole('alert')).toHaveText(range(-3276.8, 3276.7, 'A'));
    await feed.getByLabel('L2 (A)').fill('10');
    await feed.getByLabel(w('feedInterval')).fill('0');
    await feed.getByRole('button', { name: w('feedFollow') }).click();
    await expect(feed.getByRole('alert')).toHaveText(range(1, 60, 's'));
    await expect(feed.getByRole('button', { name: w('feedStop') })).toHaveCount(0);

    // Delayed charging: a start in the past, then a stop before the start.
    const schedule = page.getByRole('region', { name: w('scheduleHeading') });
    await schedule.getByLabel(w('scheduleStart'), { exact: true }).fill('2020-01-01T06:30');
    await schedule.getByRole('button', { name: w('scheduleArm') }).click();
    await expect(schedule.getByRole('alert')).toHaveText(w('ruleStartFuture'));
    const later = new Date(Date.now() + 2 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const day = `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}`;
    await schedule.getByLabel(w('scheduleStart'), { exact: true }).fill(`${day}T08:00`);
    await schedule.getByLabel(w('scheduleStop')).fill(`${day}T07:00`);
    await schedule.getByRole('button', { name: w('scheduleArm') }).click();
    await expect(schedule.getByRole('alert')).toHaveText(w('ruleStopAfterStart'));
    await expect(schedule.getByRole('status').first()).toHaveText(w('scheduleNone'));

    // A weekly plan without a time.
    const plans = page.getByRole('region', { name: w('plansHeading') });
    await plans.getByLabel(w('planTime')).fill('');
    await plans.getByRole('button', { name: w('planAdd') }).click();
    await expect(plans.getByRole('alert')).toHaveText(w('fieldEmpty'));
    await expect(plans.getByText(w('plansNone'))).toBeVisible();

    // The simulated car: a maximum above 80 A and a state of charge above 100 %.
    const simulator = page.getByRole('region', { name: w('simHeading') });
    await simulator.getByLabel(w('simEvMax')).fill('100');
    await simulator.getByLabel(w('simSoc')).fill('150');
    await simulator
      .locator('form.sim-ev')
      .getByRole('button', { name: w('apply'), exact: true })
      .click();
    await expect(simulator.getByRole('alert')).toHaveText([range(1, 80, 'A'), range(0, 100, '%')]);

    // Renaming to nothing.
    await page.getByRole('button', { name: w('rename'), exact: true }).click();
    await page.getByLabel(w('renameLabel')).fill('  ');
    await page.getByRole('button', { name: w('save'), exact: true }).click();
    await expect(page.locator('form.rename').getByRole('alert')).toHaveText(w('fieldEmpty'));

    await nothingSent(settings);
    await nothingSent(schedule);
    await nothingSent(simulator);
    expect(await alertsAreCatalogueWords(page, locale)).toBeGreaterThanOrEqual(8);
  });

  test(`the profile editor refuses bad values in the catalogue’s words (${locale})`, async ({ studio }) => {
    const { page } = studio;
    await page.getByLabel('Language').selectOption(locale);
    await page.getByRole('button', { name: w('navFleet') }).click();
    await page.getByRole('button', { name: w('profileNew') }).click();
    const editor = page.getByRole('form', { name: w('profileNew') });
    const minimum = w('setMinCurrent');
    await editor.getByRole('checkbox', { name: minimum }).check();
    await editor.getByLabel(`${minimum} (A)`).fill('');
    await editor.getByRole('checkbox', { name: w('mqttPort') }).check();
    await editor.getByRole('spinbutton', { name: w('mqttPort') }).fill('-1');
    await editor.getByRole('button', { name: w('profileSave') }).click();
    await expect(editor.getByRole('alert')).toHaveText([w('fieldEmpty'), w('fieldEmpty'), range(0, 65535)]);
    await editor.getByLabel(`${minimum} (A)`).fill('40');
    await expect(editor.getByRole('alert').nth(1)).toHaveText(range(6, 16, 'A'));
    expect(await alertsAreCatalogueWords(page, locale)).toBe(3);
    await editor.getByRole('button', { name: w('cancel') }).click();
    await expect(page.getByText(w('profilesNone'))).toBeVisible();
  });
}
