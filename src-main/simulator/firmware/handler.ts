/**
 * Every HTTP endpoint of the firmware (§3) as a deterministic function of the device and the
 * request: no I/O and no clock of its own, but it changes the device it is given.
 * The server adapter (`server.ts`) only moves bytes; framing (chunked vs length, trailing
 * newlines, missing Content-Type) is decided here, per firmware line.
 */
import {
  METER_API,
  State,
  applyBatteryCurrent,
  applyEvMeterReading,
  applyMainsReading,
  chargedWh,
  createEvse,
  defaultSettings,
  requestReboot,
} from '../core';
import { defaultColours, deviceCore, type ColourName, type Device } from './device';
import { localClock } from './local-time';
import { applyPwmOverride, postSettings } from './post-settings';
import { atol, parseQuery, toInt16, type Query } from './query';
import { buildSettingsJson, rfidStatusName } from './settings-json';
import { uploadChunk } from './updater';

export interface FirmwareRequest {
  method: string;
  path: string;
  rawQuery: string;
  body: Buffer;
}

export interface FirmwareReply {
  status: number;
  /** Content-Type, or undefined where the firmware sends none. */
  contentType: string | undefined;
  body: string | Buffer;
  /** Chunked transfer (no Content-Length), as [D] sends its JSON endpoints. */
  chunked: boolean;
  extraHeaders?: Record<string, string>;
  /** The charger restarts instead of answering: the connection is closed without a reply. */
  drop?: boolean;
}

const json = 'application/json';
const reply = (
  status: number,
  contentType: string | undefined,
  body: string | Buffer,
  chunked = false,
): FirmwareReply => ({
  status,
  contentType,
  body,
  chunked,
});
const notFound = (): FirmwareReply => reply(404, 'text/plain', 'Not found\n');

/** JSON endpoints whose framing differs by line: [D] chunked, no newline; [O] length + newline. */
function framedJson(device: Device, value: unknown, oNewline: '\n' | '\r\n'): FirmwareReply {
  const text = value === null || value === undefined ? 'null' : JSON.stringify(value);
  if (device.flavour === 'dingo35') return reply(200, json, text, true);
  return reply(200, json, text + oNewline);
}

function colour(device: Device, name: ColourName, query: Query): FirmwareReply {
  const parts = ['R', 'G', 'B'].map((channel) => (query.has(channel) ? atol(query.get(channel)) : undefined));
  const valid = parts.every((value) => value !== undefined && value >= 0 && value <= 255);
  if (!valid) return reply(200, json, `${device.flavour === 'dingo35' ? '{}' : 'null'}\r\n`);
  const [R, G, B] = parts as [number, number, number];
  device.colours[name] = { R, G, B };
  return reply(200, json, `${JSON.stringify({ color: { [name]: { R, G, B } } })}\r\n`);
}

/** Per-phase reply keys; [O] builds them with pointer arithmetic on "L" (§3.4). */
function phaseKeys(device: Device): [string, string, string] {
  return device.flavour === 'official' ? ['L', '', '\u0001'] : ['L1', 'L2', 'L3'];
}

function currents(device: Device, query: Query, nowMs: number): FirmwareReply {
  const evse = deviceCore(device);
  const node = evse.settings.loadBl >= 2;
  const out: Record<string, unknown> = {};
  if (query.has('battery_current')) {
    if (node) out.battery_current = 'not allowed on slave';
    else {
      const value = atol(query.get('battery_current'));
      applyBatteryCurrent(evse, value, nowMs);
      out.battery_current = value;
    }
  }
  if (query.has('L1') && query.has('L2') && query.has('L3')) {
    if (node) out.TOTAL = 'not allowed on slave';
    else if (evse.settings.mainsMeter === METER_API) {
      const posted = [
        toInt16(atol(query.get('L1'))),
        toInt16(atol(query.get('L2'))),
        toInt16(atol(query.get('L3'))),
      ] as [number, number, number];
      applyMainsReading(evse, posted, nowMs);
      const keys = phaseKeys(device);
      const original: Record<string, number> = {};
      keys.forEach((key, i) => (original[key] = posted[i]!));
      out.original = original;
      keys.forEach((key, i) => (out[key] = evse.mains.irmsDa[i]));
      out.TOTAL = evse.mains.isumDa;
    }
  }
  return framedJson(device, Object.keys(out).length ? out : null, '\r\n');
}

