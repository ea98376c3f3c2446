/** `POST /settings` (§3.2): parameters processed in the firmware's fixed order, one reply key each. */
import { Access, C2, Mode, c2Names, resetMeterTimeouts, setAccess, setMode, type ModeId } from '../core';
import { deviceCore, type Device } from './device';
import { parseLocalDateTime } from './local-time';
import { atol, type Query } from './query';

const notAllowed = 'Value not allowed!';
type Json = Record<string, unknown>;

function handleMqtt(device: Device, query: Query): Json | null {
  if (query.get('mqtt_update') !== '1') return null;
  const m = device.mqtt;
  if (query.has('mqtt_host')) m.host = query.get('mqtt_host')!;
  if (query.has('mqtt_port')) m.port = atol(query.get('mqtt_port')) || 1883;
  if (query.has('mqtt_topic_prefix'))
    m.topicPrefix = query.get('mqtt_topic_prefix') || `SmartEVSE-${device.serial}`;
  if (query.has('mqtt_username')) m.username = query.get('mqtt_username')!;
  if (query.has('mqtt_password')) m.password = query.get('mqtt_password')!;
  if (query.has('mqtt_tls')) m.tls = query.get('mqtt_tls') === '1';
  if (query.has('mqtt_ca_cert')) m.caCert = query.get('mqtt_ca_cert')!;
  // Even with nothing else: the client is rebuilt and connects again (a forced re-announce).
  m.generation += 1;
  // The reply document is 64 bytes: 16 per member plus copied strings; later keys fall off.
  const candidates: [string, unknown, number][] = [
    ['mqtt_host', m.host, m.host.length + 1],
    ['mqtt_port', m.port, 0],
    ['mqtt_topic_prefix', m.topicPrefix, m.topicPrefix.length + 1],
    ['mqtt_username', m.username, m.username.length + 1],
    ['mqtt_password_set', m.password !== '', 0],
    ['mqtt_tls', m.tls, 0],
    ['mqtt_ca_cert_set', m.caCert !== '', 0],
  ];
  const reply: Json = {};
  let used = 0;
  for (const [key, value, extra] of candidates) {
    if (used + 16 + extra > 64) break;
    used += 16 + extra;
    reply[key] = value;
  }
  return Object.keys(reply).length ? reply : null;
}

/**
 * A whole-number setting with a range: applied and echoed when valid, else "Value not allowed!"
 * under `replyKey` (the firmware renames a few keys in its reply).
 */
function rangedSetting(
  query: Query,
  reply: Json,
  param: string,
  valid: (v: number) => boolean,
  apply: (v: number) => void,
  replyKey = param,
): void {
  if (!query.has(param)) return;
  const v = atol(query.get(param));
  if (valid(v)) {
    apply(v);
    reply[replyKey] = v;
  } else reply[replyKey] = notAllowed;
}

