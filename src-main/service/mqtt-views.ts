/**
 * The MQTT view of a charger: one connection per charger to the broker the charger itself
 * reports (however many windows show it), the charger's topics with their last values, its Home
 * Assistant entities, the known traps, and `Set/` commands that are checked before they are sent
 * and confirmed afterwards by reading the charger back over REST (the firmware never answers).
 */
import path from 'node:path';
import { z } from 'zod';
import mqtt, { type MqttClient } from 'mqtt';
import {
  StudioError,
  c2Settings,
  integrationSnippets,
  mqttCommandProblem,
  toStudioError,
  type ChargerSettingsJson,
  type MqttCommandFacts,
  type MqttSendRequest,
  type MqttSendResult,
  type MqttTrap,
  type MqttView,
  type Snippet,
  type StudioHandlers,
} from '$shared/contract';
import { loadVersionedJson, writeFileAtomic } from '../store/atomic-file';
import { OneAtATime } from '../store/one-at-a-time';
import type { ChargerRegistry } from './charger-registry';

export type MqttHandlers = Pick<
  StudioHandlers,
  'mqttOpen' | 'mqttView' | 'mqttSend' | 'mqttClose' | 'mqttForgetPassword' | 'integrationSnippets'
>;

/** The system's secret store (Electron `safeStorage`); absent in web mode and the CLI. */
export interface SecretBox {
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

interface Topic {
  payload: string;
  retained: boolean;
  atMs: number;
}

interface Link {
  client: MqttClient;
  prefix: string;
  broker: NonNullable<MqttView['broker']>;
  state: MqttView['state'];
  error: ReturnType<StudioError['toJSON']> | undefined;
  topics: Map<string, Topic>;
  entities: Map<string, { domain: string; name: string; uniqueId: string }>;
  /** Resolvers waiting for the next full set (`ESPUptime` is in every one, mqtt.md §2.1). */
  fullSet: (() => void)[];
}

const passwordsSchema = z.object({
  schemaVersion: z.literal(1),
  /** Per charger id: the broker password, encrypted by the system (base64). */
  passwords: z.record(z.string(), z.string()),
});

/** Where a command's effect shows in `GET /settings`, as text to compare. */
function readBack(name: MqttSendRequest['name'], json: ChargerSettingsJson): string | undefined {
  const doc = json;
  const rgb = (key: string) => {
    const c = doc.color?.[key];
    return c ? `${c.R},${c.G},${c.B}` : undefined;
  };
  const phases = (
    p: { L1?: number | undefined; L2?: number | undefined; L3?: number | undefined } | undefined,
  ) => (p ? `${p.L1}:${p.L2}:${p.L3}` : undefined);
  switch (name) {
    case 'Mode':
      return typeof doc.mode === 'string' ? doc.mode : undefined;
    case 'CurrentOverride':
      return String(doc.settings?.override_current);
    case 'CurrentMaxSumMains':
      return String(doc.settings?.current_max_sum_mains);
    case 'MainsMeter':
      return phases(doc.phase_currents?.original_data);
    case 'EVMeter':
      return phases(doc.ev_meter?.currents);
    case 'HomeBatteryCurrent':
      return String(doc.home_battery?.current);
    case 'CustomButton':
      return doc.evse?.custombutton ? 'On' : 'Off';
    case 'CableLock':
      return String(doc.settings?.cablelock);
    case 'EnableC2':
      return doc.settings?.enable_C2;
    case 'RFID':
      return doc.evse?.rfid_lastread;
    case 'CircuitMeter':
      return undefined;
    default:
      return rgb(name.slice('Color'.length).toLowerCase());
  }
}

/** The value `readBack` shows once the charger acted on the command. */
function expected(name: MqttSendRequest['name'], payload: string): string | undefined {
  switch (name) {
    case 'Mode':
      return payload.toUpperCase();
    case 'MainsMeter':
    case 'EVMeter':
      return payload.split(':').slice(0, 3).map(Number).join(':');
    case 'EnableC2':
      return /^\d$/.test(payload) ? c2Settings[Number(payload)] : payload;
    case 'RFID':
      return payload.trim().toUpperCase();
    case 'CircuitMeter':
      return undefined;
    default:
      return name.startsWith('Color')
        ? payload.split(',').map(Number).join(',')
        : String(Number(payload) || payload);
  }
}

export class MqttViews {
  readonly handlers: MqttHandlers;
  private readonly links = new Map<string, Link>();
  private readonly file: string;
  private passwords: Record<string, string> = {};
  private readonly writes = new OneAtATime();

