// Goal: each simulated charger is visible on mDNS as a real one: SmartEVSE-<serial>._http._tcp on
// its own port, host SmartEVSE-<serial>.local at the address it listens on, no TXT items.
// Method: the real simulator process advertising on loopback; a bonjour-service browser on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bonjour, type Service } from 'bonjour-service';
import { startSim, type SimProcess } from '../support/sim-process';

let sim: SimProcess;
let bonjour: Bonjour;

beforeAll(async () => {
  sim = await startSim(['--chargers', '3', '--paused']);
  // The cast mirrors the simulator's: multicast-dns options travel in bonjour-service's config type.
  bonjour = new Bonjour({
    interface: '127.0.0.1',
    bind: '0.0.0.0',
    multicast: true,
    loopback: true,
  } as unknown as ConstructorParameters<typeof Bonjour>[0]);
});
afterAll(async () => {
  bonjour.destroy();
  await sim.stop();
});

function browse(names: string[], timeoutMs: number): Promise<Map<string, Service>> {
  return new Promise((resolve) => {
    const found = new Map<string, Service>();
    const browser = bonjour.find({ type: 'http' }, (service) => {
      if (names.includes(service.name)) found.set(service.name, service);
      if (found.size === names.length) finish();
    });
    const timer = setTimeout(finish, timeoutMs);
    function finish() {
      clearTimeout(timer);
      browser.stop();
      resolve(found);
    }
  });
}

describe('mDNS advertisement', () => {
  it('advertises every charger with its port and loopback address, and no TXT items', async () => {
    const names = sim.chargers.map((c) => c.name);
    const found = await browse(names, 5000);
    expect([...found.keys()].sort()).toEqual([...names].sort());
    for (const charger of sim.chargers) {
      const service = found.get(charger.name)!;
      expect(service.port).toBe(charger.port);
      expect(service.host).toBe(`${charger.name}.local`);
      expect(service.addresses).toEqual(['127.0.0.1']);
      expect(service.txt ?? {}).toEqual({});
      const settings = await (await fetch(`http://127.0.0.1:${service.port}/settings`)).json();
      expect(`SmartEVSE-${settings.serialnr}`).toBe(charger.name);
    }
  });

  it('a removed charger says goodbye', async () => {
    // A charger of this test's own, so the others stay advertised for the rest of the file.
    const { body } = await sim.control<{ chargers: { serial: number; name: string }[] }>(
      'POST',
      '/sim/chargers',
      {
        count: 1,
      },
    );
    const victim = body.chargers[0]!;
    const browser = bonjour.find({ type: 'http' });
    const seen = new Promise<void>((resolve) =>
      browser.on('up', (service: Service) => service.name === victim.name && resolve()),
    );
    const gone = new Promise<string>((resolve) =>
      browser.on('down', (service: Service) => service.name === victim.name && resolve(service.name)),
    );
    await seen;
    await sim.control('DELETE', `/sim/chargers/${victim.serial}`);
    const result = await Promise.race([
      gone,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 5000)),
    ]);
    browser.stop();
    expect(result).toBe(victim.name);
  });

  it('--no-mdns advertises nothing', async () => {
    const quiet = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
    try {
      const found = await browse([quiet.chargers[0]!.name], 1500);
      expect(found.size).toBe(0);
    } finally {
      await quiet.stop();
    }
  });
});
