// Goal: an owner turns on the simulator's MQTT broker from the simulator card, opens a charger's
// MQTT view, sees its topics and Home Assistant entities, sends Mode Smart after confirming and is
// told the charger acted; a command the firmware would ignore is refused with the reason before
// anything is sent; the integration snippets match the charger. Method: Playwright in Chromium against web mode with its simulator.
import { axeViolations, expect, test } from './fixtures';

test('MQTT: the embedded broker, the live topics, a confirmed command and a refused one', async ({
  studio,
}) => {
  const { page } = studio;
  const card = page.getByRole('region', { name: 'Simulated chargers' });
  await expect(card.getByTestId('sim-fleet-status')).toHaveText('Simulated chargers running: 1.', {
    timeout: 20_000,
  });
  await card.getByLabel(/MQTT broker on this computer/).check();
  await card.getByRole('button', { name: 'Restart with these' }).click();
  await expect(card.getByTestId('sim-mqtt-broker')).toContainText(/MQTT broker: mqtt:\/\/127\.0\.0\.1:\d+/, {
    timeout: 20_000,
  });

  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const view = page.getByRole('region', { name: 'MQTT as the charger speaks it' });
  await expect(view).toContainText(/Broker 127\.0\.0\.1:\d+, topic prefix SmartEVSE\/\d+/);
  // The charger's own link comes up with the restart; the view reads it from the charger.
  await expect(view).toContainText('The charger’s own link to the broker: Connected.', { timeout: 15_000 });
  await view.getByRole('button', { name: 'Connect to its broker' }).click();
  await expect(view.getByTestId('mqtt-state')).toHaveText(/Connected to 127\.0\.0\.1:\d+\./);
  const topics = view.getByRole('region', { name: 'Topics' });
  await expect(topics.getByRole('row', { name: /\d\/Mode Normal/ })).toBeVisible({ timeout: 15_000 });
  await expect(view.getByText(/\d+ entities announced/)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  const payload = view.getByLabel('Payload');
  await view.getByLabel(/^Command/).selectOption('Mode');
  await payload.fill('3');
  await view.getByRole('button', { name: 'Send' }).click();
  await view.getByRole('button', { name: 'Send' }).click();
  await expect(payload).toHaveAccessibleDescription(
    /The firmware ignores numbers on Mode: send one of Off, Normal/,
  );

  await payload.fill('Smart');
  await view.getByRole('button', { name: 'Send' }).click();
  await expect(view.getByRole('alert')).toHaveText(/Send Smart to SmartEVSE\/\d+\/Set\/Mode\?/);
  await view.getByRole('button', { name: 'Send' }).click();
  await expect(view.getByTestId('mqtt-sent')).toHaveText('The charger acted: NORMAL → SMART.', {
    timeout: 10_000,
  });
  await expect(topics.getByRole('row', { name: /\d\/Mode Smart/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Smart', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
    {
      timeout: 10_000,
    },
  );

  // The snippets for this charger, with the discovery the view saw.
  const snippets = page.getByRole('region', { name: 'Integration snippets' });
  await snippets.getByRole('button', { name: 'Make the snippets' }).click();
  await expect(snippets.getByTestId('snippet-curl')).toContainText(
    /curl -s -X POST 'http:\/\/127\.0\.0\.1:\d+\/settings\?mode=3' -d ''/,
  );
  await expect(snippets.getByTestId('snippet-mosquitto')).toContainText(
    /mosquitto_pub -h '127\.0\.0\.1' -p \d+ -t 'SmartEVSE\/\d+\/Set\/Mode' -m Smart/,
  );
  await expect(snippets).toContainText(
    /Home Assistant finds this charger by itself: \d+ entities are announced/,
  );
  await expect(snippets).toContainText('evcc’s smart-evse template needs firmware 3.11.2 or later');
  expect(await axeViolations(page)).toEqual([]);

  await view.getByRole('button', { name: 'Disconnect' }).click();
  await expect(view.getByTestId('mqtt-state')).toHaveText('Not connected.');
});
