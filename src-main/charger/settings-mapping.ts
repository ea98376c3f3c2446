/**
 * The firmware dialect of a write, taken from the field table: which `POST /settings` parameters
 * a write becomes, how the reply answers for each one (`Value not allowed!`, a missing key and
 * `null` all become a refusal that names the setting), and the read-back check against
 * `/settings` afterwards. Nothing here sends anything; `ChargerClient` does.
 */
import {
  c2Settings,
  encodeParam,
  modeIds,
  settableFields,
  toReported,
  valueAt,
  type ColourWrite,
  type FieldResult,
  type MqttWrite,
  type SettableField,
  type SettableFieldName,
  type SettingsWrite,
} from '$shared/contract';
import type { SettingsRead } from './charger-http';
import type { MessageKey } from '$shared/i18n/messages';
import { words } from '$shared/i18n/error-words';

/** A field's outcome in words: the catalogue's key and parameters, and the English they make. */
export function fieldOutcome(
  field: string,
  status: FieldResult['status'],
  key: MessageKey,
  params: Record<string, string | number> = {},
): FieldResult {
  return { field, status, ...words(key, params) };
}

type Json = Record<string, unknown>;
const notAllowed = 'Value not allowed!';

/** One query parameter of a write, and how the reply confirms it. */
export interface Param {
  field: keyof SettingsWrite;
  param: string;
  value: string;
  confirm: (reply: Json) => boolean;
  replyValue: (reply: Json) => unknown;
}

const rows = Object.entries(settableFields) as [SettableFieldName, SettableField][];

/** A table row's parameter for one value. */
function paramOf(field: SettableFieldName, row: SettableField, value: unknown, sent?: string): Param {
  const replyKey = row.replyKey ?? row.param;
  const text = sent ?? encodeParam(row.codec, value);
  const echoed = toReported(row.codec, value);
  const nested = (reply: Json) => (reply.settings as Json | undefined)?.enable_C2;
  const judge: Record<SettableField['confirm'], (reply: Json) => boolean> = {
    echo: (reply) => reply[replyKey] === echoed,
    true: (reply) => reply[replyKey] === true,
    number: (reply) => typeof reply[replyKey] === 'number',
    'c2-name': (reply) => nested(reply) === c2Settings[value as number],
  };
  return {
    field,
    param: row.param,
    value: text,
    confirm: judge[row.confirm],
    replyValue: row.confirm === 'c2-name' ? nested : (reply) => reply[replyKey],
  };
}

/**
 * The mode and its schedule (§3.2 "mode handling"): the start, stop and repeat only count with a
 * mode, and the reply says `starttime` in epoch seconds and `mode` as the sent string.
 */
function modeParams(write: SettingsWrite): Param[] {
  if (write.mode === undefined) return [];
  const params: Param[] = [];
  const { startTime, stopTime, repeatDaily, cancelSchedule, mode } = settableFields;
  const epochSet = (key: string) => (r: Json) => typeof r[key] === 'number' && r[key] > 0;
  if (write.cancelSchedule) {
    // An empty starttime is unparseable to the firmware, which then clears start, stop and repeat.
    params.push({
      ...paramOf('cancelSchedule', cancelSchedule, true, ''),
      confirm: (r) => r.starttime === 0,
    });
  }
  if (write.startTime !== undefined)
    params.push({ ...paramOf('startTime', startTime, write.startTime), confirm: epochSet(startTime.param) });
  if (write.stopTime !== undefined)
    params.push({ ...paramOf('stopTime', stopTime, write.stopTime), confirm: epochSet(stopTime.param) });
  if (write.repeatDaily !== undefined) params.push(paramOf('repeatDaily', repeatDaily, write.repeatDaily));
  const id = String(modeIds[write.mode]);
  params.push(paramOf('mode', mode, id));
  return params;
}

/** The `POST /settings` parameters of a write, in table order (the firmware keeps its own order). */
export function buildParams(write: SettingsWrite, legacy: boolean): Param[] {
  const params: Param[] = [];
  for (const [field, row] of rows) {
    const value = write[field];
    if (value === undefined || row.withMode) continue;
    // Legacy firmware has no override_pwm; the client sends it to /modem instead.
    if (field === 'pwmOverride' && legacy) continue;
    params.push(paramOf(field, row, value));
  }
  return [...modeParams(write), ...params];
}

/** Each field's outcome from the charger's reply alone. */
export function judgeReply(params: Param[], reply: Json | null): FieldResult[] {
  return params.map((p) => {
    const value = reply?.[p.param] ?? p.replyValue(reply ?? {});
    if (reply !== null && p.confirm(reply)) return { field: p.field, status: 'applied' };
    if (value === notAllowed)
      return fieldOutcome(p.field, 'refused', 'fieldRefusedBy', {
        param: p.param,
        value: p.value,
        reason: notAllowed,
      });
    if (value === undefined)
      return fieldOutcome(p.field, 'refused', 'fieldIgnored', { param: p.param, value: p.value });
    return fieldOutcome(p.field, 'refused', 'fieldAnswered', {
      param: p.param,
      value: JSON.stringify(value),
    });
  });
}

/**
 * Marks fields the reply accepted but `/settings` now contradicts as unconfirmed. Fields `/settings`
 * does not report as they were sent (the schedule, the backlight, a PWM) are judged by the reply.
 */
export function verifySettings(fields: FieldResult[], write: SettingsWrite, after: SettingsRead): void {
  for (const result of fields) {
    if (result.status !== 'applied') continue;
    const field = result.field as SettableFieldName;
    const row: SettableField | undefined = settableFields[field];
    if (!row?.settingsKey || row.withMode) continue;
    const held = valueAt(after.json, row.settingsKey);
    const wanted = toReported(row.codec, write[field]);
    if (held !== undefined && held !== wanted) {
      Object.assign(
        result,
        fieldOutcome(result.field, 'unconfirmed', 'fieldNowReports', { value: JSON.stringify(held) }),
      );
    }
  }
}

/**
 * Each MQTT sub-field that was sent, judged against `/settings` after the write: port 0 is the
 * default port, an empty prefix the charger's own `SmartEVSE-<serial>`, and a password is known
 * only as set or not.
 */
export function verifyMqtt(sent: FieldResult[], mqtt: MqttWrite, after: SettingsRead): FieldResult[] {
  const held = after.json.mqtt;
  const expected: Record<keyof MqttWrite, () => boolean> = {
    host: () => held?.host === mqtt.host,
    port: () => held?.port === (mqtt.port || 1883),
    topicPrefix: () =>
      held?.topic_prefix === (mqtt.topicPrefix || `SmartEVSE-${after.snapshot.serial ?? ''}`),
    username: () => held?.username === mqtt.username,
    password: () => held?.password_set === undefined || held.password_set === (mqtt.password !== ''),
    tls: () => held?.tls === undefined || held.tls === mqtt.tls,
  };
  return sent.map((result) => {
    if (result.status !== 'applied') return result;
    const name = result.field.slice(5) as keyof MqttWrite;
    return expected[name]() ? result : fieldOutcome(result.field, 'refused', 'fieldMqttNotStored');
  });
}

export function verifyColour(sent: FieldResult, colour: ColourWrite, after: SettingsRead): FieldResult {
  const held = after.json.color?.[colour.which];
  if (sent.status !== 'applied' || !held) return sent;
  return held.R === colour.r && held.G === colour.g && held.B === colour.b
    ? sent
    : fieldOutcome(sent.field, 'unconfirmed', 'fieldNowReports', {
        value: `R${held.R} G${held.G} B${held.B}`,
      });
}
