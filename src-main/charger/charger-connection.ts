/**
 * One charger as main talks to it: requests are queued so at most one is in flight (an ESP32
 * serves few connections), reads are retried once, writes never. Every write is checked against
 * the contract's ranges and the charger's present state before it is sent, and its reply is read
 * back field by field (`Value not allowed!`, a missing key and `null` all become a refusal that
 * names the setting); then `/settings` is read again so the caller sees what the charger now holds.
 */
import {
  StudioError,
  c2Settings,
  formatChargerAddress,
  modeIds,
  type ChargerAddress,
  type ColourWrite,
  type CurrentsFeed,
  type EvMeterFeed,
  type FieldResult,
  type MqttWrite,
  type SettingsWrite,
} from '$shared/contract';
import {
  defaultClientOptions,
  getSettings,
  request,
  type ChargerClientOptions,
  type RawReply,
  type SettingsRead,
} from './charger-client';

export interface WriteOutcome {
  fields: FieldResult[];
  after: SettingsRead;
}

type Json = Record<string, unknown>;
const notAllowed = 'Value not allowed!';
const maxQueued = 16;

/** How each setting is sent, and which reply key confirms it. */
interface Param {
  field: keyof SettingsWrite;
  param: string;
  value: string;
  confirm: (reply: Json) => boolean;
  replyValue: (reply: Json) => unknown;
}

