// Benchmarks for discovery, the charger client and the poller:
// - start of browsing → last of 20 simulated chargers confirmed (target < 1.5 s);
// - latency Studio adds to a /settings read (dispatch: what the IPC binding runs; and the web
//   binding over HTTP) compared with a direct HTTP request to the same simulator (target p50 < 1 ms);
// - requests reaching a charger per interval with 10 open live views (target: exactly one).
// Everything runs on 127.0.0.1; mDNS stays on the loopback interface.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simReadySchema, createStudioApi } from '$shared/contract';
import { StudioService } from '../../src-main/service/studio-service';
import { dispatch } from '../../src-main/transport/dispatch';
import { startWebBinding } from '../../src-main/transport/web-binding';

async function startSim(args: string[]) {
  const child = spawn(process.execPath, ['dist/sim/cli.js', '--ready-json', '--latency', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<ReturnType<typeof simReadySchema.parse>>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(simReadySchema.parse(JSON.parse(line)));
    });
  });
  return {
    ready,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((p / 100) * (values.length - 1))]!;

async function discovery(): Promise<string> {
  const sim = await startSim(['--chargers', '20', '--paused']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-disc-'));
  const wanted = new Set(sim.ready.chargers.map((c) => c.name));
  const service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'bench',
    discovery: { enabled: true, interfaceAddress: '127.0.0.1' },
  });
  await service.init();
  const started = performance.now();
  const done = new Promise<number>((resolve) =>
    service.onEvent((event, payload) => {
      if (event !== 'ChargerListChange') return;
      const online = (payload as { id: string; online: boolean }[]).filter(
        (c) => wanted.has(c.id) && c.online,
      ).length;
      if (online === 20) resolve(performance.now() - started);
    }),
  );
  await service.start();
  const ms = await Promise.race([
    done,
    new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 10_000)),
  ]);
  await service.close();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
  return `discovery: 20 simulated chargers browsed and confirmed in ${ms.toFixed(0)} ms (target < 1500 ms; ratio ${(1500 / ms).toFixed(1)}×)`;
}

async function latency(): Promise<string[]> {
  const sim = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
  const port = sim.ready.chargers[0]!.port;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-lat-'));
  const service = new StudioService({ userDataDir: dir, shell: 'web', version: 'bench' });
  await service.init();
  const context = { clientId: 'bench' };
  const { id } = await service.handlers.addCharger({ address: `127.0.0.1:${port}` }, context);
  const direct = () =>
    new Promise<void>((resolve, reject) => {
      // The same connection policy as Studio's client: a fresh connection per request.
      http
        .get({ host: '127.0.0.1', port, path: '/settings', agent: false }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  const viaDispatch = createStudioApi({
    invoke: (m, r) => dispatch(service.handlers, m, r, context),
    subscribe: () => () => undefined,
  });
  const binding = await startWebBinding({
    handlers: service.handlers,
    subscribe: (l) => service.onEvent(l),
    rendererDir: dir,
  });
  const viaWeb = () =>
    fetch(`${binding.origin}/api/call/readCharger`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Studio-Token': binding.token },
      body: JSON.stringify({ id }),
    }).then((r) => r.json());
  const time = async (fn: () => Promise<unknown>, n: number) => {
    for (let i = 0; i < 50; i += 1) await fn();
    const out: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t = performance.now();
      await fn();
      out.push(performance.now() - t);
    }
    return out;
  };
  const n = 400;
  const d = await time(direct, n);
  const s = await time(() => viaDispatch.readCharger({ id }), n);
  const w = await time(viaWeb, n);
  await binding.close();
  await service.close();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
  const line = (label: string, values: number[]) =>
    `client latency: ${label}: p50 ${percentile(values, 50).toFixed(3)} ms, p99 ${percentile(values, 99).toFixed(3)} ms`;
  const added = percentile(s, 50) - percentile(d, 50);
  return [
    line('direct GET /settings', d),
    line('readCharger through the contract client and dispatcher (the IPC binding’s path)', s),
    line('readCharger through the web binding (HTTP + token)', w),
    `client latency: added by Studio (dispatcher path) p50 ${added.toFixed(3)} ms (target < 1 ms; ratio ${(1 / Math.max(added, 0.001)).toFixed(1)}×); web binding adds ${(percentile(w, 50) - percentile(d, 50)).toFixed(3)} ms`,
  ];
}

async function pollerLoad(): Promise<string> {
  let requests = 0;
  const body = JSON.stringify({ version: 'v3.11.1', serialnr: 1, evse: { state_id: 0 }, settings: {} });
  const server = http.createServer((_req, res) => {
    requests += 1;
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-poll-'));
  const service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'bench',
    poller: { backgroundIntervalMs: 3_600_000 },
  });
  await service.init();
  const { id } = await service.handlers.addCharger({ address: `127.0.0.1:${port}` }, { clientId: 'bench' });
  for (let i = 0; i < 10; i += 1)
    await service.handlers.subscribeSamples({ id, live: true }, { clientId: `view-${i}` });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = requests;
  const seconds = 10;
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const perSecond = (requests - before) / seconds;
  await service.close();
  server.close();
  await rm(dir, { recursive: true, force: true });
  return `poller: 10 live views of one charger → ${perSecond.toFixed(2)} requests/s at the charger over ${seconds} s (target: exactly 1 per 1-s interval; ratio ${perSecond.toFixed(2)})`;
}

export async function run(): Promise<string[]> {
  return [await discovery(), ...(await latency()), await pollerLoad()];
}
