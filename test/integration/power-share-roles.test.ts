// Goal: changing a charger's power-share role while it runs reconfigures the bus, as the
// firmware's LOADBL does: a node set to Disabled leaves the master's table, reads its own mains
// meter (no 11-s meter timeout in Smart) and reports its own charge current. Method: the real
// simulator process with a two-charger group, its clock stepped by hand, over REST and the
// control API; `/automated_testing?loadbl=` as the firmware developers' bench script sends it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, startSim, type SimProcess } from '../support/sim-process';

let sim: SimProcess;
beforeAll(async () => {
  sim = await startSim(['--chargers', '2', '--group', '--no-mdns', '--paused']);
}, 30_000);
afterAll(() => sim?.stop());

const advance = (ms: number) => sim.control('POST', '/sim/clock/advance', { ms });
const doc = async (url: string) => (await (await fetch(`${url}/settings`)).json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

it('a node set to Disabled over /automated_testing charges on as a standalone charger', async () => {
  const [master, node] = sim.chargers as [(typeof sim.chargers)[0], (typeof sim.chargers)[0]];
  await post(`${master.url}/settings?mode=3`);
  for (const c of [master, node])
    await sim.control('POST', `/sim/chargers/${c.serial}/ev`, { state: 'charging' });
  await advance(90_000);
  expect((await doc(node.url)).evse.state).toBe('Charging');
  expect((await post(`${node.url}/automated_testing?loadbl=0`)).status).toBe(200);
  // Longer than the 11-s meter timeout and the master's 5 polls.
  await advance(30_000);
  const alone = await doc(node.url);
  expect(alone.evse.loadbl).toBe(0);
  expect(alone.evse.error).toBe('None');
  expect(alone.evse.state).toBe('Charging');
  expect(alone.settings.charge_current).toBeGreaterThan(0);
  const { body } = await sim.control<{ balance: { balancedState: number[] } }>(
    'GET',
    `/sim/chargers/${master.serial}/internals`,
  );
  expect(body.balance.balancedState[1]).toBe(0);
  // And back: it rejoins the master as node 1.
  await sim.control('POST', `/sim/chargers/${node.serial}/config`, { loadBl: 2 });
  await advance(20_000);
  const again = await sim.control<{ balance: { balancedState: number[] } }>(
    'GET',
    `/sim/chargers/${master.serial}/internals`,
  );
  expect(again.body.balance.balancedState[1]).toBe(2);
});
