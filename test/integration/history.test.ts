// Goal: Studio's history works end to end through the Studio API: a watched charger's readings,
// its settings changes and its charging session are recorded, survive a restart of Studio, export
// as CSV, reach the bug report, and can be cleared; the retention preference refuses bad values.
// Method: a real StudioService (and a second one on the same folder) polling the simulator
// process over HTTP on 127.0.0.1; the EV plugged and unplugged through the simulator's control API.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StudioService } from '../../src-main/service/studio-service';
import { dispatch } from '../../src-main/transport/dispatch';
import { startSim, type SimProcess } from '../support/sim-process';
import { eventually, testClient } from '../support/service';

let sim: SimProcess;
let dir: string;
beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--no-mdns', '--speed', '20']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-history-'));
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function studio() {
  const service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'test',
    clientOptions: { connectTimeoutMs: 1000, readTimeoutMs: 2000, maxReplyBytes: 256 * 1024 },
    poller: { backgroundIntervalMs: 100 },
  });
  await service.init();
  await service.start();
  return service;
}

it('records readings, settings changes and a session, keeps them over a restart, and clears them', async () => {
  const charger = sim.chargers[0]!;
  const ev = (state: string) =>
    sim.control('POST', `/sim/chargers/${charger.serial}/ev`, { state, socPercent: 30 });
  let service = await studio();
  const h = service.handlers;
  let open: { chargingMs: number; endMs?: number | undefined };
  try {
    expect(service.startupProblems).toEqual([]);
    const { id } = await h.addCharger({ address: `127.0.0.1:${charger.port}` }, testClient);
    await h.renameCharger({ id, name: 'Garage' }, testClient);
    await ev('charging');
    open = await eventually(async () => {
      const [session] = await h.listSessions({ id }, testClient);
      return session && session.chargingMs > 0 ? session : undefined;
    }, 'a session that charges');
    expect(open.endMs).toBeUndefined();
    await h.writeSettings({ id, values: { maxSumMainsA: 25 } }, testClient);
    await eventually(async () => {
      const changes = await h.settingsHistory({ id }, testClient);
      return changes.some((c) => c.field === 'maxSumMainsA' && c.after === '25 A') || undefined;
    }, 'the MaxSumMains change');
    // A host names a place: the report says it changed, not to what.
    await fetch(`${charger.url}/settings?mqtt_update=1&mqtt_host=broker.home.lan`, {
      method: 'POST',
      body: '',
    });
    await eventually(async () => {
      const changes = await h.settingsHistory({ id }, testClient);
      return changes.some((c) => c.field === 'mqtt.host' && c.after === 'broker.home.lan') || undefined;
    }, 'the MQTT host change');
    const report = await h.bugReport({ id, hours: 1 }, testClient);
    expect(report.markdown).not.toContain('broker.home.lan');
    expect(report.json).not.toContain('broker.home.lan');
    expect(report.markdown).toMatch(/\| MQTT[^|]*host[^|]* \| [^|]+ \| \(hidden\) \|/i);
    expect(report.markdown).toMatch(/\| Maximum sum of mains currents \| [^|]+ \| 25 A \|/);
  } finally {
    await service.close();
  }

  // A new Studio on the same folder: the session goes on, and ends at the unplug.
  service = await studio();
  const h2 = service.handlers;
  try {
    const { id } = (await h2.listChargers({}, testClient))[0]!;
    await eventually(
      async () => (await h2.listSessions({ id }, testClient))[0]!.chargingMs > open.chargingMs || undefined,
      'the session to go on after the restart',
    );
    await ev('disconnected');
    const closed = await eventually(async () => {
      const sessions = await h2.listSessions({ id }, testClient);
      return sessions.length === 1 && sessions[0]!.endMs !== undefined ? sessions[0] : undefined;
    }, 'the session to end');
    expect(closed!.stopReason).toBe('unplugged');
    expect(closed!.energySource).toBe('ev-meter');
    expect(closed!.energyWh).toBeGreaterThan(0);
    const exported = await h2.exportSessions({ id }, testClient);
    expect(exported.count).toBe(1);
    expect(exported.fileName).toMatch(/^sessions-Garage-\d{4}-\d\d-\d\d\.csv$/);
    expect(exported.csv.trim().split('\n')[1]).toMatch(/^Garage,\d{4}-.*,ev-meter,.*,unplugged,$/);
    const now = Date.now();
    const recorded = await h2.recordedSamples({ id, fromMs: now - 3_600_000, toMs: now + 1000 }, testClient);
    expect(recorded.resolutionMs).toBe(0);
    expect(recorded.samples.length).toBeGreaterThan(2);
    expect(recorded.samples.some((s) => s.stateId === 2)).toBe(true);
    const day = await h2.recordedSamples({ id, fromMs: now - 86_400_000, toMs: now + 1000 }, testClient);
    expect(day.resolutionMs).toBe(60_000);

    // Bad retention values are refused in words, and change nothing.
    for (const [days, words] of [
      [0, 'keep history at least 1 day'],
      [366, 'keep history at most 365 days'],
      [2.5, 'the history must be a whole number of days'],
    ] as const) {
      const reply = await dispatch(h2, 'setPreferences', { preferences: { recorderDays: days } }, testClient);
      expect(reply.ok).toBe(false);
      expect(JSON.stringify(reply)).toContain(words);
    }
    expect((await h2.getPreferences({}, testClient)).recorderDays).toBe(30);
    expect((await h2.setPreferences({ preferences: { recorderDays: 7 } }, testClient)).recorderDays).toBe(7);

    const cleared = await h2.clearRecording({ id }, testClient);
    expect(cleared.samples).toBeGreaterThanOrEqual(recorded.samples.length);
    // What was cleared is gone; what is read afterwards is recorded again.
    expect(await h2.listSessions({ id }, testClient)).toEqual([]);
    expect((await h2.settingsHistory({ id }, testClient)).every((c) => c.before === undefined)).toBe(true);
  } finally {
    await service.close();
  }
});

it('a damaged history file is kept aside, said so, and a new history starts', async () => {
  const own = await mkdtemp(path.join(os.tmpdir(), 'studio-history-bad-'));
  try {
    const garbage = 'this is not a database '.repeat(400);
    await writeFile(path.join(own, 'recorder.sqlite'), garbage);
    const service = new StudioService({ userDataDir: own, shell: 'web', version: 'test' });
    await service.init();
    try {
      expect(service.startupProblems.join(' ')).toMatch(
        /History could not be read .*kept as .*recorder\.sqlite\.corrupt-/,
      );
      expect(await service.handlers.listSessions({}, testClient)).toEqual([]);
    } finally {
      await service.close();
    }
    const aside = (await readdir(own)).find((name) => name.startsWith('recorder.sqlite.corrupt-'))!;
    expect(await readFile(path.join(own, aside), 'utf8')).toBe(garbage);
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