function evMeter(device: Device, query: Query): FirmwareReply {
  const evse = deviceCore(device);
  if (evse.settings.evMeter !== METER_API) return framedJson(device, null, '\r\n');
  const meter: Record<string, unknown> = {};
  if (query.has('L1') && query.has('L2') && query.has('L3')) {
    const values = [atol(query.get('L1')), atol(query.get('L2')), atol(query.get('L3'))] as [
      number,
      number,
      number,
    ];
    applyEvMeterReading(evse, { currentsDa: values });
    const keys = phaseKeys(device);
    const currentsJson: Record<string, number> = {};
    keys.forEach((key, i) => (currentsJson[key] = values[i]!));
    currentsJson.TOTAL = values[0] + values[1] + values[2];
    meter.currents = currentsJson;
  }
  if (
    query.has('import_active_energy') &&
    query.has('export_active_energy') &&
    query.has('import_active_power')
  ) {
    const importWh = atol(query.get('import_active_energy'));
    const exportWh = atol(query.get('export_active_energy'));
    const powerW = atol(query.get('import_active_power'));
    applyEvMeterReading(evse, { importWh, exportWh, powerW });
    meter.import_active_power = powerW;
    meter.import_active_energy = importWh;
    meter.export_active_energy = exportWh;
    meter.total_kwh = importWh - exportWh;
    meter.charged_kwh = chargedWh(evse);
  }
  return framedJson(device, Object.keys(meter).length ? { ev_meter: meter } : null, '\r\n');
}

function reboot(device: Device, nowMs: number): FirmwareReply {
  const when = requestReboot(deviceCore(device), nowMs);
  return when === 'now'
    ? reply(200, undefined, 'Device will reboot in 5 seconds...')
    : reply(202, undefined, 'Reboot scheduled: Device will reboot 5 seconds after the EV stops charging...');
}

function eraseSettings(device: Device, nowMs: number): FirmwareReply {
  const evse = deviceCore(device);
  // Factory defaults for every setting; the simulator keeps its network identity (a real charger
  // would fall back to its WiFi portal and leave the LAN).
  const fresh = createEvse({
    serial: evse.serial,
    flavour: evse.flavour,
    settings: defaultSettings(),
    nowMs,
  });
  evse.settings = fresh.settings;
  device.colours = defaultColours();
  requestReboot(evse, nowMs);
  return reply(200, 'text/plain', 'Erasing settings, rebooting');
}

function rfid(device: Device, query: Query): FirmwareReply {
  const evse = deviceCore(device);
  const status = (text: string) => reply(200, json, JSON.stringify({ rfid_status: text }), true);
  if (evse.settings.rfidReader === 0) return status('RFID reader not enabled');
  const value = query.get('rfid');
  if (value === undefined) return status('Missing rfid parameter');
  if (!/^[0-9a-fA-F]*$/.test(value)) return status('Invalid RFID hex string');
  if (value.length !== 12 && value.length !== 14) return status('Invalid RFID length');
  device.rfidLastRead = value.toUpperCase();
  device.rfidStatus = 1;
  return reply(
    200,
    json,
    JSON.stringify({ rfid: value, rfid_status: rfidStatusName(device.rfidStatus) }),
    true,
  );
}

