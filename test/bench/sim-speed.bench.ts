// Benchmark: simulated seconds per wall second for one charger in a closed loop (core + virtual
// world with a day profile and noise + EV), for a whole simulated day. Target: a day in < 1 s wall.
import path from 'node:path';
import { createEvse, Mode, type ModeId } from '../../src-main/simulator/core';
import { Site } from '../../src-main/simulator/runtime/site';
import { loadProfiles } from '../../src-main/simulator/world/profiles';
import { seededRandom } from '../../src-main/simulator/world/random';
import { World } from '../../src-main/simulator/world/world';

const day = 86_400_000;
const profiles = loadProfiles(path.resolve('assets/profiles'));

function runDay(mode: ModeId, label: string): { label: string; wallMs: number; sessions: number } {
  const t0 = Date.UTC(2026, 5, 21, 0, 0, 0);
  const evse = createEvse({
    serial: 1,
    nowMs: t0,
    settings: { mode, evMeter: 4, maxCurrentA: 16, enableC2: mode === Mode.SOLAR ? 4 : 3 },
  });
  const world = new World(seededRandom(42), {
    houseLoadA: undefined,
    profile: profiles.get('spring-clouds')!,
    pvPeakA: 40,
    noiseA: 1.5,
  });
  const site = new Site(world, [evse], t0);
  const ev = site.members[0]!.ev;
  ev.params.socPercent = 10;
  ev.params.capacityWh = 60_000;
  let sessions = 0;
  const started = performance.now();
  // Plug in at 07:00 and unplug at 19:00, then a second car overnight: transitions all day long.
  const steps: [number, 'charging' | 'disconnected'][] = [
    [7 * 3_600_000, 'charging'],
    [19 * 3_600_000, 'disconnected'],
    [20 * 3_600_000, 'charging'],
    [day, 'disconnected'],
  ];
  for (const [at, plug] of steps) {
    site.advanceTo(t0 + at);
    ev.setPlug(plug);
    if (plug === 'charging') {
      ev.params.socPercent = 10;
      sessions += 1;
    }
  }
  return { label, wallMs: performance.now() - started, sessions };
}

/** The headline figure: one simulated day stepped through the control API of the real process. */
async function advanceThroughControlApi(): Promise<string> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    ['dist/sim/cli.js', '--ready-json', '--latency', '0', '--no-mdns', '--paused'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = await new Promise<{ controlPort: number; chargers: { serial: number }[] }>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
  });
  const base = `http://127.0.0.1:${ready.controlPort}/sim`;
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  await post('/world', { profile: 'summer-sunny', pvPeakA: 30, houseLoadA: null, noiseA: 1 });
  await post(`/chargers/${ready.chargers[0]!.serial}/ev`, {
    state: 'charging',
    socPercent: 5,
    capacityWh: 80_000,
  });
  const started = performance.now();
  const reply = (await post('/clock/advance', { ms: day })) as { wallMs: number };
  const roundTrip = performance.now() - started;
  child.kill('SIGTERM');
  return `simulator control API: POST /sim/clock/advance {ms: 1 day} answered in ${roundTrip.toFixed(0)} ms (stepping ${reply.wallMs.toFixed(0)} ms; target < 1000 ms)`;
}

export async function run(): Promise<string[]> {
  const lines: string[] = [await advanceThroughControlApi()];
  for (const [mode, label] of [
    [Mode.NORMAL, 'Normal'],
    [Mode.SMART, 'Smart'],
    [Mode.SOLAR, 'Solar, C2 Auto'],
  ] as const) {
    runDay(mode, label); // warm-up
    const { wallMs } = runDay(mode, label);
    const speedup = day / wallMs;
    lines.push(
      `simulator speed (${label}): 1 simulated day in ${wallMs.toFixed(0)} ms wall = ${Math.round(speedup).toLocaleString('en')}× real time ` +
        `(target: day < 1000 ms; ratio to target ${(1000 / wallMs).toFixed(1)}×)`,
    );
  }
  return lines;
}
