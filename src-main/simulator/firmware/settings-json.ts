/**
 * `GET /settings` as each firmware line builds it (§3.1, §10; legacy = the REST_API.md sample's
 * shape). Key order is the firmware's emission order.
 */
import {
  Access,
  Err,
  Mode,
  c2Names,
  chargedWh,
  errorNames,
  meterNamesD,
  meterNamesO,
  rfidReaderNames,
  stateNames,
} from '../core';
import { deviceCore, type Device } from './device';

type Json = Record<string, unknown>;

/** REST `mode` / `mode_id` from Access and internal Mode (§4.1). */
export function restMode(device: Device): { mode: string; modeId: number } {
  const { access, mode } = deviceCore(device).settings;
  if (access === Access.OFF) return { mode: 'OFF', modeId: 0 };
  if (access === Access.PAUSE) return { mode: 'PAUSE', modeId: 4 };
  if (mode === Mode.NORMAL) return { mode: 'NORMAL', modeId: 1 };
  if (mode === Mode.SOLAR) return { mode: 'SOLAR', modeId: 2 };
  return { mode: 'SMART', modeId: 3 };
}

/** `error_id` = highest set bit, 1-based (§4.4). */
export function errorId(flags: number): number {
  let id = 0;
  for (let bit = 0; bit < 8; bit += 1) if (flags & (1 << bit)) id = bit + 1;
  return id;
}

function stateView(device: Device): { state: string; stateId: number; error: string; errorId: number } {
  const evse = deviceCore(device);
  const id = errorId(evse.errorFlags);
  let errorName: string = errorNames[id] ?? 'Multiple Errors';
  if (device.flavour === 'official' && id === 7) errorName = 'Test IO';
  const webState = stateNames[evse.state] ?? 'NOSTATE';
  if (evse.errorFlags & Err.LESS_6A)
    return { state: `${webState} - ${errorName}`, stateId: evse.state, error: 'None', errorId: 0 };
  return { state: webState, stateId: evse.state, error: errorName, errorId: id };
}

function phaseObject(values: readonly number[]): Json {
  return { TOTAL: values[0]! + values[1]! + values[2]!, L1: values[0], L2: values[1], L3: values[2] };
}

export function meterName(device: Device, type: number): string {
  const names = device.flavour === 'official' ? meterNamesO : meterNamesD;
  return names[type] ?? 'Unknown';
}

