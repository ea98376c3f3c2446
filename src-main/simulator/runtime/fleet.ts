/**
 * A fleet of simulated chargers in one process: sites (standalone chargers, or one power-share
 * group), a device and HTTP server per charger, mDNS, and the simulated clock (real time × speed,
 * paused, or stepped). All sites advance together, so a run with the same seed is repeatable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createEvse, type EvseSettings } from '../core';
import { createDeviceExtras, deviceRestarted, type Device, type DeviceFlavour } from '../firmware/device';
import { localOffsetMs } from '../firmware/local-time';
import { startDeviceServer, type DeviceServer } from '../firmware/server';
import { createAdvertiser, type Advertiser } from '../mdns';
import { loadProfiles } from '../world/profiles';
import { seededRandom } from '../world/random';
import { World, type DayProfile } from '../world/world';
import { MqttLink } from './mqtt-link';
import { Site } from './site';
import { applyTwin, twinFlavour, type TwinOutcome } from './twin';
import type { SimCharger, SimStatus } from '$shared/contract';

export interface FleetOptions {
  chargers: number;
  flavour: DeviceFlavour;
  group: boolean;
  host: string;
  basePort: number | undefined;
  speed: number;
  paused: boolean;
  seed: number;
  mdns: boolean;
  timeZone: string;
  startMs: number;
  /** Settings every new charger starts with (the simulator's defaults differ from a factory reset). */
  settings?: Partial<EvseSettings>;
  profilesDir?: string;
  /** Wall-clock delay before each HTTP answer, as an ESP32 on Wi-Fi takes (0 for benchmarks). */
  latencyMs?: number;
  /** A broker every new charger is pointed at (the embedded one of `--mqtt`). */
  mqttBroker?: { host: string; port: number; url: string } | undefined;
}

/** A simulated charger starts as an installer would leave it: mains and EV meters present. */
export const simulatorDefaults: Partial<EvseSettings> = { mainsMeter: 1, evMeter: 4, maxCurrentA: 16 };

interface Entry {
  device: Device;
  server: DeviceServer;
  mqtt: MqttLink;
}

function defaultProfilesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    path.join(here, '..', '..', 'assets', 'profiles'),
    path.join(here, '..', '..', '..', 'assets', 'profiles'),
  ]) {
    if (existsSync(candidate)) return candidate;
  }
  return path.join(process.cwd(), 'assets', 'profiles');
}

export class Fleet {
  readonly sites: Site[] = [];
  private readonly entries = new Map<number, Entry>();
  private readonly advertiser: Advertiser | undefined;
  readonly profiles: Map<string, DayProfile & { description: string }>;
  private nowMs: number;
  private speed: number;
  private paused: boolean;
  private timer: NodeJS.Timeout | undefined;
  private lastWallMs = 0;
  private nextSerial: number;
  private nextPort: number | undefined;

  constructor(private readonly options: FleetOptions) {
    this.nowMs = options.startMs;
    this.speed = options.speed;
    this.paused = options.paused;
    this.nextSerial = 10_000 + ((options.seed * 7919) % 80_000);
    this.nextPort = options.basePort;
    this.profiles = loadProfiles(options.profilesDir ?? defaultProfilesDir());
    this.advertiser = options.mdns
      ? createAdvertiser(options.host, options.host === '0.0.0.0' ? '0.0.0.0' : options.host)
      : undefined;
  }

  get mqttBroker(): { host: string; port: number; url: string } | undefined {
    const broker = this.options.mqttBroker;
    return broker && { host: broker.host, port: broker.port, url: broker.url };
  }

  get clock(): SimStatus['clock'] {
    return { nowMs: this.nowMs, speed: this.speed, paused: this.paused };
  }

  async start(): Promise<SimCharger[]> {
    const added = await this.addChargers(this.options.chargers, this.options.flavour, this.options.group);
    this.lastWallMs = performance.now();
    this.timer = setInterval(() => this.runRealTime(), 50);
    return added;
  }

  private runRealTime(): void {
    const wall = performance.now();
    const elapsed = wall - this.lastWallMs;
    this.lastWallMs = wall;
    if (!this.paused) this.advanceBy(Math.round(elapsed * this.speed));
  }

  /** Catches simulated time up with the wall clock before a request is answered. */
  sync(): number {
    this.runRealTime();
    return this.nowMs;
  }

  advanceBy(ms: number): void {
    const target = this.nowMs + ms;
    for (const site of this.sites) site.advanceTo(target);
    this.nowMs = target;
  }

  setClock(change: { paused?: boolean | undefined; speed?: number | undefined }): void {
    this.runRealTime();
    if (change.paused !== undefined) this.paused = change.paused;
    if (change.speed !== undefined) this.speed = change.speed;
  }

  private takeSerial(): number {
    while (this.entries.has(this.nextSerial)) this.nextSerial += 1;
    return this.nextSerial++;
  }

