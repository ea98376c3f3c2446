// Soak: Studio's web mode (service + HTTP/WebSocket binding, in this process) watching 50 simulated
// chargers live at one simulated second for a simulated 24 h. The simulator runs at 40× and Studio's
// clock and live interval are scaled to match (one poll every 25 ms per charger, 2000 reads a second
// in all, about what two cores serve), so the run takes 36 min of wall time and every charger's ring
// ends holding 86 400 samples. STUDIO_SOAK_SPEED and STUDIO_SOAK_SECONDS change speed and length.
// Prints heap and external memory after each forced GC, the growth after warm-up compared with the
// ring buffers' fixed size, samples per charger, samples received over the WebSocket, and the
// sockets and timers left once every view and client is gone.
import v8 from 'node:v8';
import vm from 'node:vm';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { systemScheduler, type Scheduler } from '../../src-main/store/scheduler';
import { StudioService } from '../../src-main/service/studio-service';
import { startWebBinding } from '../../src-main/transport/web-binding';
import { startSim } from '../support/sim-process';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  // `external` already includes array buffers (the rings' typed arrays).
  return { heap: m.heapUsed, external: m.external, rss: m.rss };
}

const resources = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPSocketWrap' || r === 'Timeout' || r === 'TCPServerWrap');

/** A positive number from the environment, or the default; anything else stops the soak with why. */
function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a number above 0, not "${text}"`);
  return value;
}

export async function run(): Promise<string[]> {
  const chargers = 50;
  const speed = positive('STUDIO_SOAK_SPEED', 40);
  const seconds = positive('STUDIO_SOAK_SECONDS', 86_400 / speed);
  // Studio's clock runs at the simulator's speed: a day of polls, saves and plan checks in the run.
  const wallStart = Date.now();
  const system = systemScheduler();
  const scheduler: Scheduler = {
    now: () => wallStart + (Date.now() - wallStart) * speed,
    setTimeout: (run, delayMs) => system.setTimeout(run, delayMs / speed),
    clearTimeout: (handle) => system.clearTimeout(handle),
  };
  const baseline = resources();
  const sim = await startSim(['--chargers', String(chargers), '--no-mdns', '--speed', String(speed)]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-soak-'));
  await mkdir(path.join(dir, 'renderer'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<p>soak</p>');
  const service = new StudioService({
    userDataDir: path.join(dir, 'data'),
    shell: 'web',
    version: 'soak',
    scheduler,
    poller: { liveIntervalMs: 1000 },
  });
  await service.init();
  await service.start();
  const binding = await startWebBinding({
    handlers: service.handlers,
    subscribe: (listener) => service.onEvent(listener),
    onClientGone: (clientId) => service.dropClient(clientId),
    rendererDir: path.join(dir, 'renderer'),
  });
  const clientId = 'soak-client-0001';
  const call = async (method: string, body: unknown) => {
    const response = await fetch(`${binding.origin}/api/call/${method}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Studio-Token': binding.token,
        'X-Studio-Client': clientId,
        Origin: binding.origin,
      },
      body: JSON.stringify(body),
    });
    const reply = (await response.json()) as { ok: boolean; value: unknown; error?: { message: string } };
    if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
    return reply.value;
  };
  let samples = 0;
  const socket = new WebSocket(
    `${binding.origin.replace('http', 'ws')}/api/events?token=${binding.token}&client=${clientId}`,
    { headers: { Origin: binding.origin } },
  );
  socket.on('message', (data) => {
    if (String(data).includes('"ChargerSample"')) samples += 1;
  });
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  const ids: string[] = [];
  for (const c of sim.chargers) {
    const added = (await call('addCharger', { address: `127.0.0.1:${c.port}` })) as { id: string };
    ids.push(added.id);
    await call('subscribeSamples', { id: added.id, live: true });
  }

  const points: { t: number; heap: number; external: number }[] = [];
  const warmUp = Math.min(20, seconds / 4);
  await sleep(warmUp * 1000);
  const start = memory();
  const startedAt = Date.now();
  while (Date.now() - startedAt < (seconds - warmUp) * 1000) {
    const every = Math.max(15_000, ((seconds - warmUp) * 1000) / 12);
    await sleep(Math.min(every, (seconds - warmUp) * 1000 - (Date.now() - startedAt)));
    const m = memory();
    points.push({ t: (Date.now() - startedAt) / 1000, heap: m.heap, external: m.external });
  }
  const end = memory();
  const received = samples;
  const polls = ids.reduce((sum, id) => sum + (service.poller.requestCounts.get(id) ?? 0), 0);
  const rings = ids.map((id) => service.poller.ring(id));
  const held = rings.map((ring) => ring?.size ?? 0);
  // One ring per charger, allocated whole when the charger is first polled: its size is fixed.
  const ringBytes = rings.reduce((sum, ring) => sum + (ring?.byteLength ?? 0), 0);
  const capacity = rings[0]?.capacity;

  socket.close();
  await sleep(500);
  await binding.close();
  await service.close();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
  await sleep(500);
  const left = resources().length - baseline.length;

  const heapGrowth = end.heap - start.heap;
  const externalGrowth = end.external - start.external;
  return [
    `soak: ${chargers} chargers watched live for ${seconds} s at ${speed}× (${((seconds * speed) / 3600).toFixed(1)} simulated hours); ${received} samples pushed over the WebSocket (${(received / seconds).toFixed(0)}/s)`,
    `soak: reads sent ${polls}, samples kept ${held.reduce((a, b) => a + b, 0)}, samples pushed ${received}; reads that gave no sample (failed, or in flight when counted): ${polls - held.reduce((a, b) => a + b, 0)}`,
    `soak: samples held per charger at the end: min ${Math.min(...held)}, max ${Math.max(...held)} (one per simulated second would be ${Math.round(seconds * speed)}; ring capacity ${capacity})`,
    `soak: heap ${mb(start.heap)} → ${mb(end.heap)} MB after warm-up (growth ${mb(heapGrowth)} MB), external (array buffers included) ${mb(start.external)} → ${mb(end.external)} MB (growth ${mb(externalGrowth)} MB); ring buffers' fixed size ${mb(ringBytes)} MB; rss ${mb(end.rss)} MB`,
    `soak: heap along the run (MB): ${points.map((p) => `${p.t.toFixed(0)} s ${mb(p.heap)}`).join(', ')}`,
    `soak: sockets, servers and timers left after every view and client closed: ${left} (target 0)`,
  ];
}
