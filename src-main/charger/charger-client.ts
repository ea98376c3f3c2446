/**
 * One charger as main talks to it. A `ChargerClient` knows the charger's id and its last read;
 * its requests run one at a time (an ESP32 serves few connections) with a cap on how many may
 * wait, reads are retried once, writes never. Every write is checked against the charger's present
 * state first (`write-rules.ts`), sent as the field table says (`settings-mapping.ts`), judged by
 * the reply field by field, and read back from `/settings` before anything is called applied.
 */
import {
  StudioError,
  encodeParam,
  formatChargerAddress,
  mqttFields,
  type ChargerAddress,
  type ColourWrite,
  type CurrentsFeed,
  type EvMeterFeed,
  type FieldResult,
  type MqttWrite,
  type SettingsWrite,
} from '$shared/contract';
import { OneAtATime } from '../store/one-at-a-time';
import {
  defaultClientOptions,
  getSettings,
  parseJsonReply,
  request,
  type ChargerClientOptions,
  type RawReply,
  type SettingsRead,
} from './charger-http';
import {
  buildParams,
  fieldOutcome,
  judgeReply,
  verifyColour,
  verifyMqtt,
  verifySettings,
} from './settings-mapping';
import { precheckWrite } from './write-rules';

export interface WriteOutcome {
  fields: FieldResult[];
  after: SettingsRead;
}

type Json = Record<string, unknown>;
const maxQueued = 16;
/** A single write reuses a read this recent instead of reading the charger again first. */
export const writeReuseMs = 1000;