  /** A new standalone charger set up from a `/settings` document (`twin.ts`). */
  async addTwin(doc: Record<string, unknown>): Promise<{ charger: SimCharger } & TwinOutcome> {
    const [added] = await this.addChargers(1, twinFlavour(doc));
    const device = this.entries.get(added!.serial)!.device;
    if (typeof doc.version === 'string' && /^[\w.+-]{1,32}$/.test(doc.version))
      device.firmwareVersion = doc.version;
    const outcome = applyTwin(device, doc, this.nowMs);
    this.entries.get(added!.serial)!.mqtt.sync();
    return { charger: this.describe(added!.serial)!, ...outcome };
  }

  async addChargers(count: number, flavour: DeviceFlavour, group = false): Promise<SimCharger[]> {
    const coreFlavour = flavour === 'official' ? 'official' : 'dingo35';
    const groups: number[][] = [];
    const serials = Array.from({ length: count }, () => this.takeSerial());
    if (group) for (let i = 0; i < serials.length; i += 8) groups.push(serials.slice(i, i + 8));
    else for (const serial of serials) groups.push([serial]);
    const added: SimCharger[] = [];
    for (const members of groups) {
      const grouped = members.length > 1 || group;
      const evses = members.map((serial, i) =>
        createEvse({
          serial,
          flavour: coreFlavour,
          nowMs: this.nowMs,
          settings: { ...simulatorDefaults, ...this.options.settings, loadBl: grouped ? i + 1 : 0 },
        }),
      );
      const world = new World(seededRandom(this.options.seed + members[0]!), {}, (now) =>
        localOffsetMs(now, this.options.timeZone),
      );
      const site = new Site(
        world,
        evses,
        this.nowMs,
        (member) => {
          const entry = this.entries.get(member.evse.serial);
          if (!entry) return;
          entry.device.rebootingUntilMs = site.nowMs + 3000;
          deviceRestarted(entry.device);
          entry.mqtt.rebooted();
        },
        (member) => this.entries.get(member.evse.serial)?.mqtt.tick(),
      );
      this.sites.push(site);
      for (const member of site.members) {
        const serial = member.evse.serial;
        const device: Device = {
          ...createDeviceExtras(serial, flavour),
          site,
          member,
          timeZone: this.options.timeZone,
        };
        device.latencyMs = this.options.latencyMs ?? 0;
        if (this.options.mqttBroker) {
          device.mqtt.host = this.options.mqttBroker.host;
          device.mqtt.port = this.options.mqttBroker.port;
        }
        const mqtt = new MqttLink(device, {
          address: this.address(),
          sync: () => this.sync(),
          speed: () => this.speed,
        });
        const port = this.nextPort ?? 0;
        if (this.nextPort !== undefined) this.nextPort += 1;
        const server = await startDeviceServer(device, {
          host: this.options.host,
          port,
          sync: () => this.sync(),
          afterRequest: () => mqtt.sync(),
        });
        this.entries.set(serial, { device, server, mqtt });
        mqtt.sync();
        this.advertiser?.advertise(serial, server.port);
        added.push(this.describe(serial)!);
      }
    }
    return added;
  }

  async removeCharger(serial: number): Promise<boolean> {
    const entry = this.entries.get(serial);
    if (!entry) return false;
    this.entries.delete(serial);
    await this.advertiser?.withdraw(serial);
    await entry.server.close();
    await entry.mqtt.close();
    const site = entry.device.site;
    const index = site.members.indexOf(entry.device.member);
    if (index !== -1) site.members.splice(index, 1);
    if (site.members.length === 0) this.sites.splice(this.sites.indexOf(site), 1);
    else site.rewire();
    return true;
  }

  device(serial: number): Device | undefined {
    return this.entries.get(serial)?.device;
  }

  /** The address the chargers are reached at (loopback when they listen on every address). */
  private address(): string {
    return this.options.host === '0.0.0.0' ? '127.0.0.1' : this.options.host;
  }

  mqttLink(serial: number): MqttLink | undefined {
    return this.entries.get(serial)?.mqtt;
  }

  describe(serial: number): SimCharger | undefined {
    const entry = this.entries.get(serial);
    if (!entry) return undefined;
    const host = this.address();
    return {
      serial,
      name: `SmartEVSE-${serial}`,
      port: entry.server.port,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${entry.server.port}`,
      flavour: entry.device.flavour,
    };
  }

  list(): SimCharger[] {
    return [...this.entries.keys()].map((serial) => this.describe(serial)!);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const serial of [...this.entries.keys()]) await this.advertiser?.withdraw(serial);
    await this.advertiser?.close();
    await Promise.all([...this.entries.values()].map((entry) => entry.server.close()));
    await Promise.all([...this.entries.values()].map((entry) => entry.mqtt.close()));
    this.entries.clear();
  }
}