/** Processes one POST /settings; returns the reply object, or null when no key was produced. */
export function postSettings(device: Device, query: Query, nowMs: number): Json | null {
  if (query.has('mqtt_update')) return handleMqtt(device, query);
  const { site } = device;
  const evse = deviceCore(device);
  const group = site.groupOf(evse);
  const s = evse.settings;
  const node = s.loadBl >= 2;
  const dingo = device.flavour === 'dingo35';
  const reply: Json = {};
  const nowS = Math.floor(nowMs / 1000);

  if (query.has('backlight')) {
    const v = atol(query.get('backlight'));
    evse.backlightS = Math.max(0, v * 120);
    reply.Backlight = v;
  }
  rangedSetting(
    query,
    reply,
    'current_min',
    (v) => v >= 6 && v <= 16 && !node,
    (v) => (s.minCurrentA = v),
  );
  if (dingo && query.has('capacity_mode')) {
    const v = atol(query.get('capacity_mode'));
    if (v >= 0 && v <= 3) {
      s.capacityMode = v;
      if (v === 0) s.maxSumMainsA = 0;
      reply.capacity_mode = v;
    }
  }
  if (dingo && query.has('intervals')) {
    try {
      const parsed: unknown = JSON.parse(query.get('intervals')!);
      if (Array.isArray(parsed)) {
        s.intervals = parsed
          .filter(
            (entry: unknown): entry is { start: number; power: number } =>
              typeof entry === 'object' &&
              entry !== null &&
              Number.isInteger((entry as { start?: unknown }).start) &&
              (entry as { start: number }).start >= 0 &&
              (entry as { start: number }).start <= 1439 &&
              Number.isInteger((entry as { power?: unknown }).power),
          )
          .map(({ start, power }) => ({ start, power }));
      }
    } catch {
      /* The firmware ignores a schedule it cannot parse. */
    }
  }
  rangedSetting(
    query,
    reply,
    'current_max_sum_mains',
    (v) => (v === 0 || (v >= 10 && v <= 600)) && !node,
    (v) => (s.maxSumMainsA = v),
  );
  rangedSetting(
    query,
    reply,
    'max_sum_mains_timer',
    (v) => v >= 0 && v <= 60 && !node,
    (v) => (s.maxSumMainsTimeMin = v),
    'max_sum_mains_time',
  );
  if (query.has('disable_override_current')) {
    evse.overrideCurrentDa = 0;
    reply.disable_override_current = 'OK';
  }
  if (query.has('custombutton')) {
    evse.customButton = atol(query.get('custombutton')) > 0;
    reply.custombutton = evse.customButton;
  }
  if (query.has('mode')) {
    const raw = query.get('mode')!;
    if (query.has('starttime')) {
      const start = parseLocalDateTime(query.get('starttime')!, device.timeZone);
      if (start !== undefined && start > nowS) {
        s.delayedStartS = start;
        s.delayedStopS = 0;
        s.delayedRepeat = 0;
        if (query.has('stoptime')) {
          const stop = parseLocalDateTime(query.get('stoptime')!, device.timeZone);
          s.delayedStopS = stop !== undefined && stop > nowS && stop > start ? stop : 0;
          reply.stoptime = s.delayedStopS;
          if (query.has('repeat')) {
            const repeat = atol(query.get('repeat'));
            if (repeat === 0 || repeat === 1) {
              s.delayedRepeat = repeat;
              reply.repeat = repeat;
            }
          }
        }
      } else {
        s.delayedStartS = 0;
        s.delayedStopS = 0;
        s.delayedRepeat = 0;
      }
      reply.starttime = s.delayedStartS;
    } else {
      s.delayedStartS = 0;
    }
    const v = atol(raw);
    if (v === 0) setAccess(group, evse, Access.OFF);
    else if (v === 4) setAccess(group, evse, Access.PAUSE);
    else if (v === 1 || v === 2 || v === 3) {
      const mode: ModeId = v === 1 ? Mode.NORMAL : v === 3 ? Mode.SMART : Mode.SOLAR;
      setMode(group, evse, mode);
    }
    reply.mode = v >= 0 && v <= 4 ? raw : notAllowed;
  }
  if (query.has('enable_C2')) {
    let v = atol(query.get('enable_C2'));
    if (node && v === C2.AUTO) v = C2.NOT_PRESENT;
    s.enableC2 = v;
    // Out of range: the firmware prints whatever the string table's neighbour memory holds.
    reply.settings = { enable_C2: c2Names[v] ?? '' };
  }
  if (query.has('stop_timer')) {
    const v = atol(query.get('stop_timer'));
    const ok = v >= 0 && v <= 60;
    if (ok) s.stopTimeMin = v;
    reply.stop_timer = ok;
  }
  // Only evaluated in Normal or Smart (after the mode above); silently ignored in Solar.
  if (s.mode === Mode.NORMAL || s.mode === Mode.SMART) {
    rangedSetting(
      query,
      reply,
      'override_current',
      (v) => !node && (v === 0 || (v >= s.minCurrentA * 10 && v <= s.maxCurrentA * 10)),
      (v) => (evse.overrideCurrentDa = v),
    );
  }
  const solarAmps = (v: number) => v >= 0 && v <= 48;
  rangedSetting(query, reply, 'solar_start_current', solarAmps, (v) => (s.startCurrentA = v));
  rangedSetting(query, reply, 'solar_max_import', solarAmps, (v) => (s.importCurrentA = v));
  if (query.has('override_pwm')) {
    reply.override_pwm = applyPwmOverride(device, atol(query.get('override_pwm')));
  }
  if (query.has('lcdlock')) {
    const v = atol(query.get('lcdlock'));
    if (v === 0 || v === 1) {
      s.lcdLock = v;
      reply.lcdlock = v;
    }
  }
  if (query.has('cablelock')) {
    const v = atol(query.get('cablelock'));
    if (v === 0 || v === 1) {
      s.cableLock = v;
      reply.cablelock = v;
    }
  }
  if (query.get('ocpp_update') === '1') {
    const o = device.ocpp;
    if (query.has('ocpp_mode')) {
      o.mode = atol(query.get('ocpp_mode')) ? 1 : 0;
      reply.ocpp_mode = o.mode;
    }
    const strings: [string, keyof typeof o][] = [
      ['ocpp_backend_url', 'backendUrl'],
      ['ocpp_cb_id', 'cbId'],
      ['ocpp_auth_key', 'authKey'],
    ];
    for (const [param, field] of strings) {
      if (!query.has(param)) continue;
      if (o.mode) {
        (o[field] as string) = query.get(param)!;
        reply[param] = o[field];
      } else reply[param] = 'Can only update when OCPP enabled';
    }
    if (query.has('ocpp_auto_auth')) {
      o.autoAuth = atol(query.get('ocpp_auto_auth')) ? 1 : 0;
      reply.ocpp_auto_auth = o.autoAuth;
    }
    if (query.has('ocpp_auto_auth_idtag')) {
      if (o.mode) {
        o.autoAuthIdtag = query.get('ocpp_auto_auth_idtag')!;
        reply.ocpp_auto_auth_idtag = o.autoAuthIdtag;
      } else reply.ocpp_auto_auth_idtag = 'Can only update when OCPP enabled';
    }
  }
  // [O] saves and re-validates every setting after each POST; the save also resets meter timeouts.
  if (device.flavour === 'official') {
    if (s.enableC2 < 0 || s.enableC2 > 4) s.enableC2 = C2.ALWAYS_ON;
    resetMeterTimeouts(evse);
  }
  return Object.keys(reply).length ? reply : null;
}

/** `override_pwm` (and the legacy `/modem?pwm=`): returns the duty actually applied. */
export function applyPwmOverride(device: Device, value: number): number {
  const evse = deviceCore(device);
  if (value === 0) {
    evse.pwm = 0;
    evse.pwmOverride = true;
  } else if (value < 0) {
    evse.pwmOverride = false;
    evse.pwm = 100;
  } else {
    evse.pwm = Math.min(value, 1024);
    evse.pwmOverride = true;
  }
  return evse.pwm;
}
