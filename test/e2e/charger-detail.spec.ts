// Goal: an owner's paths on one charger: open it, switch to Smart and see the current follow the
// mains, set a refused value and see why, change an LED colour, watch the graph grow at 60×, and
// reboot while charging. Method: Playwright in Chromium against web mode and its real simulator.
import { axeViolations, control, expect, simulatorControl, test } from './fixtures';

test('open the simulated charger, drive it, and see what it does', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  await expect(page.getByRole('heading', { name: 'Now', exact: true })).toBeVisible();
  const { base, serial } = await simulatorControl(page);
  const status = page.getByTestId('charger-status');

  // Plug in a car and let it charge at 60× speed.
  await control(base, `/chargers/${serial}/ev`, { state: 'charging', maxCurrentA: 32 });
  await control(base, `/chargers/${serial}/config`, { maxCurrentA: 32 });
  await control(base, '/world', { houseLoadA: [10, 8, 6] });
  await control(base, '/clock', { speed: 60 });
  await expect(status).toContainText(/Charging at \d+\.\d A on 3 phase/, { timeout: 15_000 });

  // Smart: the charge current follows the mains headroom (MaxMains 25 A, house 10 A on L1).
  await page.getByRole('button', { name: 'Smart', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Smart', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByText('Applied: the charger confirms it.').first()).toBeVisible();
  await expect(status).toContainText(/Charging at 1[45]\.\d A/, { timeout: 20_000 });
  await control(base, '/world', { houseLoadA: [18, 8, 6] });
  await expect(status).toContainText(/Charging at (6|7)\.\d A/, { timeout: 20_000 });

  // A value the charger would refuse: 5 A is below its minimum current. The field says so, in the
  // firmware's range for this charger, and nothing is sent (the form and main share one rule).
  const override = page.getByLabel('Override current (A)');
  await override.fill('5');
  await page.getByRole('button', { name: 'Apply: Override current' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Must be 0 (off) or 6–32 A on this charger' }),
  ).toBeVisible();
  await expect(override).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Refused: The override current/)).toHaveCount(0);
  // An emptied field is invalid, never 0.
  await override.fill('');
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a value.' })).toBeVisible();

  // An LED colour.
  await page.getByLabel('Smart', { exact: true }).and(page.locator('input[type=color]')).fill('#ff8800');
  await expect(page.locator('.colours').getByText('Applied: the charger confirms it.')).toBeVisible();

  // The graph grows.
  const plot = page.locator('.plot');
  const before = Number(await plot.getAttribute('data-points'));
  await expect
    .poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 10_000 })
    .toBeGreaterThan(before + 2);

  // Reboot while charging: deferred, and said so.
  await page.getByRole('button', { name: 'Reboot the charger' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('The charger will reboot when charging stops.')).toBeVisible();

  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: /All chargers/ }).click();
  await expect(page.getByRole('row', { name: /SmartEVSE-\d+/ })).toBeVisible();
  // The list shows what it charges at.
  await expect(
    page.getByRole('row', { name: /SmartEVSE-\d+/ }).getByRole('cell', { name: /^\d+\.\d A$/ }),
  ).toBeVisible({
    timeout: 15_000,
  });
});

test('arm a delayed start, see it armed, and cancel it', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const start = new Date(Date.now() + 2 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
  const schedule = page.getByRole('region', { name: 'Delayed charging' });
  await expect(schedule.getByRole('status').first()).toHaveText('Nothing is scheduled on the charger.');
  await expect(schedule.getByTestId('charger-clock')).toContainText('Charger’s clock:', { timeout: 10_000 });
  await expect(schedule.getByTestId('charger-clock')).not.toContainText('min off');
  await schedule.getByLabel('Start', { exact: true }).fill(`${day}T06:30`);
  await schedule.getByLabel('Stop (optional)').fill(`${day}T08:00`);
  await schedule.getByLabel('Repeat daily').check();
  await schedule.getByRole('button', { name: 'Schedule' }).click();
  await expect(schedule.getByText('Applied: the charger confirms it.')).toBeVisible();
  await expect(schedule.getByRole('status').first()).toContainText(
    /Starts charging every day at 0?6:30(\sAM)?, in Smart mode \(next: .*\)\. Switches off every day at 0?8:00(\sAM)? \(next: .*\)\./,
  );
  await expect(page.getByTestId('charger-status')).toContainText('Scheduled');
  await schedule.getByRole('button', { name: 'Cancel the schedule' }).click();
  await expect(schedule.getByRole('status').first()).toHaveText('Nothing is scheduled on the charger.', {
    timeout: 10_000,
  });
});

