// Goal: the configuration doctor reaches an installer wherever they look: for one charger, in
// compare (a column) and in the commissioning report, and a power-share node is checked against
// its master. Method: a real StudioService and the simulator process on 127.0.0.1, the foot-guns
// set the way an installer would (REST and the LCD-only values through the control API).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';

let alone: SimProcess;
let group: SimProcess;
let studio: Awaited<ReturnType<typeof startService>>;

beforeAll(async () => {
  // One at a time, each kept as it starts: if one fails, afterAll still stops the others.
  alone = await startSim(['--chargers', '2', '--no-mdns']);
  group = await startSim(['--chargers', '2', '--group', '--no-mdns']);
  studio = await startService({ poller: { backgroundIntervalMs: 600_000 } });
}, 30_000);
afterAll(async () => {
  await studio?.stop();
  await alone?.stop();
  await group?.stop();
});

const add = async (port: number) =>
  (await studio.service.handlers.addCharger({ address: `127.0.0.1:${port}` }, testClient)).id;

it('finds MaxCircuit below MaxCurrent in Smart on one charger, nothing on the other, in compare and in the report', async () => {
  const [trap, clean] = alone.chargers as [(typeof alone.chargers)[0], (typeof alone.chargers)[0]];
  await alone.control('POST', `/sim/chargers/${trap.serial}/config`, { maxCircuitA: 10 });
  await fetch(`${trap.url}/settings?mode=3`, { method: 'POST', body: '' });
  const ids = [await add(trap.port), await add(clean.port)];
  const h = studio.service.handlers;
  const reports = await h.diagnoseChargers({ targets: ids }, testClient);
  expect(reports.map((r) => r.findings.map((f) => f.rule))).toEqual([['circuit-below-max'], []]);
  const compared = await h.compareChargers({ targets: ids }, testClient);
  expect(compared.rows.map((r) => r.findings?.map((f) => f.rule))).toEqual([['circuit-below-max'], []]);
  const report = await h.commissioningReport({ targets: ids, title: 'Doctor street' }, testClient);
  expect(report.html).toContain('MaxCircuit (10 A) is below MaxCurrent (16 A)');
  expect(report.html).toContain('Change MAX CIRCUIT on the charger’s menu.');
  expect(report.html).toContain('none of the known traps applies');
});

it('a node whose Solar start current differs from its master is told the master decides it', async () => {
  const [master, node] = group.chargers as [(typeof group.chargers)[0], (typeof group.chargers)[0]];
  await fetch(`${node.url}/settings?solar_start_current=9`, { method: 'POST', body: '' });
  const masterId = await add(master.port);
  const nodeId = await add(node.port);
  await studio.service.chargers.read(masterId);
  const [report] = await studio.service.handlers.diagnoseChargers({ targets: [nodeId] }, testClient);
  expect(report!.findings).toEqual([
    expect.objectContaining({ rule: 'node-conflicts-master', params: { fields: 'solar_start_current' } }),
  ]);
  const [forMaster] = await studio.service.handlers.diagnoseChargers({ targets: [masterId] }, testClient);
  expect(forMaster!.findings).toEqual([]);
});
