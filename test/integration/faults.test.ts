// Goal: faults end in a clear status, bounded retries and no duplicated write: a charger that hangs
// in the middle of a reply, answers bytes that are not HTTP, or moves to a new address while a write
// is in flight; the simulator killed during an apply; an mDNS flood of services that are not chargers.
// Method: misbehaving servers on 127.0.0.1 that count what they receive, the real simulator process,
// and real mDNS on the loopback interface.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { Bonjour } from 'bonjour-service';
import { ChargerClient } from '../../src-main/charger/charger-client';
import { startFixtureServer, type FixtureServer } from '../support/fixture-charger';
import { startSim } from '../support/sim-process';
import { eventually, startService, testClient } from '../support/service';
import { figure } from '../../scripts/figures.mjs';

const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
const fast = { connectTimeoutMs: 300, readTimeoutMs: 400, maxReplyBytes: 64 * 1024 };
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const serve = async (handler: Parameters<typeof startFixtureServer>[0]): Promise<FixtureServer> => {
  const server = await startFixtureServer(handler);
  cleanups.push(() => server.close());
  return server;
};
const posts = (server: FixtureServer) => server.requests.filter((r) => r.method === 'POST').length;

describe('fault injection', () => {
  it('a reply that stops half-way: a timeout, one retry of the read, none of the write', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'GET' && server.requests.filter((r) => r.method === 'GET').length === 1) {
        res.end(dingo);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
      res.write(dingo.slice(0, 100)); // …and nothing more
    });
    const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port: server.port }, fast);
    await connection.readSettings(); // the write reuses this read (under 1 s old)
    await expect(connection.writeSettings({ stopTimerMin: 4 })).rejects.toMatchObject({
      code: 'charger-timeout',
    });
    expect(posts(server)).toBe(1);
    await expect(connection.readSettings()).rejects.toMatchObject({ code: 'charger-timeout' });
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
    figure(
      'fault: reply stops half-way',
      `write and read end in charger-timeout; POSTs sent: ${posts(server)} (writes duplicated: ${posts(server) - 1}); GETs: ${server.requests.filter((r) => r.method === 'GET').length} (1 first read, 1 read + 1 retry)`,
    );
  });

  it('bytes that are not HTTP: a clear error, no crash', async () => {
    const sockets = new Set<net.Socket>();
    const garbage = net.createServer((socket) => {
      sockets.add(socket);
      socket.end(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a]));
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => garbage.close(resolve));
    });
    const port = (garbage.address() as net.AddressInfo).port;
    const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port }, fast);
    const started = Date.now();
    const outcome = await connection.readSettings().catch((error: { code: string }) => error.code);
    expect(outcome).toBe('charger-unreachable');
    figure('fault: bytes that are not HTTP', `read ends in ${outcome} after ${Date.now() - started} ms`);
  });

  it('a charger that moves to a new address during a write: one POST in all, then reads at the new one', async () => {
    let release: () => void = () => undefined;
    const old = await serve((req, res) => {
      if (req.method === 'GET') res.end(dingo);
      else
        release = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"stop_timer":true}');
    });
    const moved = await serve((_req, res) => res.end(dingo));
    const { service, stop } = await startService({ clientOptions: { ...fast, readTimeoutMs: 3000 } });
    cleanups.push(stop);
    const added = await service.handlers.addCharger({ address: old.address }, testClient);
    const writing = service.handlers.writeSettings({ id: added.id, values: { stopTimerMin: 4 } }, testClient);
    await eventually(() => posts(old) === 1, 'the write to arrive');
    // The same charger (same serial) now answers at another address, as an mDNS update would say.
    const again = await service.handlers.addCharger({ address: moved.address }, testClient);
    expect(again.id).toBe(added.id);
    release();
    const outcome = await writing.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    // Either the write is confirmed by a read-back (from wherever the charger is now), or it says why.
    if (outcome.ok) expect(outcome.value.fields.map((f) => f.field)).toEqual(['stopTimerMin']);
    else expect(outcome.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(posts(old) + posts(moved)).toBe(1);
    figure(
      'fault: address change during a write',
      `POSTs sent to old and new address: ${posts(old) + posts(moved)} (writes duplicated: ${posts(old) + posts(moved) - 1}); outcome ${outcome.ok ? 'confirmed by read-back' : (outcome.error as { code: string }).code}`,
    );
    const list = await service.handlers.listChargers({}, testClient);
    expect(list.filter((c) => c.id === added.id)).toMatchObject([{ address: { port: moved.port } }]);
  });

  it('the simulator killed during an apply: the job ends, nothing unconfirmed is called applied', async () => {
    const sim = await startSim(['--chargers', '8', '--no-mdns']);
    cleanups.push(() => sim.stop());
    for (const c of sim.chargers)
      await sim.control('POST', `/sim/chargers/${c.serial}/config`, { latencyMs: 200, maxCurrentA: 32 });
    const { service, stop } = await startService();
    cleanups.push(stop);
    const ids: string[] = [];
    for (const c of sim.chargers)
      ids.push((await service.handlers.addCharger({ address: `127.0.0.1:${c.port}` }, testClient)).id);
    const job = await service.handlers.startApply(
      { source: { values: { currentMinA: 8, lcdLock: true }, label: 'x' }, targets: ids, concurrency: 2 },
      testClient,
    );
    await eventually(
      async () =>
        (await service.handlers.getApplyJob({ jobId: job.id }, testClient)).targets.some(
          (t) => t.status === 'applied',
        ),
      'a first charger done',
    );
    sim.child.kill('SIGKILL');
    const started = Date.now();
    const done = await service.fleet.runner.whenDone(job.id);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(done.state).toBe('done');
    const statuses = new Set(done.targets.map((t) => t.status));
    expect([...statuses].every((s) => ['applied', 'offline'].includes(s))).toBe(true);
    expect(statuses.has('offline')).toBe(true);
    for (const target of done.targets.filter((t) => t.status === 'offline'))
      expect(target.fields.every((f) => f.status === 'not-sent' || f.status === 'unconfirmed')).toBe(true);
    const count = (status: string) => done.targets.filter((t) => t.status === status).length;
    figure(
      'fault: simulator killed during an apply',
      `job ended ${((Date.now() - started) / 1000).toFixed(1)} s after the kill; ${count('applied')} applied (read back), ${count('offline')} offline with nothing called applied`,
    );
  }, 30_000);

  it('an mDNS flood of 300 services that are not chargers: none is asked anything, the charger is found', async () => {
    const decoy = await serve((_req, res) => res.end('{}'));
    const flood = new Bonjour({ interface: '127.0.0.1', multicast: true, loopback: true } as never);
    cleanups.push(() => new Promise((resolve) => flood.destroy(() => resolve(undefined))));
    for (let i = 0; i < 300; i += 1)
      flood.publish({
        name: `printer-${i}-${process.pid}`,
        type: 'http',
        port: decoy.port,
        host: '127.0.0.1',
      });
    const sim = await startSim(['--chargers', '1']);
    cleanups.push(() => sim.stop());
    const { service, stop } = await startService({
      discovery: { enabled: true, interfaceAddress: '127.0.0.1' },
    });
    cleanups.push(stop);
    const wanted = `SmartEVSE-${sim.chargers[0]!.serial}`;
    await eventually(
      async () =>
        (await service.handlers.listChargers({}, testClient)).find((c) => c.id === wanted && c.online),
      'the charger among the flood',
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const names = (await service.handlers.listChargers({}, testClient)).map((c) => c.id);
    expect(names.every((n) => n.startsWith('SmartEVSE-'))).toBe(true);
    figure('fault: mDNS flood of 300 services', `requests sent to them: ${decoy.requests.length}`);
    expect(decoy.requests).toHaveLength(0);
  }, 40_000);
});
