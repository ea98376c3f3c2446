// Goal: the flight recorder keeps what Studio read, survives a kill -9 (losing at most the last
// second), holds its retention over two months, continues an open session across a restart, finds
// one session per plug-in over a simulated week, and forgets one charger without touching another.
// Method: the real recorder on a real SQLite file in a temporary folder; a real process killed
// with SIGKILL; the real simulator process read over HTTP with its clock stepped by hand.
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import { settingsWords, type ChargerSnapshot } from '$shared/contract';
import { Recorder } from '../../src-main/recorder/recorder';
import { manualClock } from '../support/manual-clock';
import { getSettings } from '../../src-main/charger/charger-http';
import { sampleFromRead } from '../../src-main/poller/poller';
import { buildChild } from '../support/build-child';
import { startSim, type SimProcess } from '../support/sim-process';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const dayMs = 86_400_000;
const folder = () => mkdtempSync(path.join(tmpdir(), 'studio-recorder-'));

const idle: ChargerSnapshot = {
  flavour: 'dingo35',
  mainsCurrents: {},
  evCurrents: {},
  carConnected: false,
  stateId: 0,
};

describe('flight recorder', () => {
  it('loses at most the last second when the process is killed with SIGKILL', async () => {
    const script = await buildChild('test/support/recorder-child.ts', 'recorder-child');
    for (const runMs of [1500, 2500, 3500]) {
      const file = path.join(folder(), 'recorder.sqlite');
      const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
      const printed: number[] = [];
      let rest = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop()!;
        for (const line of lines) printed.push(Number(line));
      });
      await new Promise((resolve) => setTimeout(resolve, runMs));
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const db = new Database(file);
      // The database opens and passes SQLite's own check.
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const kept = new Set(db.prepare('SELECT t FROM samples').pluck().all() as number[]);
      db.close();
      const old = printed.filter((t) => t < killedAt - 1000);
      expect(old.length).toBeGreaterThan(0);
      expect(old.filter((t) => !kept.has(t))).toEqual([]);
    }
  });

  it('keeps the retention over 60 simulated days, and the file stops growing', () => {
    const dir = folder();
    const file = path.join(dir, 'recorder.sqlite');
    const start = Date.UTC(2026, 0, 1);
    const clock = manualClock(start);
    const recorder = new Recorder({ file, scheduler: clock, keepDays: 30 });
    const sizes: number[] = [];
    // One sample every 30 s, flushed every minute.
    for (let day = 0; day < 60; day += 1) {
      for (let i = 0; i < 2880; i += 1) {
        clock.t = start + day * dayMs + i * 30_000;
        recorder.record('one', { tMs: clock.t, mainsDa: [i % 200, 50, 60], stateId: 0, modeId: 1 }, idle, {});
        if (i % 2 === 1) recorder.flush();
      }
      sizes.push(statSync(file).size + statSync(`${file}-wal`).size);
    }
    const { firstMs, lastMs } = recorder.range('one');
    // Pruning runs once an hour: at most an hour beyond the 30 days is left.
    expect(lastMs! - firstMs!).toBeLessThanOrEqual(30 * dayMs + 3_600_000);
    expect(lastMs! - firstMs!).toBeGreaterThan(30 * dayMs - 3_600_000);
    recorder.close();
    // After 30 days the pruned pages are reused: day 60 is not much larger than day 31.
    expect(sizes[59]!).toBeLessThan(sizes[30]! * 1.15);
    expect(sizes[59]!).toBeGreaterThan(sizes[5]!);
  });

  it('continues an open session and its settings across a restart, and clears one charger only', () => {
    const file = path.join(folder(), 'recorder.sqlite');
    const clock = manualClock(Date.UTC(2026, 10, 2, 18));
    const charging: ChargerSnapshot = {
      ...idle,
      carConnected: true,
      stateId: 2,
      chargeCurrentDa: 100,
      phaseCount: 1,
    };
    let recorder = new Recorder({ file, scheduler: clock });
    const read = (id: string, snapshot: ChargerSnapshot, settings: Record<string, string>) => {
      clock.t += 10_000;
      recorder.record(
        id,
        { tMs: clock.t, stateId: snapshot.stateId ?? 0, chargeCurrentDa: 100 },
        snapshot,
        settings,
      );
    };
    read('a', charging, { maxMains: '25 A' });
    read('a', charging, { maxMains: '25 A' });
    read('b', charging, { maxMains: '40 A' });
    recorder.close();
    recorder = new Recorder({ file, scheduler: clock });
    read('a', charging, { maxMains: '25 A' });
    read('a', charging, { maxMains: '32 A' });
    read('a', idle, { maxMains: '32 A' });
    const sessions = recorder.sessions({ chargerId: 'a' });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.endMs).toBe(clock.t);
    // Charging from a's first read to its last (b's read in between is 10 s of a's session too).
    expect(sessions[0]!.chargingMs).toBe(50_000);
    // 10 A on one phase for 50 s.
    expect(sessions[0]!.energyWh).toBeCloseTo((10 * 230 * 50) / 3600, 1);
    expect(recorder.changes('a', 0).map((c) => [c.before, c.after])).toEqual([
      [undefined, '25 A'],
      ['25 A', '32 A'],
    ]);
    expect(recorder.clear('a').samples).toBe(5);
    expect(recorder.sessions({ chargerId: 'a' })).toEqual([]);
    expect(recorder.changes('a', 0)).toEqual([]);
    expect(recorder.sessions()).toHaveLength(1);
    expect(recorder.range('b').firstMs).toBeDefined();
    recorder.close();
  });

  it('answers up to three hours with every sample and longer ranges with each minute’s highest current', () => {
    const file = path.join(folder(), 'recorder.sqlite');
    const start = Date.UTC(2026, 10, 2, 0);
    const clock = manualClock(start);
    const recorder = new Recorder({ file, scheduler: clock });
    for (let i = 0; i < 7200; i += 1) {
      clock.t = start + i * 1000;
      // A one-second spike of 40 A in each minute's 30th second.
      const da = i % 60 === 30 ? 400 : 100;
      recorder.record('c', { tMs: clock.t, mainsDa: [da, da, da], stateId: 2 }, idle, {});
    }
    const raw = recorder.samples('c', start, start + 3_600_000);
    expect(raw.resolutionMs).toBe(0);
    expect(raw.samples).toHaveLength(3600);
    const day = recorder.samples('c', start, start + dayMs);
    expect(day.resolutionMs).toBe(60_000);
    expect(day.samples).toHaveLength(120);
    expect(day.samples.every((s) => s.mainsDa?.[0] === 400)).toBe(true);
    recorder.close();
  });

  describe('over a simulated week with the real simulator', () => {
    let sim: SimProcess;
    beforeAll(async () => {
      sim = await startSim([
        '--paused',
        '--start',
        '2026-11-02T00:00:00Z',
        '--time-zone',
        'UTC',
        '--no-mdns',
      ]);
    });
    afterAll(async () => {
      await sim?.stop();
    });

    it('finds one session per plug-in', { timeout: 120_000 }, async () => {
      const charger = { ...sim.chargers[0]!, id: `sim-${sim.chargers[0]!.serial}` };
      const address = { host: '127.0.0.1', port: charger.port };
      const start = Date.UTC(2026, 10, 2);
      const clock = manualClock(start);
      const recorder = new Recorder({ file: path.join(folder(), 'recorder.sqlite'), scheduler: clock });
      // Each day: plugged in 12:00–13:30 and 18:00–07:00 the next morning.
      const plugs: [number, 'charging' | 'disconnected'][] = [];
      for (let d = 0; d < 7; d += 1) {
        plugs.push(
          [d * 24 + 12, 'charging'],
          [d * 24 + 13.5, 'disconnected'],
          [d * 24 + 18, 'charging'],
          [d * 24 + 31, 'disconnected'],
        );
      }
      const stepMs = 180_000;
      for (let t = 0; t < 7 * dayMs + 12 * 3_600_000; t += stepMs) {
        for (const [hour, state] of plugs)
          if (hour * 3_600_000 >= t && hour * 3_600_000 < t + stepMs) {
            await sim.control('POST', `/sim/chargers/${charger.serial}/ev`, {
              state,
              ...(state === 'charging' ? { socPercent: 20 } : {}),
            });
          }
        await sim.control('POST', '/sim/clock/advance', { ms: stepMs });
        clock.t = start + t + stepMs;
        const read = await getSettings(address);
        recorder.record(
          charger.id,
          sampleFromRead(read, clock.t),
          read.snapshot,
          settingsWords(read.snapshot, read.json),
        );
      }
      const sessions = recorder.sessions({ chargerId: charger.id }).reverse();
      recorder.close();
      expect(sessions).toHaveLength(14);
      sessions.forEach((session, i) => {
        const plugHour = plugs[i * 2]![0];
        const unplugHour = plugs[i * 2 + 1]![0];
        expect(Math.abs(session.startMs - (start + plugHour * 3_600_000))).toBeLessThanOrEqual(stepMs);
        expect(Math.abs(session.endMs! - (start + unplugHour * 3_600_000))).toBeLessThanOrEqual(stepMs);
        expect(session.energyWh).toBeGreaterThan(1000);
        expect(session.chargingMs).toBeGreaterThan(3_600_000);
        expect(['unplugged', 'ev-stopped']).toContain(session.stopReason);
      });
    });
  });
});