function localNowText(nowMs: number): string {
  const d = new Date(nowMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function internalModeAfter(
  write: SettingsWrite,
  json: SettingsRead['json'],
): 'NORMAL' | 'SMART' | 'SOLAR' | undefined {
  if (write.mode === 'NORMAL' || write.mode === 'SMART' || write.mode === 'SOLAR') return write.mode;
  const internal = json.evse.mode;
  if (internal === 0) return 'NORMAL';
  if (internal === 1) return 'SMART';
  if (internal === 2) return 'SOLAR';
  return undefined;
}

/** Checks a write against the charger's present state (§3.2 preconditions); throws naming the field. */
export function precheckWrite(
  write: SettingsWrite,
  current: SettingsRead,
  nowMs: number,
  chargerId?: string,
): void {
  const fail = (field: string, message: string): never => {
    const data: ConstructorParameters<typeof StudioError>[0] = { code: 'invalid-request', message, field };
    if (chargerId) data.chargerId = chargerId;
    throw new StudioError(data);
  };
  const { json, snapshot } = current;
  const node = (json.evse.loadbl ?? 0) >= 2;
  if (node) {
    for (const field of ['currentMinA', 'maxSumMainsA', 'maxSumMainsTimeMin', 'overrideCurrentDa'] as const) {
      if (write[field] !== undefined)
        fail(field, `${field} can only be set on the power-share master, not on a node`);
    }
  }
  if (
    (write.mode === 'SMART' || write.mode === 'SOLAR') &&
    !node &&
    ['Disabled', undefined].includes(snapshot.mainsMeter)
  ) {
    fail('mode', `${write.mode} mode needs a mains meter; this charger has none configured`);
  }
  if (write.overrideCurrentDa !== undefined && write.overrideCurrentDa !== 0) {
    const mode = internalModeAfter(write, json);
    if (mode === 'SOLAR')
      fail('overrideCurrentDa', 'The override current only works in Normal or Smart mode');
    const min = (snapshot.currentMinA ?? 6) * 10;
    const max = (snapshot.currentMaxA ?? 80) * 10;
    if (write.overrideCurrentDa < min || write.overrideCurrentDa > max) {
      fail('overrideCurrentDa', `The override current must be 0 (off) or ${min / 10}–${max / 10} A`);
    }
  }
  if (write.startTime !== undefined && write.startTime <= localNowText(nowMs)) {
    fail('startTime', 'The start time must be in the future');
  }
  if (write.stopTime !== undefined && write.startTime !== undefined && write.stopTime <= write.startTime) {
    fail('stopTime', 'The stop time must be later than the start time');
  }
}

function buildParams(write: SettingsWrite, legacy: boolean): Param[] {
  const params: Param[] = [];
  const echo = (field: keyof SettingsWrite, param: string, value: number, replyKey = param) =>
    params.push({
      field,
      param,
      value: String(value),
      confirm: (reply) => reply[replyKey] === value,
      replyValue: (reply) => reply[replyKey],
    });
  if (write.backlight !== undefined) echo('backlight', 'backlight', write.backlight ? 1 : 0, 'Backlight');
  if (write.currentMinA !== undefined) echo('currentMinA', 'current_min', write.currentMinA);
  if (write.maxSumMainsA !== undefined) echo('maxSumMainsA', 'current_max_sum_mains', write.maxSumMainsA);
  if (write.maxSumMainsTimeMin !== undefined)
    echo('maxSumMainsTimeMin', 'max_sum_mains_timer', write.maxSumMainsTimeMin, 'max_sum_mains_time');
  if (write.mode !== undefined) {
    const id = modeIds[write.mode];
    if (write.cancelSchedule) {
      // An empty starttime is unparseable to the firmware, which then clears start, stop and repeat.
      params.push({
        field: 'cancelSchedule',
        param: 'starttime',
        value: '',
        confirm: (r) => r.starttime === 0,
        replyValue: (r) => r.starttime,
      });
    }
    if (write.startTime !== undefined) {
      params.push({
        field: 'startTime',
        param: 'starttime',
        value: write.startTime,
        confirm: (r) => typeof r.starttime === 'number' && r.starttime > 0,
        replyValue: (r) => r.starttime,
      });
    }
    if (write.stopTime !== undefined) {
      params.push({
        field: 'stopTime',
        param: 'stoptime',
        value: write.stopTime,
        confirm: (r) => typeof r.stoptime === 'number' && r.stoptime > 0,
        replyValue: (r) => r.stoptime,
      });
    }
    if (write.repeatDaily !== undefined) {
      const repeat = write.repeatDaily ? 1 : 0;
      params.push({
        field: 'repeatDaily',
        param: 'repeat',
        value: String(repeat),
        confirm: (r) => r.repeat === repeat,
        replyValue: (r) => r.repeat,
      });
    }
    params.push({
      field: 'mode',
      param: 'mode',
      value: String(id),
      confirm: (r) => r.mode === String(id),
      replyValue: (r) => r.mode,
    });
  }
  if (write.enableC2 !== undefined) {
    const name = c2Settings[write.enableC2];
    params.push({
      field: 'enableC2',
      param: 'enable_C2',
      value: String(write.enableC2),
      confirm: (r) => (r.settings as Json | undefined)?.enable_C2 === name,
      replyValue: (r) => (r.settings as Json | undefined)?.enable_C2,
    });
  }
  if (write.stopTimerMin !== undefined) {
    params.push({
      field: 'stopTimerMin',
      param: 'stop_timer',
      value: String(write.stopTimerMin),
      confirm: (r) => r.stop_timer === true,
      replyValue: (r) => r.stop_timer,
    });
  }
  if (write.overrideCurrentDa !== undefined)
    echo('overrideCurrentDa', 'override_current', write.overrideCurrentDa);
  if (write.solarStartCurrentA !== undefined)
    echo('solarStartCurrentA', 'solar_start_current', write.solarStartCurrentA);
  if (write.solarMaxImportA !== undefined) echo('solarMaxImportA', 'solar_max_import', write.solarMaxImportA);
  if (write.pwmOverride !== undefined && !legacy) {
    params.push({
      field: 'pwmOverride',
      param: 'override_pwm',
      value: String(write.pwmOverride),
      confirm: (r) => typeof r.override_pwm === 'number',
      replyValue: (r) => r.override_pwm,
    });
  }
  if (write.lcdLock !== undefined) echo('lcdLock', 'lcdlock', write.lcdLock ? 1 : 0);
  if (write.cableLock !== undefined) echo('cableLock', 'cablelock', write.cableLock ? 1 : 0);
  return params;
}

function queryString(entries: [string, string][]): string {
  return entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

function parseJsonReply(reply: RawReply, where: string): Json | null {
  if (reply.status !== 200) {
    throw new StudioError({ code: 'charger-unreachable', message: `${where} answered HTTP ${reply.status}` });
  }
  const text = reply.body.trim();
  try {
    const value: unknown = JSON.parse(text);
    if (value === null) return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    /* handled below */
  }
  throw new StudioError({ code: 'not-a-smartevse', message: `${where} sent a reply that is not JSON` });
}

/** What the charger holds after a write, for the settings that /settings reports. */
function readBack(field: keyof SettingsWrite, after: SettingsRead): unknown {
  const s = after.json.settings;
  switch (field) {
    case 'overrideCurrentDa':
      return s.override_current;
    case 'currentMinA':
      return s.current_min;
    case 'maxSumMainsA':
      return s.current_max_sum_mains;
    case 'maxSumMainsTimeMin':
      return s.max_sum_mains_time;
    case 'solarStartCurrentA':
      return s.solar_start_current;
    case 'solarMaxImportA':
      return s.solar_max_import;
    case 'stopTimerMin':
      return s.solar_stop_time;
    case 'lcdLock':
      return s.lcdlock;
    case 'cableLock':
      return s.cablelock;
    case 'enableC2':
      return s.enable_C2;
    default:
      return undefined;
  }
}

function expectedReadBack(field: keyof SettingsWrite, write: SettingsWrite): unknown {
  const value = write[field];
  if (field === 'enableC2') return c2Settings[value as number];
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Marks fields the reply accepted but `/settings` now contradicts as unconfirmed. */
export function verifySettings(fields: FieldResult[], write: SettingsWrite, after: SettingsRead): void {
  for (const result of fields) {
    if (result.status !== 'applied') continue;
    const field = result.field as keyof SettingsWrite;
    const held = readBack(field, after);
    const wanted = expectedReadBack(field, write);
    if (held !== undefined && held !== wanted) {
      result.status = 'unconfirmed';
      result.message = `The charger now reports ${JSON.stringify(held)}`;
    }
  }
}

export function verifyMqtt(sent: FieldResult, mqtt: MqttWrite, after: SettingsRead): FieldResult {
  if (sent.status !== 'applied') return sent;
  const held = after.json.mqtt;
  const ok =
    held?.host === mqtt.host && held?.username === mqtt.username && held?.port === (mqtt.port || 1883);
  return ok
    ? sent
    : { field: 'mqtt', status: 'refused', message: 'The charger did not store the MQTT settings' };
}

export function verifyColour(sent: FieldResult, colour: ColourWrite, after: SettingsRead): FieldResult {
  const held = after.json.color?.[colour.which];
  if (sent.status !== 'applied' || !held) return sent;
  return held.R === colour.r && held.G === colour.g && held.B === colour.b
    ? sent
    : { ...sent, status: 'unconfirmed', message: `The charger now reports R${held.R} G${held.G} B${held.B}` };
}

export class ChargerConnection {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** HTTP requests sent so far (fleet jobs report how many each charger needed). */
  requests = 0;

  constructor(
    public address: ChargerAddress,
    private readonly options: ChargerClientOptions = defaultClientOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get where(): string {
    return formatChargerAddress(this.address);
  }

  /** Runs `task` after every earlier one: at most one request in flight to this charger. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.queued >= maxQueued) {
      return Promise.reject(
        new StudioError({
          code: 'charger-timeout',
          message: `${this.where} is busy: ${this.queued} requests are already waiting`,
        }),
      );
    }
    this.queued += 1;
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined).finally(() => (this.queued -= 1));
    return run;
  }

  /** `GET /settings`; retried once after a network failure (a read changes nothing). */
  readSettings(): Promise<SettingsRead> {
    return this.enqueue(async () => {
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
  }

  private post(path: string, entries: [string, string][]): Promise<RawReply> {
    const query = entries.length ? `?${queryString(entries)}` : '';
    return this.enqueue(() => {
      this.requests += 1;
      return request(this.address, 'POST', `${path}${query}`, this.options);
    });
  }

  /** Writes REST-settable values; returns each field's outcome and the settings read back. */
  async writeSettings(
    write: SettingsWrite,
    current: SettingsRead,
    chargerId?: string,
  ): Promise<WriteOutcome> {
    const fields = await this.sendSettings(write, current, chargerId);
    const after = await this.readSettings();
    verifySettings(fields, write, after);
    return { fields, after };
  }

  /**
   * Sends REST-settable values (checked first) and judges each field by the charger's reply alone;
   * the caller reads `/settings` back and calls `verifySettings` before calling anything applied.
   */
  async sendSettings(
    write: SettingsWrite,
    current: SettingsRead,
    chargerId?: string,
  ): Promise<FieldResult[]> {
    precheckWrite(write, current, this.now(), chargerId);
    const legacy = current.snapshot.flavour === 'legacy';
    const fields: FieldResult[] = [];
    const params = buildParams(write, legacy);
    if (params.length > 0) {
      const reply = parseJsonReply(
        await this.post(
          '/settings',
          params.map((p) => [p.param, p.value]),
        ),
        this.where,
      );
      for (const p of params) {
        const value = reply?.[p.param] ?? p.replyValue(reply ?? {});
        if (reply !== null && p.confirm(reply)) fields.push({ field: p.field, status: 'applied' });
        else if (value === notAllowed) {
          fields.push({
            field: p.field,
            status: 'refused',
            message: `The charger refused ${p.param}=${p.value}: ${notAllowed}`,
          });
        } else if (value === undefined) {
          fields.push({
            field: p.field,
            status: 'refused',
            message: `The charger ignored ${p.param}=${p.value}`,
          });
        } else {
          fields.push({
            field: p.field,
            status: 'refused',
            message: `The charger answered ${p.param}: ${JSON.stringify(value)}`,
          });
        }
      }
    }
    if (write.pwmOverride !== undefined && legacy) {
      // Legacy firmware: POST /modem?pwm= in tenths of a percent.
      const perMille = write.pwmOverride < 0 ? -1 : Math.round((write.pwmOverride * 1000) / 1024);
      const reply = parseJsonReply(await this.post('/modem', [['pwm', String(perMille)]]), this.where);
      fields.push(
        reply
          ? { field: 'pwmOverride', status: 'applied' }
          : { field: 'pwmOverride', status: 'refused', message: 'The charger ignored pwm' },
      );
    }
    return fields;
  }

  /** MQTT settings go in a request of their own: `mqtt_update` makes the firmware ignore everything else. */
  async writeMqtt(mqtt: MqttWrite): Promise<WriteOutcome> {
    const sent = await this.sendMqtt(mqtt);
    const after = await this.readSettings();
    return { fields: [verifyMqtt(sent, mqtt, after)], after };
  }

  /** Sends MQTT settings; `verifyMqtt` judges them after a read-back. */
  async sendMqtt(mqtt: MqttWrite): Promise<FieldResult> {
    const entries: [string, string][] = [
      ['mqtt_update', '1'],
      ['mqtt_host', mqtt.host],
      ['mqtt_port', String(mqtt.port)],
      ['mqtt_topic_prefix', mqtt.topicPrefix],
      ['mqtt_username', mqtt.username],
      ['mqtt_tls', mqtt.tls ? '1' : '0'],
    ];
    if (mqtt.password !== undefined) entries.push(['mqtt_password', mqtt.password]);
    const reply = parseJsonReply(await this.post('/settings', entries), this.where);
    return reply !== null
      ? { field: 'mqtt', status: 'applied' }
      : { field: 'mqtt', status: 'refused', message: 'The charger did not store the MQTT settings' };
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
      : {
          field: `colour.${colour.which}`,
          status: 'refused',
          message: 'The charger did not take the colour',
        };
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
          : {
              field: 'batteryDa',
              status: 'refused',
              message: `The charger answered ${JSON.stringify(reply?.battery_current ?? null)}`,
            },
      );
    }
    results.push(
      typeof reply?.TOTAL === 'number'
        ? { field: 'currents', status: 'applied' }
        : {
            field: 'currents',
            status: 'refused',
            message: 'The charger ignored the currents: its mains meter is not set to API',
          },
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
        : {
            field: 'evMeter',
            status: 'refused',
            message: 'The charger ignored the EV meter values: its EV meter is not set to API',
          },
    ];
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