function queryString(entries: [string, string][]): string {
  return entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

export class ChargerClient {
  private readonly queue = new OneAtATime();
  /** The last `/settings` this client read, and when (Studio's clock). */
  lastRead: SettingsRead | undefined;
  lastReadMs: number | undefined;
  /** HTTP requests sent so far (fleet jobs report how many each charger needed). */
  requests = 0;

  constructor(
    readonly id: string,
    public address: ChargerAddress,
    private readonly options: ChargerClientOptions = defaultClientOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get where(): string {
    return formatChargerAddress(this.address);
  }

  /** Runs `task` after every earlier one: at most one request in flight to this charger. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.queue.pending >= maxQueued) {
      return Promise.reject(
        new StudioError({
          code: 'charger-timeout',
          message: `${this.where} is busy: ${this.queue.pending} requests are already waiting`,
          key: 'netBusy',
          params: { where: this.where, count: this.queue.pending },
        }),
      );
    }
    return this.queue.run(task);
  }

  /** `GET /settings`; retried once after a network failure (a read changes nothing). */
  async readSettings(): Promise<SettingsRead> {
    const read = await this.enqueue(async () => {
      try {
        this.requests += 1;
        return await getSettings(this.address, this.options);
      } catch (error) {
        if (
          error instanceof StudioError &&
          (error.code === 'charger-unreachable' || error.code === 'charger-timeout')
        ) {
          this.requests += 1;
          return getSettings(this.address, this.options);
        }
        throw error;
      }
    });
    this.lastRead = read;
    this.lastReadMs = this.now();
    return read;
  }

  /** The last read when it is at most `maxAgeMs` old, else a new one. */
  currentRead(maxAgeMs: number): Promise<SettingsRead> {
    const { lastRead, lastReadMs } = this;
    if (lastRead && lastReadMs !== undefined && this.now() - lastReadMs <= maxAgeMs)
      return Promise.resolve(lastRead);
    return this.readSettings();
  }

  private post(path: string, entries: [string, string][]): Promise<RawReply> {
    const query = entries.length ? `?${queryString(entries)}` : '';
    return this.enqueue(() => {
      this.requests += 1;
      return request(this.address, 'POST', `${path}${query}`, this.options);
    });
  }

  /** Writes REST-settable values; returns each field's outcome and the settings read back. */
  async writeSettings(write: SettingsWrite): Promise<WriteOutcome> {
    const fields = await this.sendSettings(write, await this.currentRead(writeReuseMs));
    const after = await this.readSettings();
    verifySettings(fields, write, after);
    return { fields, after };
  }

  /**
   * Sends REST-settable values (checked first) and judges each field by the charger's reply alone;
   * the caller reads `/settings` back and calls `verifySettings` before calling anything applied.
   */
  async sendSettings(write: SettingsWrite, current: SettingsRead): Promise<FieldResult[]> {
    precheckWrite(write, current, this.now(), this.id);
    const legacy = current.snapshot.flavour === 'legacy';
    const fields: FieldResult[] = [];
    const params = buildParams(write, legacy);
    if (params.length > 0) {
      const entries = params.map((p): [string, string] => [p.param, p.value]);
      const reply = parseJsonReply(await this.post('/settings', entries), this.where);
      fields.push(...judgeReply(params, reply));
    }
    if (write.pwmOverride !== undefined && legacy) {
      // Legacy firmware: POST /modem?pwm= in tenths of a percent.
      const perMille = write.pwmOverride < 0 ? -1 : Math.round((write.pwmOverride * 1000) / 1024);
      const reply = parseJsonReply(await this.post('/modem', [['pwm', String(perMille)]]), this.where);
      fields.push(
        reply
          ? { field: 'pwmOverride', status: 'applied' }
          : fieldOutcome('pwmOverride', 'refused', 'fieldPwmIgnored'),
      );
    }
    return fields;
  }

  /** MQTT settings go in a request of their own: `mqtt_update` makes the firmware ignore everything else. */
  async writeMqtt(mqtt: MqttWrite): Promise<WriteOutcome> {
    const sent = await this.sendMqtt(mqtt);
    const after = await this.readSettings();
    return { fields: verifyMqtt(sent, mqtt, after), after };
  }

  /**
   * Sends the MQTT sub-fields `mqtt` holds (the charger keeps the others); one result per
   * sub-field (`mqtt.host`, …), which `verifyMqtt` judges after a read-back.
   */
  async sendMqtt(mqtt: MqttWrite): Promise<FieldResult[]> {
    const present = (Object.keys(mqttFields) as (keyof MqttWrite)[]).filter(
      (name) => mqtt[name] !== undefined,
    );
    const entries: [string, string][] = [['mqtt_update', '1']];
    for (const name of present)
      entries.push([mqttFields[name].param, encodeParam(mqttFields[name].codec, mqtt[name])]);
    const reply = parseJsonReply(await this.post('/settings', entries), this.where);
    return present.map((name) =>
      reply !== null
        ? { field: `mqtt.${name}`, status: 'applied' }
        : fieldOutcome(`mqtt.${name}`, 'refused', 'fieldMqttNotStored'),
    );
  }

  async setColour(colour: ColourWrite): Promise<WriteOutcome> {
    const sent = await this.sendColour(colour);
    const after = await this.readSettings();
    return { fields: [verifyColour(sent, colour, after)], after };
  }

  /** Sends one LED colour; `verifyColour` judges it after a read-back. */
  async sendColour(colour: ColourWrite): Promise<FieldResult> {
    const reply = parseJsonReply(
      await this.post(`/color_${colour.which}`, [
        ['R', String(colour.r)],
        ['G', String(colour.g)],
        ['B', String(colour.b)],
      ]),
      this.where,
    );
    const echoed = (reply?.color as Json | undefined)?.[colour.which] as Json | undefined;
    const ok = echoed?.R === colour.r && echoed?.G === colour.g && echoed?.B === colour.b;
    return ok
      ? { field: `colour.${colour.which}`, status: 'applied' }
      : fieldOutcome(`colour.${colour.which}`, 'refused', 'fieldColourNotTaken');
  }

  /** Mains currents for an API mains meter (`POST /currents`); the firmware needs L1–L3 together. */
  async feedCurrents(feed: CurrentsFeed): Promise<FieldResult[]> {
    const entries: [string, string][] = [
      ['L1', String(feed.l1Da)],
      ['L2', String(feed.l2Da)],
      ['L3', String(feed.l3Da)],
    ];
    if (feed.batteryDa !== undefined) entries.unshift(['battery_current', String(feed.batteryDa)]);
    const reply = parseJsonReply(await this.post('/currents', entries), this.where);
    const results: FieldResult[] = [];
    if (feed.batteryDa !== undefined) {
      results.push(
        reply?.battery_current === feed.batteryDa
          ? { field: 'batteryDa', status: 'applied' }
          : fieldOutcome('batteryDa', 'refused', 'fieldBatteryAnswered', {
              value: JSON.stringify(reply?.battery_current ?? null),
            }),
      );
    }
    results.push(
      typeof reply?.TOTAL === 'number'
        ? { field: 'currents', status: 'applied' }
        : fieldOutcome('currents', 'refused', 'fieldCurrentsIgnored'),
    );
    return results;
  }

  async feedEvMeter(feed: EvMeterFeed): Promise<FieldResult[]> {
    const entries: [string, string][] = [
      ['L1', String(feed.l1Da)],
      ['L2', String(feed.l2Da)],
      ['L3', String(feed.l3Da)],
    ];
    if (feed.importWh !== undefined) {
      entries.push(
        ['import_active_energy', String(feed.importWh)],
        ['export_active_energy', String(feed.exportWh)],
        ['import_active_power', String(feed.powerW)],
      );
    }
    const reply = parseJsonReply(await this.post('/ev_meter', entries), this.where);
    return [
      reply?.ev_meter
        ? { field: 'evMeter', status: 'applied' }
        : fieldOutcome('evMeter', 'refused', 'fieldEvMeterIgnored'),
    ];
  }

  /**
   * One chunk of a `/update` upload (§3.13): the raw bytes as the body, where they go in the query.
   * The firmware answers each with HTTP 200 and a number; the last chunk of a good `firmware.bin`
   * is not answered at all (the charger restarts), which the caller expects.
   */
  async uploadChunk(file: string, offset: number, size: number, chunk: Uint8Array): Promise<RawReply> {
    const query = queryString([
      ['offset', String(offset)],
      ['file', file],
      ['size', String(size)],
    ]);
    return this.enqueue(() => {
      this.requests += 1;
      return request(this.address, 'POST', `/update?${query}`, this.options, chunk);
    });
  }

  /** `POST /reboot`; `deferred` when the charger waits for charging to stop (HTTP 202). */
  async reboot(): Promise<{ deferred: boolean; message: string }> {
    const reply = await this.post('/reboot', []);
    if (reply.status !== 200 && reply.status !== 202) {
      throw new StudioError({
        code: 'charger-unreachable',
        message: `${this.where} answered HTTP ${reply.status} to /reboot`,
      });
    }
    return { deferred: reply.status === 202, message: reply.body.trim() };
  }
}
