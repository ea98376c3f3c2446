// Goal: through the Studio API a supporter makes a twin of a listed charger and replays what
// Studio recorded of it: the twin joins the list named after its source, replays every recorded
// reading with mains, and a request that asks for a replay of nothing (or of a pasted document)
// is refused in words without making a twin. Method: the real service with its real simulator
// process on 127.0.0.1, recording the simulated charger as it polls; requests pass dispatch.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StudioService } from '../../src-main/service/studio-service';
import { nodeLauncher } from '../../src-main/sim-supervisor/node-launcher';
import { dispatch } from '../../src-main/transport/dispatch';
import { eventually, testClient } from '../support/service';

let dir: string;
let service: StudioService;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-twin-'));
  service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'test',
    simulator: { launch: nodeLauncher(path.resolve('dist/sim/cli.js')), autoStart: true },
    discovery: { enabled: false },
    poller: { backgroundIntervalMs: 100 },
  });
  await service.init();
  await service.start();
});
afterAll(async () => {
  await service?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('a twin of a listed charger replays what Studio recorded of it', async () => {
  const h = service.handlers;
  const [source] = await h.listChargers({}, testClient);
  const from = Date.now() - 1000;
  const recorded = await eventually(async () => {
    const r = await h.recordedSamples({ id: source!.id, fromMs: from, toMs: Date.now() + 1000 }, testClient);
    return r.samples.filter((s) => s.mainsDa).length >= 5 ? r : undefined;
  }, 'five recorded readings');
  const toMs = recorded.samples.at(-1)!.tMs + 1;
  const count = recorded.samples.filter((s) => s.tMs < toMs && s.mainsDa).length;

  const empty = await dispatch(
    h,
    'createTwin',
    {
      source: { kind: 'charger', id: source!.id },
      replay: { fromMs: from - 7_200_000, toMs: from - 3_600_000 },
    },
    testClient,
  );
  expect(empty.ok).toBe(false);
  expect(JSON.stringify(empty)).toContain('Nothing with mains currents was recorded');
  const pasted = await dispatch(
    h,
    'createTwin',
    { source: { kind: 'text', text: '{}' }, replay: { fromMs: from, toMs } },
    testClient,
  );
  expect(JSON.stringify(pasted)).toContain('a replay needs a listed charger');
  expect(await h.listChargers({}, testClient)).toHaveLength(1);

  const reply = await dispatch(
    h,
    'createTwin',
    { source: { kind: 'charger', id: source!.id }, replay: { fromMs: from, toMs } },
    testClient,
  );
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  const twin = reply.value as { chargerId: string; replay: { points: number } };
  expect(twin.replay.points).toBe(count);
  const list = await h.listChargers({}, testClient);
  expect(list.find((c) => c.id === twin.chargerId)?.name).toBe(`Twin of ${source!.name}`);
  // The source itself is still listed and simulated.
  expect(list.find((c) => c.id === source!.id)?.origin).toBe('simulated');
});
