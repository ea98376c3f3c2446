/**
 * One simulated charger's MQTT client (mqtt.md §1, §2.1): connects to the broker its settings
 * name with the firmware's session parameters, announces itself and its Home Assistant entities
 * on every connect, publishes the full data set from the simulated 1-s tick with the firmware's
 * counter, and hands `P/Set/…` messages to the command parser.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { StateId } from '../core';
import { deviceCore, type Device } from '../firmware/device';
import { applyMqttCommand } from '../firmware/mqtt-commands';
import { availabilityTopic, discoveryConfigs, fullDataSet, type MqttMessage } from '../firmware/mqtt-topics';

export interface MqttLinkOptions {
  /** The charger's own address, for the discovery `configuration_url`. */
  address: string;
  /** Brings simulated time up to date and returns it. */
  sync: () => number;
  /** Simulated seconds per real second: the firmware's ~10-s retry is in its own time. */
  speed: () => number;
}

/** esp-mqtt's retry delay after a lost or failed connection (lib default, §1.3). */
const retrySimulatedMs = 10_000;

export class MqttLink {
  private client: MqttClient | undefined;
  /** The firmware's `lastMqttUpdate`: the full set goes out when it reaches 10 (§2.1). */
  private counter = 0;
  private generation = -1;
  private last:
    { state: StateId; access: number; mode: number; override: number; solarStop: number } | undefined;
  /** Messages sent, for the benchmark. */
  published = 0;

  constructor(
    private readonly device: Device,
    private readonly options: MqttLinkOptions,
  ) {}

  get connected(): boolean {
    return this.device.mqttConnected;
  }

  /** Follows the device's MQTT settings: called after every request and at every tick. */
  sync(): void {
    if (this.device.mqtt.generation === this.generation) return;
    const first = this.generation === -1;
    this.generation = this.device.mqtt.generation;
    void this.restart(first ? 'boot' : 'settings');
  }

  private async restart(reason: 'boot' | 'settings' | 'reboot'): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.device.mqttConnected = false;
    if (old) {
      if (reason === 'settings' && old.connected) {
        // The prefix is already the new one: this `offline` goes to the new prefix (§1.1).
        await new Promise<void>((resolve) =>
          old.publish(availabilityTopic(this.device), 'offline', { qos: 0, retain: true }, () => resolve()),
        );
      }
      // A reboot drops the link without DISCONNECT, so the broker publishes the will.
      await old.endAsync(reason === 'reboot').catch(() => undefined);
    }
    if (reason === 'reboot') {
      // Back on the network once the restart is over (about 3 s of simulated time).
      await new Promise((resolve) => setTimeout(resolve, Math.max(50, 3000 / this.options.speed())));
      if (this.client) return;
    }
    const m = this.device.mqtt;
    if (m.host === '') return;
    const wait = Math.max(100, Math.round(retrySimulatedMs / this.options.speed()));
    const client = mqtt.connect({
      host: m.host,
      port: m.port,
      protocol: 'mqtt',
      protocolVersion: 4,
      clientId: m.topicPrefix,
      clean: true,
      keepalive: 15,
      reconnectPeriod: Math.min(retrySimulatedMs, wait),
      connectTimeout: 10_000,
      resubscribe: false,
      ...(m.username ? { username: m.username } : {}),
      ...(m.password ? { password: m.password } : {}),
      will: { topic: availabilityTopic(this.device), payload: Buffer.from('offline'), qos: 0, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      if (this.client !== client) return;
      this.device.mqttConnected = true;
      this.connectedNow(client);
    });
    client.on('close', () => {
      if (this.client === client) this.device.mqttConnected = false;
    });
    client.on('message', (topic, payload) => this.received(topic, payload.toString('utf8')));
    // Errors (refused, unreachable) only mean "Disconnected"; the client retries on its own.
    client.on('error', () => undefined);
  }

  private connectedNow(client: MqttClient): void {
    const P = this.device.mqtt.topicPrefix;
    client.subscribe(`${P}/Set/#`, { qos: 1 });
    this.send(client, { topic: availabilityTopic(this.device), payload: 'online', retain: true });
    for (const message of discoveryConfigs(this.device, this.options.address)) this.send(client, message);
  }

  private received(topic: string, payload: string): void {
    const prefix = `${this.device.mqtt.topicPrefix}/Set/`;
    if (!topic.startsWith(prefix)) return;
    const nowMs = this.options.sync();
    if (this.device.rebootingUntilMs !== undefined && nowMs < this.device.rebootingUntilMs) return;
    const { fastUpdate } = applyMqttCommand(this.device, topic.slice(prefix.length), payload, nowMs);
    if (fastUpdate) this.counter = 10;
  }

  private send(client: MqttClient, message: MqttMessage): void {
    this.published += 1;
    client.publish(message.topic, message.payload, { qos: 0, retain: message.retain });
  }

  /** The simulated 1-s task's MQTT part (§2.1). */
  tick(): void {
    this.sync();
    const evse = deviceCore(this.device);
    const now = {
      state: evse.state,
      access: evse.settings.access,
      mode: evse.settings.mode,
      override: evse.overrideCurrentDa,
      solarStop: evse.balance.solarStopTimerS,
    };
    const before = this.last;
    this.last = now;
    // State, access, mode and override changes ask for a fast update where they happen.
    if (
      before &&
      (before.state !== now.state ||
        before.access !== now.access ||
        before.mode !== now.mode ||
        before.override !== now.override)
    ) {
      this.counter = 10;
    }
    const client = this.client;
    if (!client?.connected || !this.device.mqttConnected) return;
    if (before && before.solarStop !== now.solarStop) {
      this.send(client, {
        topic: `${this.device.mqtt.topicPrefix}/SolarStopTimer`,
        payload: String(now.solarStop),
        retain: false,
      });
    }
    if (this.counter >= 10) {
      this.counter = 0;
      for (const message of fullDataSet(this.device)) this.send(client, message);
    } else this.counter += 1;
  }

  /** A restart of the charger: no clean disconnect; it connects again once it is back up. */
  rebooted(): void {
    this.counter = 0;
    this.last = undefined;
    void this.restart('reboot');
  }

  /** Simulation hook: the network drops under the charger; the broker sends the will. */
  dropUncleanly(): void {
    this.client?.stream.destroy();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.endAsync(true).catch(() => undefined);
  }
}
