// Goal: a profile applied to members of a power-share group says, before anything is sent, where
// the group's settings really go: a mode to the whole group, a node's StartCurrent overruled by
// the master, a master's sent on to its nodes; a standalone charger gets no such note.
// Method: the real simulator with a 3-member group and one standalone charger, and a StudioService.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';

let group: SimProcess;
let alone: SimProcess;
let studio: Awaited<ReturnType<typeof startService>>;
const ids: string[] = [];

beforeAll(async () => {
  group = await startSim(['--chargers', '3', '--group', '--no-mdns']);
  alone = await startSim(['--chargers', '1', '--no-mdns']);
  studio = await startService({ poller: { backgroundIntervalMs: 600_000 } });
  for (const c of [...group.chargers, ...alone.chargers])
    ids.push((await studio.service.handlers.addCharger({ address: `127.0.0.1:${c.port}` }, testClient)).id);
}, 60_000);

afterAll(async () => {
  await studio?.stop();
  await group?.stop();
  await alone?.stop();
});

it('the preview tells where a group’s settings go, per member', async () => {
  const h = studio.service.handlers;
  const [master, node1, , standalone] = ids;
  const roles = (await h.listChargers({}, testClient)).map((c) => c.snapshot?.loadBl);
  expect(roles).toEqual([1, 2, 3, 0]);
  const preview = await h.previewApply(
    {
      source: { values: { mode: 'SOLAR', solarStartCurrentA: 5 }, label: 'Solar street' },
      targets: [master!, node1!, standalone!],
    },
    testClient,
  );
  const field = (i: number, name: string) => preview[i]!.fields.find((f) => f.field === name);
  expect(field(0, 'mode')).toMatchObject({
    status: 'will-change',
    key: 'applyGroupMode',
    params: { count: 2 },
  });
  expect(field(0, 'solarStartCurrentA')).toMatchObject({
    key: 'applyGroupMasterField',
    params: { count: 2 },
  });
  expect(field(1, 'mode')).toMatchObject({ key: 'applyGroupMode' });
  expect(field(1, 'solarStartCurrentA')).toMatchObject({
    status: 'will-change',
    key: 'applyGroupNodeField',
    message: expect.stringMatching(
      new RegExp(`The master \\(SmartEVSE-${group.chargers[0]!.serial}\\) sends its own value`),
    ),
  });
  // A standalone charger is its own group: nothing to say.
  expect(field(2, 'solarStartCurrentA')!.key).toBeUndefined();
  // The apply says the same on its results.
  const job = await h.startApply(
    { source: { values: { solarStartCurrentA: 5 }, label: 'Start 5 A' }, targets: [node1!] },
    testClient,
  );
  const done = await studio.service.fleet.runner.whenDone(job.id);
  expect(done.targets[0]!.fields[0]).toMatchObject({ key: 'applyGroupNodeField' });
}, 60_000);