  constructor(
    private readonly chargers: ChargerRegistry,
    userDataDir: string,
    private readonly secrets: SecretBox | undefined,
    private readonly confirmWaitMs = 3000,
  ) {
    this.file = path.join(userDataDir, 'mqtt-passwords.json');
    chargers.onForget((id) => void this.close(id));
    this.handlers = {
      mqttOpen: async ({ id, password, remember }) => this.open(id, password, remember ?? false),
      mqttView: async ({ id }) => this.view(id),
      mqttSend: async (request) => this.send(request),
      mqttClose: async ({ id }) => {
        await this.close(id);
        return this.view(id);
      },
      mqttForgetPassword: async ({ id }) => {
        await this.keep(id, undefined);
        return this.view(id);
      },
      integrationSnippets: async ({ id }) => this.snippets(id),
    } satisfies MqttHandlers;
  }

  async load(): Promise<string | undefined> {
    const loaded = await loadVersionedJson(this.file, passwordsSchema, () => ({
      schemaVersion: 1 as const,
      passwords: {},
    }));
    this.passwords = loaded.value.passwords;
    return loaded.movedAside
      ? `Kept MQTT passwords could not be read (${loaded.problem}); kept as ${loaded.movedAside}`
      : undefined;
  }

  private keep(id: string, password: string | undefined): Promise<void> {
    return this.writes.run(async () => {
      const next = { ...this.passwords };
      if (password === undefined) delete next[id];
      else if (this.secrets) next[id] = this.secrets.encrypt(password).toString('base64');
      await writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, passwords: next }, null, 2)}\n`);
      this.passwords = next;
    });
  }

  private keptPassword(id: string): string | undefined {
    const stored = this.passwords[id];
    if (stored === undefined || !this.secrets) return undefined;
    try {
      return this.secrets.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      return undefined; // another user's or machine's keychain: ask again
    }
  }

  private async open(id: string, password: string | undefined, remember: boolean): Promise<MqttView> {
    const read = await this.chargers.read(id);
    const m = read.json.mqtt;
    await this.close(id);
    if (!m?.host) return this.view(id, read.json);
    if (remember && password !== undefined) {
      if (!this.secrets)
        throw new StudioError({
          code: 'invalid-request',
          message: 'Passwords can be kept only in the desktop app',
          key: 'mqttCannotKeep',
        });
      await this.keep(id, password);
    }
    const secret = password ?? this.keptPassword(id);
    const broker = { host: m.host, port: m.port ?? 1883, tls: m.tls ?? false, username: m.username ?? '' };
    const prefix = m.topic_prefix ?? '';
    const client = mqtt.connect({
      host: broker.host,
      port: broker.port,
      protocol: broker.tls ? 'mqtts' : 'mqtt',
      protocolVersion: 4,
      clientId: `smartevse-studio-${Math.random().toString(16).slice(2, 10)}`,
      clean: true,
      connectTimeout: 8000,
      reconnectPeriod: 5000,
      ...(broker.username ? { username: broker.username } : {}),
      ...(secret ? { password: secret } : {}),
    });
    const link: Link = {
      client,
      prefix,
      broker,
      state: 'connecting',
      error: undefined,
      topics: new Map(),
      entities: new Map(),
      fullSet: [],
    };
    this.links.set(id, link);
    client.on('connect', () => {
      link.state = 'connected';
      link.error = undefined;
      client.subscribe([`${prefix}/#`, 'homeassistant/#'], { qos: 0 });
    });
    client.on('error', (error) => {
      link.state = 'failed';
      const refused = /not authori[sz]ed|bad user ?name or password/i.test(error.message);
      link.error = (
        refused
          ? new StudioError({
              code: 'unauthorized',
              message: error.message,
              key: 'mqttRefused',
              params: { where: `${broker.host}:${broker.port}` },
            })
          : toStudioError(error)
      ).toJSON();
      // A wrong password does not get better by trying again every few seconds.
      if (refused) client.end(true);
    });
    client.on('offline', () => {
      if (link.state === 'connected') link.state = 'connecting';
    });
    client.on('message', (topic, payload, packet) => {
      const text = payload.toString('utf8');
      if (topic.startsWith('homeassistant/')) {
        if (!topic.includes(`/${prefix}-`)) return;
        try {
          const config = JSON.parse(text) as { name?: unknown; unique_id?: unknown };
          if (typeof config.name === 'string' && typeof config.unique_id === 'string') {
            link.entities.set(topic, {
              domain: topic.split('/')[1] ?? '',
              name: config.name,
              uniqueId: config.unique_id,
            });
          }
        } catch {
          /* not JSON: not an entity this charger announced */
        }
        return;
      }
      const name = topic.slice(prefix.length + 1);
      link.topics.set(name, { payload: text, retained: packet.retain, atMs: Date.now() });
      if (name === 'ESPUptime') for (const resolve of link.fullSet.splice(0)) resolve();
    });
    // Wait briefly for the first answer, so the first view already says connected or why not.
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      client.once('connect', done);
      client.once('error', done);
      setTimeout(done, 3000).unref();
    });
    return this.view(id, read.json);
  }

  private traps(id: string, json: ChargerSettingsJson | undefined, link: Link | undefined): MqttTrap[] {
    const traps: MqttTrap[] = [];
    const m = json?.mqtt;
    const prefix = m?.topic_prefix ?? link?.prefix ?? '';
    if (m && !m.host) traps.push({ key: 'mqttTrapOff' });
    if (/[+#]/.test(prefix)) traps.push({ key: 'mqttTrapWildcard', params: { prefix } });
    if ((prefix.match(/\//g) ?? []).length >= 2) traps.push({ key: 'mqttTrapLevels', params: { prefix } });
    if (m?.host && m.status === 'Disconnected')
      traps.push({ key: 'mqttTrapChargerDown', params: { where: `${m.host}:${m.port ?? 1883}` } });
    for (const other of this.chargers.ids()) {
      if (other === id) continue;
      const theirs = this.chargers.client(other).lastRead?.json.mqtt;
      if (theirs?.host && theirs.topic_prefix === prefix) {
        traps.push({
          key: 'mqttTrapShared',
          params: { prefix, other: this.chargers.summary(other)?.name ?? other },
        });
      }
    }
    if (link) {
      for (const [name, topic] of link.topics) {
        if (name.startsWith('Set/') && topic.retained && topic.payload !== '') {
          traps.push({
            key: 'mqttTrapRetainedSet',
            params: { topic: `${prefix}/${name}`, payload: topic.payload },
          });
        }
      }
    }
    return traps;
  }

  private view(id: string, json?: ChargerSettingsJson): MqttView {
    this.chargers.client(id);
    const link = this.links.get(id);
    const doc = json ?? this.chargers.client(id).lastRead?.json;
    const m = doc?.mqtt;
    const now = Date.now();
    const view: MqttView = {
      state: link ? link.state : 'off',
      prefix: m?.topic_prefix ?? link?.prefix ?? '',
      passwordSet: m?.password_set ?? false,
      passwordKept: this.passwords[id] !== undefined,
      canKeepPassword: this.secrets !== undefined,
      topics: link
        ? [...link.topics]
            .map(([name, t]) => ({ name, payload: t.payload, retained: t.retained, ageMs: now - t.atMs }))
            .sort((a, b) => a.name.localeCompare(b.name))
        : [],
      entities: link ? [...link.entities.values()] : [],
      traps: this.traps(id, doc, link),
    };
    if (link) view.broker = link.broker;
    else if (m?.host)
      view.broker = { host: m.host, port: m.port ?? 1883, tls: m.tls ?? false, username: m.username ?? '' };
    if (m?.status !== undefined) view.chargerStatus = m.status;
    if (link?.error) view.error = link.error;
    return view;
  }

  private facts(json: ChargerSettingsJson, flavour: MqttCommandFacts['flavour']): MqttCommandFacts {
    return {
      flavour,
      mode: json.mode ?? 'OFF',
      loadBl: json.evse?.loadbl ?? 0,
      mainsMeter: json.settings?.mains_meter ?? 'Disabled',
      evMeter: json.ev_meter?.description ?? 'Disabled',
      rfidReader: json.evse?.rfidreader ?? 'Disabled',
      minCurrentA: json.settings?.current_min ?? 6,
      maxCurrentA: json.settings?.current_max ?? 16,
    };
  }

  private async send({ id, name, payload }: MqttSendRequest): Promise<MqttSendResult> {
    const link = this.links.get(id);
    if (!link || link.state !== 'connected')
      throw new StudioError({
        code: 'invalid-request',
        message: 'Connect to the broker first',
        key: 'mqttNotConnected',
      });
    const before = await this.chargers.read(id);
    const flavour = before.snapshot.flavour ?? 'dingo35';
    const problem = mqttCommandProblem(name, payload, this.facts(before.json, flavour));
    if (problem)
      throw new StudioError({
        code: 'invalid-request',
        message: `The charger would ignore this (${problem.key})`,
        field: 'payload',
        key: problem.key,
        ...(problem.params ? { params: problem.params } : {}),
      });
    const topic = `${link.prefix}/Set/${name}`;
    // The charger answers every command with a full set within about a second (mqtt.md §2.1).
    const fullSet = new Promise<void>((resolve) => {
      link.fullSet.push(resolve);
      setTimeout(resolve, this.confirmWaitMs).unref();
    });
    await link.client.publishAsync(topic, payload, { qos: 1, retain: false });
    await fullSet;
    const after = await this.chargers.read(id);
    const result: MqttSendResult = { topic, acted: false };
    const was = readBack(name, before.json);
    const now = readBack(name, after.json);
    if (was !== undefined) result.before = was;
    if (now !== undefined) result.after = now;
    result.acted = now !== undefined && now === expected(name, payload);
    return result;
  }

  /** Snippets from a fresh read; Home Assistant discovery as the open MQTT view saw it. */
  private async snippets(id: string): Promise<Snippet[]> {
    const { json, snapshot } = await this.chargers.read(id);
    const summary = this.chargers.summary(id);
    const m = json.mqtt;
    const link = this.links.get(id);
    return integrationSnippets({
      address: summary.address,
      name: summary.name,
      serial: snapshot.serial,
      version: json.version,
      mainsMeter: json.settings?.mains_meter,
      evMeter: json.ev_meter?.description,
      mqtt: m?.host
        ? {
            host: m.host,
            port: m.port ?? 1883,
            prefix: m.topic_prefix ?? '',
            username: m.username ?? '',
            passwordSet: m.password_set ?? false,
          }
        : undefined,
      discoveryEntities: link?.state === 'connected' ? link.entities.size : undefined,
    });
  }

  async close(id: string): Promise<void> {
    const link = this.links.get(id);
    if (!link) return;
    this.links.delete(id);
    for (const resolve of link.fullSet.splice(0)) resolve();
    await link.client.endAsync(true).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.links.keys()].map((id) => this.close(id)));
  }
}