test('the simulator panel plugs in a car, speeds time up and shows the core’s internals', async ({
  studio,
}) => {
  const { page } = studio;
  await expect(page.getByRole('button', { name: /^Open SmartEVSE-/ })).toBeVisible({ timeout: 20_000 });
  const { base, serial } = await simulatorControl(page);
  await control(base, '/world', { houseLoadA: [7, 3, 2] });
  await control(base, `/chargers/${serial}/ev`, { state: 'connected', phases: 1, maxCurrentA: 20 });
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const panel = page.getByRole('region', { name: 'Simulator' });
  // The controls show what the simulator holds.
  await expect(panel.getByLabel(/House load L1/)).toHaveValue('7');
  await expect(panel.getByLabel('Cable')).toHaveValue('connected');
  await expect(panel.getByLabel('Phases')).toHaveValue('1');
  await expect(panel.getByLabel('Car maximum (A)')).toHaveValue('20');
  await panel.getByRole('button', { name: '60×' }).click();
  await expect(panel.getByRole('button', { name: '60×' })).toHaveAttribute('aria-pressed', 'true');
  await panel.getByLabel('Cable').selectOption('charging');
  await panel.getByLabel('State of charge (%)').fill('20');
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('charger-status')).toContainText('Charging at', { timeout: 15_000 });
  const internals = panel.getByTestId('sim-internals');
  await expect(internals).toContainText('Charging', { timeout: 10_000 });
  await expect(internals).toContainText(/Pilot from the car \(V\)\s*6/);
  // A cloud of house load: the budget and allocation are there to read.
  await panel.getByLabel(/House load L1/).fill('30');
  await panel.getByLabel(/House load L1/).dispatchEvent('change');
  await expect(panel.getByText('Applied: the charger confirms it.')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test('feed mains values to an API-meter charger, and use the expert PWM override', async ({ studio }) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/config`, { mainsMeter: 9 });
  const feed = page.getByRole('region', { name: 'Feed meter values' });
  await feed.getByLabel('L1 (A)').fill('12.5');
  await feed.getByLabel('L2 (A)').fill('4');
  await feed.getByLabel('L3 (A)').fill('-3');
  await feed.getByLabel('Every (s)').fill('1');
  await feed.getByRole('button', { name: 'Keep sending' }).click();
  await expect(feed.getByRole('status')).toContainText('Sending every 1 s');
  await expect(page.locator('.dashboard')).toContainText('12.5 / 4.0 / -3.0 A', { timeout: 10_000 });
  await expect
    .poll(async () => Number((await feed.getByRole('status').textContent())?.match(/\((\d+) sent\)/)?.[1]), {
      timeout: 10_000,
    })
    .toBeGreaterThan(2);
  await feed.getByRole('button', { name: 'Stop sending' }).click();
  await expect(feed.getByRole('button', { name: 'Keep sending' })).toBeVisible();

  const expert = page.locator('details.expert');
  await expert.locator('summary').click();
  const apply = expert.getByRole('button', { name: 'Apply' });
  await expect(apply).toBeDisabled();
  await expert.getByLabel('I understand').check();
  await expert.getByLabel(/Duty/).fill('200');
  await apply.click();
  await expect(expert.getByText('Applied: the charger confirms it.')).toBeVisible();
  await expect(page.locator('.dashboard')).toContainText('19.5 %');
  await expert.getByRole('button', { name: /Release/ }).click();
  expect(await axeViolations(page)).toEqual([]);
});

test('add a weekly plan, see its next run, and remove it', async ({ studio }) => {
  const { page } = studio;
  // The page's clock runs as usual, and the test can move it on (the plans' refresh included).
  await page.clock.install();
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const plans = page.getByRole('region', { name: 'Weekly plans' });
  await expect(plans.getByText('No weekly plan yet.')).toBeVisible();
  await plans.getByLabel('Time').fill('23:00');
  await plans.getByLabel('Sat').check();
  await plans.getByRole('button', { name: 'Add plan' }).click();
  const line = plans.getByRole('listitem');
  await expect(line).toContainText('Smart on Mon, Tue, Wed, Thu, Fri, Sat at 23:00');
  await expect(line).toContainText('next:');
  // Edited in place: the same plan, a new time (ux-review minor 4).
  await line.getByRole('button', { name: /^Edit plan: Smart on/ }).click();
  await plans.getByLabel('Time').fill('22:15');
  await plans.getByRole('button', { name: 'Save plan' }).click();
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('Smart on Mon, Tue, Wed, Thu, Fri, Sat at 22:15');
  // A "next" time that has passed gives way to the one after it, without a reload.
  const next = line.getByTestId('plan-next');
  const before = await next.textContent();
  await page.clock.fastForward('48:00:00');
  await expect(next).not.toHaveText(before!);
  // Without a day ticked the form says why it cannot add.
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'])
    await plans.getByLabel(day, { exact: true }).uncheck();
  await expect(plans.getByText('Tick at least one day.')).toBeVisible();
  await expect(plans.getByRole('button', { name: 'Add plan' })).toBeDisabled();
  await line.getByRole('button', { name: /Remove plan/ }).click();
  // Asked in place, as every removal that cannot be undone is.
  await expect(line.getByRole('alert')).toContainText(
    'Remove the plan “Smart on Mon, Tue, Wed, Thu, Fri, Sat at 22:15”?',
  );
  await line.getByRole('button', { name: 'Confirm' }).click();
  await expect(plans.getByText('No weekly plan yet.')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test('the live graph shows state and mode bands, pauses, pans and exports what is visible', async ({
  studio,
}) => {
  const { page } = studio;
  await page.getByRole('button', { name: /^Open SmartEVSE-/ }).click();
  const { base, serial } = await simulatorControl(page);
  await control(base, `/chargers/${serial}/ev`, { state: 'charging', maxCurrentA: 16 });
  await control(base, '/clock', { speed: 60 });
  const graph = page.getByRole('region', { name: 'Live graph' });
  // The axis is the charger's clock: at 60× a second of ours is a charger minute, so 15 min in view.
  await graph.getByRole('button', { name: '15 min', exact: true }).click();
  await expect(graph.getByTestId('state-band')).toContainText('Charging', { timeout: 20_000 });
  await expect(graph.getByTestId('mode-band')).toContainText('Normal');

  const plot = graph.locator('.plot');
  const end = async () => Number(await plot.getAttribute('data-range-end'));
  // Enough samples in view that there is somewhere earlier to go.
  await expect
    .poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 15_000 })
    .toBeGreaterThan(5);
  await graph.getByRole('button', { name: 'Pause' }).click();
  const held = await end();
  await page.waitForTimeout(1500);
  expect(await end()).toBe(held);
  await graph.getByRole('button', { name: '◀ Earlier' }).click();
  const earlier = await end();
  expect(earlier).toBeLessThan(held);
  expect(earlier).toBeGreaterThanOrEqual(held - 450);
  await graph.getByRole('button', { name: 'Later ▶' }).click();
  expect(await end()).toBeGreaterThan(earlier);
  await graph.getByRole('button', { name: 'Live' }).click();
  await expect.poll(end, { timeout: 10_000 }).toBeGreaterThan(held);

  // The 24-h window draws from the envelope and still shows the bands.
  await graph.getByRole('button', { name: '24 h', exact: true }).click();
  await expect(graph.getByTestId('state-band')).toContainText('Charging');
  expect(Number(await plot.getAttribute('data-points'))).toBeGreaterThan(5);
  await graph.getByRole('button', { name: '15 min', exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    graph.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toMatch(
    /^# SmartEVSE-\d+: \d+ samples from \S+ to \S+ \(charger clock, the range in view\)$/,
  );
  expect(lines[1]).toBe(
    'time,mains_l1_a,mains_l2_a,mains_l3_a,ev_a,charge_current_a,power_kw,state_id,mode_id',
  );
  expect(lines.length).toBeGreaterThan(4);
  expect(lines.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT.*,1$/);
  expect(await axeViolations(page)).toEqual([]);
});