export function buildSettingsJson(device: Device, nowMs: number): Json {
  const evse = deviceCore(device);
  const s = evse.settings;
  const legacy = device.flavour === 'legacy';
  const dingo = device.flavour === 'dingo35';
  const { mode, modeId } = restMode(device);
  const view = stateView(device);
  const connected = device.member.ev.currentPilot !== 12 || evse.pilotDisconnected;
  const evTotalWh = evse.ev.importWh - evse.ev.exportWh;

  const json: Json = { version: device.firmwareVersion };
  if (!legacy) json.serialnr = device.serial;
  json.mode = mode;
  json.mode_id = modeId;
  json.car_connected = connected;
  json.wifi = {
    status: 'WL_CONNECTED',
    ssid: device.wifi.ssid,
    rssi: device.wifi.rssi,
    bssid: device.wifi.bssid,
  };
  if (dingo) json.eth = { present: false, connected: false, has_ip: false };

  const evseJson: Json = {
    temp: evse.temperatureC,
    temp_max: s.maxTempC,
    connected,
    access: legacy ? s.access === Access.ON : s.access,
    mode: s.mode,
    loadbl: s.loadBl,
    pwm: evse.pwm,
  };
  if (!legacy) evseJson.custombutton = evse.customButton;
  evseJson.solar_stop_timer = evse.balance.solarStopTimerS;
  evseJson.state = view.state;
  evseJson.state_id = view.stateId;
  evseJson.error = view.error;
  evseJson.error_id = view.errorId;
  if (!legacy) {
    evseJson.rfidreader = rfidReaderNames[s.rfidReader] ?? 'Disabled';
    evseJson.nrofphases = evse.phases;
  }
  evseJson.rfid = s.rfidReader === 0 ? 'Not Installed' : rfidStatusName(device.rfidStatus);
  if (s.rfidReader !== 0 && !legacy) evseJson.rfid_lastread = device.rfidLastRead;
  json.evse = evseJson;

  const settings: Json = {
    charge_current:
      evse.balance.balancedDa[0] !== undefined && s.loadBl < 2
        ? evse.balance.balancedDa[0]
        : evse.chargeCurrentDa,
    override_current: evse.overrideCurrentDa,
    current_min: s.minCurrentA,
    current_max: s.maxCurrentA,
    current_main: s.maxMainsA,
    current_max_circuit: s.maxCircuitA,
    current_max_sum_mains: s.maxSumMainsA,
  };
  if (!legacy) settings.max_sum_mains_time = s.maxSumMainsTimeMin;
  settings.solar_max_import = s.importCurrentA;
  settings.solar_start_current = s.startCurrentA;
  settings.solar_stop_time = s.stopTimeMin;
  settings.enable_C2 = c2Names[s.enableC2] ?? '';
  if (legacy) settings.modem = 'Not present';
  settings.mains_meter = meterName(device, s.mainsMeter);
  settings.starttime = s.delayedStartS;
  settings.stoptime = s.delayedStopS;
  settings.repeat = s.delayedRepeat;
  if (!legacy) {
    settings.lcdlock = s.lcdLock;
    settings.lock = s.lock;
    settings.cablelock = s.cableLock;
  }
  if (dingo) {
    settings.ledmode = s.ledMode;
    settings.capacity_mode = s.capacityMode;
    settings.intervals = s.intervals.map((i) => ({ ...i }));
  }
  json.settings = settings;

  const mqtt: Json = {
    host: device.mqtt.host,
    port: device.mqtt.port,
    topic_prefix: device.mqtt.topicPrefix,
    username: device.mqtt.username,
    password_set: device.mqtt.password !== '',
  };
  if (!legacy) {
    mqtt.tls = device.mqtt.tls;
  }
  mqtt.status = device.mqttConnected ? 'Connected' : 'Disconnected';
  if (!legacy) mqtt.smartevse_server = false;
  json.mqtt = mqtt;
  if (!legacy) {
    json.ocpp = {
      mode: device.ocpp.mode ? 'Enabled' : 'Disabled',
      backend_url: device.ocpp.backendUrl,
      cb_id: device.ocpp.cbId,
      auth_key: device.ocpp.authKey,
      auto_auth: device.ocpp.autoAuth ? 'Enabled' : 'Disabled',
      auto_auth_idtag: device.ocpp.autoAuthIdtag,
      status: 'Disconnected',
    };
  }
  json.home_battery = { current: evse.batteryCurrentDa, last_update: evse.batteryUpdatedS };

  const evMeter: Json = {
    description: meterName(device, s.evMeter),
    address: s.evMeterAddress,
    import_active_power: evse.ev.powerW,
  };
  if (legacy) {
    evMeter.total_kwh = evTotalWh / 1000;
    evMeter.charged_kwh = chargedWh(evse) / 1000;
  } else {
    evMeter.total_wh = evTotalWh;
    evMeter.charged_wh = chargedWh(evse);
  }
  evMeter.currents = phaseObject(evse.ev.irmsDa);
  if (!dingo || evse.ev.importWh !== 0)
    evMeter.import_active_energy = legacy ? evse.ev.importWh / 1000 : evse.ev.importWh;
  if (!dingo || evse.ev.exportWh !== 0)
    evMeter.export_active_energy = legacy ? evse.ev.exportWh / 1000 : evse.ev.exportWh;
  json.ev_meter = evMeter;

  const mainsMeter: Json = {};
  if (!dingo || evse.mains.importWh !== 0) mainsMeter.import_active_energy = evse.mains.importWh;
  if (!dingo || evse.mains.exportWh !== 0) mainsMeter.export_active_energy = evse.mains.exportWh;
  if (Object.keys(mainsMeter).length > 0) json.mains_meter = mainsMeter;

  const phases: Json = {
    ...phaseObject(evse.mains.irmsDa),
    last_data_update: evse.mains.lastUpdateS,
  };
  if (legacy) {
    phases.charging_L1 = evse.contactor1;
    phases.charging_L2 = evse.contactor2;
    phases.charging_L3 = evse.contactor2;
  }
  phases.original_data = phaseObject(evse.mains.originalDa);
  json.phase_currents = phases;
  json.backlight = { timer: evse.backlightS, status: evse.backlightS > 0 ? 'ON' : 'OFF' };
  if (!legacy) json.color = structuredClone(device.colours);
  void nowMs;
  return json;
}

export const rfidStatusNames = [
  'Ready to read card',
  'Present',
  'Card Stored',
  'Card Deleted',
  'Card already stored',
  'Card not in storage',
  'Card Storage full',
  'Invalid',
] as const;

export function rfidStatusName(status: number): string {
  return rfidStatusNames[status] ?? 'NOSTATUS';
}
