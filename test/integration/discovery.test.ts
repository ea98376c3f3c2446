// Goal: Studio finds simulated chargers on mDNS, lists each once confirmed by GET /settings, keeps
// one row per serial whatever the source, shows a lost charger offline (not removed) and follows it
// to a new port. Method: real simulator processes and real mDNS, both on the loopback interface.
import { afterEach, describe, expect, it } from 'vitest';
import { startSim, type SimProcess } from '../support/sim-process';
import { eventually, startService, testClient } from '../support/service';

const loopback = { enabled: true, interfaceAddress: '127.0.0.1' };
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function sim(args: string[]): Promise<SimProcess> {
  const process = await startSim(args);
  cleanups.push(() => process.stop());
  return process;
}

async function studio() {
  const started = await startService({
    discovery: loopback,
    poller: { backgroundIntervalMs: 500, offlineAfter: 2 },
  });
  cleanups.push(() => started.stop());
  return started.service;
}

describe('discovery', () => {
  it('finds one simulated charger and lists it once confirmed', async () => {
    const fleet = await sim(['--chargers', '1', '--paused']);
    const service = await studio();
    const [charger] = fleet.chargers;
    const listed = await eventually(
      async () => (await service.handlers.listChargers({}, testClient)).find((c) => c.id === charger!.name),
      'the charger to be listed',
    );
    expect(listed).toMatchObject({
      origin: 'discovered',
      online: true,
      address: { host: '127.0.0.1', port: charger!.port },
      snapshot: { serial: charger!.serial, flavour: 'dingo35' },
    });
  });

  it('finds 20 simulated chargers', async () => {
    const fleet = await sim(['--chargers', '20', '--paused']);
    const service = await studio();
    const wanted = new Set(fleet.chargers.map((c) => c.name));
    await eventually(async () => {
      const listed = (await service.handlers.listChargers({}, testClient)).filter(
        (c) => wanted.has(c.id) && c.online,
      );
      return listed.length === 20 ? listed : undefined;
    }, 'all 20 chargers');
  });

  it('a charger added by hand and seen on mDNS is one row, keeping the name the user gave it', async () => {
    const fleet = await sim(['--chargers', '1', '--paused']);
    const service = await studio();
    const [charger] = fleet.chargers;
    const added = await service.handlers.addCharger({ address: `127.0.0.1:${charger!.port}` }, testClient);
    await service.handlers.renameCharger({ id: added.id, name: 'Garage' }, testClient);
    await service.handlers.rescan({}, testClient);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = (await service.handlers.listChargers({}, testClient)).filter(
      (c) => c.snapshot?.serial === charger!.serial,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('Garage');
    // Whichever source saw it first names its origin; mDNS usually wins the race here.
    expect(['manual', 'discovered']).toContain(rows[0]!.origin);
  });

  it('a charger that goes away is shown offline, and found again at its new port', async () => {
    const seed = String(1000 + Math.floor(Math.random() * 100_000));
    const first = await startSim(['--chargers', '1', '--paused', '--seed', seed]);
    const service = await studio();
    const [charger] = first.chargers;
    await eventually(
      async () =>
        (await service.handlers.listChargers({}, testClient)).find((c) => c.id === charger!.name && c.online),
      'found',
    );
    await first.stop();
    const lost = await eventually(
      async () =>
        (await service.handlers.listChargers({}, testClient)).find(
          (c) => c.id === charger!.name && !c.online,
        ),
      'shown offline',
    );
    expect(lost.address.port).toBe(charger!.port);
    const second = await sim(['--chargers', '1', '--paused', '--seed', seed]);
    expect(second.chargers[0]!.serial).toBe(charger!.serial);
    expect(second.chargers[0]!.port).not.toBe(charger!.port);
    await service.handlers.rescan({}, testClient);
    const back = await eventually(
      async () =>
        (await service.handlers.listChargers({}, testClient)).find(
          (c) => c.id === charger!.name && c.online && c.address.port === second.chargers[0]!.port,
        ),
      'found again at its new port',
    );
    expect(back.origin).toBe('discovered');
    expect(
      (await service.handlers.listChargers({}, testClient)).filter((c) => c.id === charger!.name),
    ).toHaveLength(1);
  });

  it('the list is remembered: a restart shows known chargers offline until they answer', async () => {
    const fleet = await sim(['--chargers', '1', '--paused']);
    const started = await startService({ discovery: loopback });
    const [charger] = fleet.chargers;
    await eventually(
      async () =>
        (await started.service.handlers.listChargers({}, testClient)).find((c) => c.id === charger!.name),
      'found',
    );
    await started.service.handlers.renameCharger({ id: charger!.name, name: 'Carport' }, testClient);
    await started.service.close();
    const { StudioService } = await import('../../src-main/service/studio-service');
    const again = new StudioService({ userDataDir: started.dir, shell: 'web', version: 'test' });
    await again.init();
    // Other tests' simulators may be on loopback mDNS too: look at this test's charger only.
    const mine = async () =>
      (await again.handlers.listChargers({}, testClient)).filter((c) => c.id === charger!.name);
    const rows = await mine();
    expect(rows).toMatchObject([{ id: charger!.name, name: 'Carport', online: false }]);
    expect(rows[0]!.lastSeenMs).toBeGreaterThan(0);
    await again.start();
    await eventually(async () => (await mine())[0]!.online, 'back online');
    await again.close();
  });
});

describe('every firmware line parses', () => {
  it.each(['dingo35', 'official', 'legacy'] as const)('%s', async (flavour) => {
    const fleet = await sim(['--chargers', '1', '--paused', '--no-mdns', '--flavour', flavour]);
    const service = await studio();
    const added = await service.handlers.addCharger(
      { address: `127.0.0.1:${fleet.chargers[0]!.port}` },
      testClient,
    );
    expect(added.snapshot).toMatchObject({ flavour, state: 'Ready to Charge', modeId: 1 });
    if (flavour === 'legacy') expect(added.snapshot?.serial).toBeUndefined();
    else expect(added.snapshot?.serial).toBe(fleet.chargers[0]!.serial);
  });
});