/** A 128×64 1-bit BMP of the (blank) LCD: 62-byte header + 1024 bytes (§3.8). */
export function lcdBitmap(): Buffer {
  const bmp = Buffer.alloc(1086);
  bmp.write('BM', 0, 'ascii');
  bmp.writeUInt32LE(1086, 2);
  bmp.writeUInt32LE(62, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(128, 18);
  bmp.writeInt32LE(64, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(1, 28);
  bmp.writeUInt32LE(1024, 34);
  bmp.writeUInt32LE(2, 46);
  bmp.writeUInt32LE(0x00ffffff, 54);
  bmp.writeUInt32LE(0x00ff0000, 58);
  return bmp;
}

function lcdButtons(device: Device, query: Query): FirmwareReply {
  const allowed = device.lcdPinVerified && deviceCore(device).settings.lcdLock === 0;
  const state: Record<string, string> = { right: 'down', middle: 'down', left: 'down' };
  if (allowed) {
    for (const name of ['right', 'middle', 'left']) state[name] = 'up';
    const button = query.get('button');
    if (button && button in state) state[button] = atol(query.get('state')) === 1 ? 'down' : 'up';
  }
  return reply(200, json, `${JSON.stringify({ button: state })}\r\n`);
}

function powerDay(device: Device, nowMs: number): FirmwareReply {
  const { hour, minute } = localClock(nowMs, device.timeZone);
  const current = hour * 4 + Math.floor(minute / 15);
  const entries = [];
  for (let i = 1; i <= 96; i += 1) {
    const slot = (current + i) % 96;
    const label = `${String(Math.floor(slot / 4)).padStart(2, '0')}:${String((slot % 4) * 15).padStart(2, '0')}`;
    entries.push({ time: label, power: device.powerDayW[slot] ?? 0 });
  }
  return reply(200, json, JSON.stringify({ power_day: entries }), true);
}

function update(device: Device, query: Query, body: Buffer): FirmwareReply {
  const outcome = uploadChunk(device, query, body);
  if (outcome.kind === 'restart') return { ...reply(200, undefined, ''), drop: true };
  return reply(outcome.status, undefined, outcome.body);
}

function automatedTesting(device: Device, query: Query): FirmwareReply {
  const evse = deviceCore(device);
  const s = evse.settings;
  if (query.has('current_max')) s.maxCurrentA = atol(query.get('current_max'));
  if (query.has('current_main')) s.maxMainsA = atol(query.get('current_main'));
  if (query.has('current_max_circuit')) s.maxCircuitA = atol(query.get('current_max_circuit'));
  if (query.has('mainsmeter')) s.mainsMeter = atol(query.get('mainsmeter'));
  if (query.has('evmeter')) s.evMeter = atol(query.get('evmeter'));
  if (query.has('config')) {
    s.cableConfig = atol(query.get('config')) ? 1 : 0;
    evse.state = State.A;
  }
  if (query.has('loadbl')) {
    s.loadBl = atol(query.get('loadbl'));
    device.site.rewire();
  }
  return reply(200, json, '\r\n');
}

export function handleFirmwareRequest(
  device: Device,
  request: FirmwareRequest,
  nowMs: number,
): FirmwareReply {
  const query = parseQuery(request.rawQuery);
  const { method, path } = request;
  const post = method === 'POST';
  switch (path) {
    case '/settings':
      if (method === 'GET') {
        const body = buildSettingsJson(device, nowMs);
        return framedJson(device, body, '\n');
      }
      if (post) {
        const result = postSettings(device, query, nowMs);
        if (query.has('mqtt_update'))
          return reply(200, json, `${result === null ? 'null' : JSON.stringify(result)}\r\n`);
        return framedJson(device, result, '\n');
      }
      return notFound();
    case '/color_off':
    case '/color_normal':
    case '/color_smart':
    case '/color_solar':
    case '/color_custom':
      return post ? colour(device, path.slice('/color_'.length) as ColourName, query) : notFound();
    case '/currents':
      return post ? currents(device, query, nowMs) : notFound();
    case '/ev_meter':
      return post ? evMeter(device, query) : notFound();
    case '/reboot':
      return reboot(device, nowMs);
    case '/erasesettings':
      return eraseSettings(device, nowMs);
    case '/cablelock':
      if (!post) return notFound();
      deviceCore(device).settings.cableLock = query.has('1') ? 1 : 0;
      return reply(200, json, `${JSON.stringify({ cablelock: deviceCore(device).settings.cableLock })}\r\n`);
    case '/rfid':
      return post && device.flavour === 'dingo35' ? rfid(device, query) : notFound();
    case '/lcd':
      if (method === 'GET') {
        return {
          ...reply(200, 'image/bmp', lcdBitmap(), true),
          extraHeaders: { 'Cache-Control': 'no-cache' },
        };
      }
      return post ? lcdButtons(device, query) : notFound();
    case '/lcd-verify-password': {
      if (!post) return notFound();
      const form = parseQuery(request.body.toString('utf8'));
      const given = form.get('password') ?? '';
      device.lcdPinVerified = atol(given) === device.lcdPin && /^\d*$/.test(given);
      return reply(200, json, `${JSON.stringify({ success: device.lcdPinVerified })}\r\n`);
    }
    case '/power_day':
      return method === 'GET' && device.flavour === 'dingo35' ? powerDay(device, nowMs) : notFound();
    case '/mqtt_ca_cert':
      return method === 'GET' ? reply(200, 'text/plain', `${device.mqtt.caCert}\r\n`) : notFound();
    case '/update':
      // Without a body the firmware serves its update page, whatever the method and query.
      if (request.body.length === 0) {
        return reply(
          200,
          'text/html',
          '<!doctype html><title>Update</title><p>SmartEVSE firmware update (simulated)</p>',
        );
      }
      return update(device, query, request.body);
    case '/autoupdate':
      return reply(200, json, `${JSON.stringify({ progress: 0, size: 0 })}\n`);
    case '/automated_testing':
      return post ? automatedTesting(device, query) : notFound();
    case '/modem':
      // Legacy firmware only: REST_API.md's `POST /modem?pwm=`, since replaced by override_pwm.
      if (device.flavour !== 'legacy' || !post) return notFound();
      return reply(
        200,
        json,
        `${JSON.stringify({ pwm: applyPwmOverride(device, atol(query.get('pwm'))) })}\r\n`,
      );
    case '/':
    case '/index.html':
      return method === 'GET'
        ? reply(
            200,
            'text/html',
            `<!doctype html><title>SmartEVSE-${device.serial}</title><p>SmartEVSE-${device.serial} (simulated)</p>`,
          )
        : notFound();
    default:
      return notFound();
  }
}
