// Goal: an installer sees a power-share group as one thing on the charger list: the master and its
// nodes, the budget and how it is split, each member's share, and why a node waits.
// Method: Playwright in Chromium against web mode and its simulator wired as a 3-member group.
import { axeViolations, control, expect, simulatorControl, startSimulatedGroup, test } from './fixtures';

test('a power-share group: members, budget, split and why one waits', async ({ studio }) => {
  const { page } = studio;
  await startSimulatedGroup(page, 3);
  const { base } = await simulatorControl(page);
  const status = (await (await fetch(base)).json()) as { chargers: { serial: number }[] };
  const serials = status.chargers.map((c) => c.serial).sort((a, b) => a - b);
  // Two charge; the third plugs in with MaxCircuit 16 A already given out to them.
  await control(base, `/chargers/${serials[0]}/ev`, { state: 'charging' });
  await control(base, `/chargers/${serials[1]}/ev`, { state: 'charging' });
  await control(base, '/clock', { speed: 10 });
  const groups = page.getByRole('region', { name: 'Power-share groups' });
  const table = groups.getByRole('table', { name: /Group of SmartEVSE-\d+: the master and 2 nodes/ });
  await expect(table.getByRole('row')).toHaveCount(4, { timeout: 20_000 });
  await expect(table.getByRole('row').nth(1)).toContainText('Master');
  await expect(table.getByRole('row').nth(2)).toContainText('Node 1');
  await expect(table.getByRole('row').nth(3)).toContainText('Node 2');
  await expect(groups.getByTestId('group-budget')).toContainText('MaxCircuit 16 A for the whole group', {
    timeout: 30_000,
  });
  await expect(groups.getByTestId('group-split')).toHaveText(
    new RegExp(
      `Given out: 16 A to 2 charging members: SmartEVSE-${serials[0]} 8 A, SmartEVSE-${serials[1]} 8 A\\.`,
    ),
    { timeout: 30_000 },
  );
  await expect(table.getByRole('row').nth(1)).toContainText('8.0 A');
  await control(base, `/chargers/${serials[2]}/ev`, { state: 'charging' });
  // All three share it now, or the third waits with the reason: either way the view says so.
  await expect(groups.getByTestId('group-split')).toContainText(
    /to 3 charging members|to 2 charging members/,
    {
      timeout: 30_000,
    },
  );
  expect(await axeViolations(page)).toEqual([]);
  // A member opens its own view.
  await table.getByRole('button', { name: `SmartEVSE-${serials[1]}` }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: new RegExp(`SmartEVSE-${serials[1]}`) }),
  ).toBeVisible();
});

test('with two masters in the list, the user says which master a node answers to', async ({ studio }) => {
  const { page } = studio;
  // Nine as groups of at most eight: a master with seven nodes, and a second master alone.
  await startSimulatedGroup(page, 9);
  const groups = page.getByRole('region', { name: 'Power-share groups' });
  const unplaced = groups.getByRole('listitem');
  await expect(unplaced).toHaveCount(7, { timeout: 20_000 });
  await expect(groups.getByText(/The list holds 2 masters/)).toBeVisible();
  const tables = groups.getByRole('table');
  await expect(tables).toHaveCount(2);
  const firstMaster = (await tables
    .first()
    .getByRole('row')
    .nth(1)
    .getByRole('button')
    .textContent())!.trim();
  await unplaced.first().getByRole('combobox').selectOption({ label: firstMaster });
  await expect(unplaced).toHaveCount(6);
  await expect(
    groups.getByRole('table', { name: new RegExp(`Group of ${firstMaster}: the master and 1 node`) }),
  ).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  // Kept: after a reload the node is still placed.
  await page.reload();
  await expect(groups.getByRole('listitem')).toHaveCount(6, { timeout: 20_000 });
});
