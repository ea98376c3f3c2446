// Benchmark: 100 simulated chargers publishing to one broker: messages per second that arrive at a
// subscriber, and the simulator process's CPU (Linux /proc). Runs with the embedded broker (in the
// simulator's process, so its CPU counts) at 1× and 10× simulated time, and with Mosquitto at 1×.
// Target: at 1× the simulator with its broker stays under half a core. Loopback only.
import { readFileSync } from 'node:fs';
import { startMosquitto, watch } from '../support/mqtt-broker';
import { startSim } from '../support/sim-process';

const chargers = 100;
/** Whole multiples of the firmware's 11-s cadence: every charger publishes the same number of sets. */
const windowS = (speed: number) => (speed === 1 ? 33 : 11);

/** User + system CPU seconds of a process so far (Linux; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(label: string, speed: number, external?: number): Promise<string> {
  const args = ['--no-mdns', '--chargers', String(chargers), '--speed', String(speed)];
  if (external === undefined) args.push('--mqtt');
  const ready = await startSim(args);
  const child = ready.child;
  try {
    const port = external ?? ready.mqttBroker!.port;
    if (external !== undefined) {
      await Promise.all(
        ready.chargers.map((c) =>
          fetch(`${c.url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=${external}`, {
            method: 'POST',
            body: '',
          }),
        ),
      );
    }
    // Let every charger connect and announce before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const watcher = await watch(port, ['SmartEVSE/#']);
    const cpuBefore = cpuSeconds(child.pid!);
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowS(speed) * 1000));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = (cpuSeconds(child.pid!) - cpuBefore) / elapsed;
    const received = watcher.messages.length;
    await watcher.close();
    const target =
      speed === 1 ? ` (target < 0.5 core; ratio ${(0.5 / Math.max(cpu, 0.001)).toFixed(1)}×)` : '';
    return `mqtt publish: ${chargers} chargers, ${label}, ${speed}×: ${(received / elapsed).toFixed(0)} messages/s received; simulator CPU ${(cpu * 100).toFixed(0)}% of one core${target}`;
  } finally {
    await ready.stop();
  }
}

export async function run(): Promise<string[]> {
  const lines = [await measure('embedded broker', 1), await measure('embedded broker', 10)];
  const mosquitto = await startMosquitto();
  try {
    lines.push(await measure('Mosquitto', 1, mosquitto.port));
  } finally {
    await mosquitto.stop();
  }
  return lines;
}
