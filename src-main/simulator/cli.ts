/**
 * `npm run sim -- --chargers 3 --speed 60`: a fleet of simulated SmartEVSE chargers with the
 * firmware's REST API and mDNS names, plus a control API on 127.0.0.1.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Fleet } from './runtime/fleet';
import { startControlApi } from './runtime/control-api';
import { isLoopback, startEmbeddedBroker, type EmbeddedBroker } from './runtime/broker';
import type { DeviceFlavour } from './firmware/device';

const usage = `Usage: npm run sim -- [options]
  --chargers N        number of chargers (default 1)
  --flavour F         dingo35 | official | legacy (default dingo35)
  --group             wire the chargers as one power-share group (master + nodes, at most 8 per group)
  --base-port P       first charger port (default: free ports)
  --host ADDR         address the chargers listen on (default 127.0.0.1)
  --control-port P    control API port on 127.0.0.1 (default: a free port)
  --speed X           simulated seconds per real second (default 1)
  --paused            start with the clock stopped (advance it with POST /sim/clock/advance)
  --seed S            seed of the serial numbers and the virtual world's noise (default: random,
                      printed at start; give it again to replay a run)
  --start ISO         simulated start time (default: now)
  --time-zone TZ      the chargers' time zone (default: this computer's)
  --mqtt              start an embedded MQTT broker and point every charger at it
  --mqtt-port P       the embedded broker's port (default: a free port; the firmware's own test
                      scripts expect 1883)
  --mqtt-bind ADDR    the embedded broker's address (default 127.0.0.1; another address lets
                      other computers reach it, and a warning says so)
  --latency MS        wait this long before each HTTP answer, as a real charger on Wi-Fi does
                      (default 40; the firmware's own web page fails against instant answers;
                      0 for benchmarks)
  --no-mdns           do not advertise on mDNS
  --exit-with-parent  stop when the process that started this one goes away (its stdin closes)
  --ready-json        print one JSON line when ready (for Studio's supervisor)`;

function fail(message: string): never {
  console.error(`sim: ${message}\n\n${usage}`);
  process.exit(2);
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        chargers: { type: 'string' },
        flavour: { type: 'string' },
        group: { type: 'boolean' },
        'base-port': { type: 'string' },
        host: { type: 'string' },
        'control-port': { type: 'string' },
        speed: { type: 'string' },
        paused: { type: 'boolean' },
        seed: { type: 'string' },
        start: { type: 'string' },
        'time-zone': { type: 'string' },
        'no-mdns': { type: 'boolean' },
        mqtt: { type: 'boolean' },
        latency: { type: 'string' },
        'mqtt-port': { type: 'string' },
        'mqtt-bind': { type: 'string' },
        'ready-json': { type: 'boolean' },
        'exit-with-parent': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const flavour = (values.flavour ?? 'dingo35') as DeviceFlavour;
  if (!['dingo35', 'official', 'legacy'].includes(flavour))
    fail(`--flavour must be dingo35, official or legacy, not "${flavour}"`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000)
    fail(`--speed must be a number above 0 (at most 100000), not "${values.speed}"`);
  const startMs = values.start === undefined ? Date.now() : Date.parse(values.start);
  if (!Number.isFinite(startMs))
    fail(`--start must be a date such as 2026-06-21T08:00:00Z, not "${values.start}"`);
  const timeZone = values['time-zone'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    fail(`--time-zone "${timeZone}" is not a time zone name such as Europe/Amsterdam`);
  }
  const chargers = integer(values.chargers, 'chargers', 1, 500, 1);
  const basePort =
    values['base-port'] === undefined
      ? undefined
      : integer(values['base-port'], 'base-port', 1, 65535 - chargers, 0);
  // A random default keeps two simulators on one network from advertising the same names.
  const seed = integer(values.seed, 'seed', 0, 2 ** 31 - 1, randomInt(1, 2 ** 31 - 1));
  if (!values.mqtt && (values['mqtt-port'] !== undefined || values['mqtt-bind'] !== undefined))
    fail('--mqtt-port and --mqtt-bind need --mqtt');
  let broker: EmbeddedBroker | undefined;
  if (values.mqtt) {
    const bind = values['mqtt-bind'] ?? '127.0.0.1';
    if (!isLoopback(bind)) {
      console.error(
        `sim: warning: the MQTT broker listens on ${bind} without a password: other computers on that network can read and command the simulated chargers`,
      );
    }
    try {
      broker = await startEmbeddedBroker(bind, integer(values['mqtt-port'], 'mqtt-port', 0, 65535, 0));
    } catch (error) {
      fail(`the MQTT broker could not listen on ${bind}: ${(error as Error).message}`);
    }
  }
  const fleet = new Fleet({
    chargers,
    flavour,
    group: values.group ?? false,
    host: values.host ?? '127.0.0.1',
    basePort,
    speed,
    paused: values.paused ?? false,
    seed,
    mdns: !values['no-mdns'],
    timeZone,
    startMs,
    mqttBroker: broker,
    latencyMs: integer(values.latency, 'latency', 0, 10_000, 40),
  });
  const added = await fleet.start();
  const control = await startControlApi(fleet, integer(values['control-port'], 'control-port', 0, 65535, 0));
  if (values['ready-json']) {
    console.log(
      JSON.stringify({
        event: 'ready',
        controlPort: control.port,
        seed,
        chargers: added,
        ...(broker ? { mqttBroker: { url: broker.url, host: broker.host, port: broker.port } } : {}),
      }),
    );
  } else {
    for (const charger of added) console.log(`${charger.name}  ${charger.url}  (${charger.flavour})`);
    console.log(
      `control API: http://127.0.0.1:${control.port}/sim  (speed ${speed}×${values.paused ? ', paused' : ''}, seed ${seed})`,
    );
    if (broker) console.log(`MQTT broker: ${broker.url}  (the chargers publish under SmartEVSE/<serial>)`);
  }
  const stop = async () => {
    await control.close();
    await fleet.close();
    await broker?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (values['exit-with-parent']) {
    // The parent holds the other end of stdin: when it dies, even by SIGKILL, stdin ends.
    process.stdin.on('end', () => void stop());
    process.stdin.on('error', () => void stop());
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  console.error(`sim: ${(error as Error).message}`);
  process.exit(1);
});
