// Benchmark: the flight recorder's cost. Write cost for 50 chargers read every second (CPU % of
// one core at real time, bytes per charger and day) and at the 10-s background interval; and
// opening a recorded week of one charger read every second (the query and the reply as the
// transport sends it). Targets: writing 50 chargers at 1 s well under 5 % of a core; a week
// opens in under 100 ms. Real /settings document, real SQLite file in a temporary folder.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normaliseSettings, readSettingsDocument, settingsWords } from '$shared/contract';
import { Recorder } from '../../src-main/recorder/recorder';
import { manualClock as clock } from '../support/manual-clock';

const fixture = JSON.parse(readFileSync('test/fixtures/settings-dingo35.json', 'utf8')) as Record<
  string,
  unknown
>;
const read = readSettingsDocument(fixture);
if (!read.ok) throw new Error('fixture not read');
const snapshot = normaliseSettings(read.json);

function fileBytes(file: string): number {
  return (
    statSync(file).size +
    (() => {
      try {
        return statSync(`${file}-wal`).size;
      } catch {
        return 0;
      }
    })()
  );
}

/** Records `chargers` for `seconds` of readings every `everyS`; returns CPU % at real time and bytes/day/charger. */
function writeCost(chargers: number, seconds: number, everyS: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-bench-recorder-'));
  const file = path.join(dir, 'recorder.sqlite');
  const start = Date.UTC(2026, 10, 2);
  const c = clock(start);
  const recorder = new Recorder({ file, scheduler: c });
  const cpu = process.cpuUsage();
  for (let s = 0; s < seconds; s += everyS) {
    c.t = start + s * 1000;
    for (let n = 0; n < chargers; n += 1) {
      const da = 100 + ((s + n * 7) % 60);
      const sample = {
        tMs: c.t + n,
        chargerMs: c.t + n,
        mainsDa: [da, da - 3, da + 4] as [number, number, number],
        evDa: [160, 158, 161] as [number, number, number],
        chargeCurrentDa: 160,
        pwm: 266,
        stateId: 2,
        modeId: 3,
        powerW: 11_000,
        energyWh: s * 3,
        solarStopTimerS: 0,
      };
      // History.record's own work: the settings as words, every read.
      recorder.record(`c${n}`, sample, snapshot, settingsWords(snapshot, read.ok ? read.json : undefined));
    }
    // The recorder writes every 500 ms: at 1 s that is after each round of reads.
    recorder.flush();
  }
  const used = process.cpuUsage(cpu);
  recorder.close();
  const bytes = fileBytes(file);
  rmSync(dir, { recursive: true, force: true });
  const cpuS = (used.user + used.system) / 1e6;
  return { cpuPercent: (cpuS / seconds) * 100, bytesPerDay: (bytes / chargers) * (86_400 / seconds) };
}

function weekOpen() {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-bench-recorder-'));
  const file = path.join(dir, 'recorder.sqlite');
  const start = Date.UTC(2026, 10, 2);
  const c = clock(start);
  const recorder = new Recorder({ file, scheduler: c });
  const week = 7 * 86_400;
  for (let s = 0; s < week; s += 1) {
    c.t = start + s * 1000;
    const da = 100 + (s % 300);
    recorder.record(
      'one',
      {
        tMs: c.t,
        mainsDa: [da, da, da],
        evDa: [160, 160, 160],
        stateId: s % 7200 < 3600 ? 2 : 1,
        modeId: 3,
        powerW: 11_000,
      },
      snapshot,
      {},
    );
    if (s % 600 === 599) recorder.flush();
  }
  recorder.flush();
  const times: number[] = [];
  let points = 0;
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const reply = recorder.samples('one', start, start + week * 1000);
    const text = JSON.stringify(reply);
    JSON.parse(text);
    times.push(performance.now() - t0);
    points = reply.samples.length;
  }
  recorder.close();
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  return { medianMs: times[2]!, points };
}

export async function run(): Promise<string[]> {
  const live = writeCost(50, 1800, 1);
  const background = writeCost(50, 6 * 3600, 10);
  const week = weekOpen();
  return [
    `recorder: 50 chargers read every 1 s: ${live.cpuPercent.toFixed(2)} % of one core, ${(live.bytesPerDay / 1e6).toFixed(2)} MB per charger and day (target < 5 %: ratio ${(live.cpuPercent / 5).toFixed(2)})`,
    `recorder: 50 chargers read every 10 s (background): ${background.cpuPercent.toFixed(2)} % of one core, ${(background.bytesPerDay / 1e6).toFixed(2)} MB per charger and day`,
    `recorder: a recorded week at 1 s opens in ${week.medianMs.toFixed(1)} ms (${week.points} minute points; target < 100 ms: ratio ${(week.medianMs / 100).toFixed(2)})`,
  ];
}
