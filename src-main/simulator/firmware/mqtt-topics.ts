/**
 * What a charger publishes on MQTT (mqtt.md §2, §3): the full data set in the firmware's order
 * with its retain flags and conditions, and the Home Assistant discovery configs, text for text
 * ([D] v3.11.1 compact JSON; [O] v3.8.5 spaced, without the entities and fields it lacks).
 * Pure functions of the device: no connection here.
 */
import { Access, Mode, c2Names, chargedWh, errorNames, stateNames, stateShortNames } from '../core';
import { deviceCore, type ColourName, type Device } from './device';
import { errorId, rfidStatusName } from './settings-json';

export interface MqttMessage {
  topic: string;
  payload: string;
  retain: boolean;
}

/** The firmware line's MQTT feature set: [D] HEAD, or [O] v3.8.5 (the legacy line answers as [O]). */
export function isDingo(device: Device): boolean {
  return device.flavour === 'dingo35';
}

export function mqttModeName(device: Device): string {
  const s = deviceCore(device).settings;
  if (s.access === Access.OFF) return 'Off';
  if (s.access === Access.PAUSE) return 'Pause';
  return s.mode === Mode.NORMAL ? 'Normal' : s.mode === Mode.SMART ? 'Smart' : 'Solar';
}

const accessNames = ['Deny', 'Allow', 'Pause'];
const colourTopics: [ColourName, string][] = [
  ['off', 'Off'],
  ['normal', 'Normal'],
  ['smart', 'Smart'],
  ['solar', 'Solar'],
  ['custom', 'Custom'],
];

/** A battery value counts until the first mains reading more than 60 s after it (§4.3). */
export function batteryValid(device: Device): boolean {
  return deviceCore(device).batteryUpdatedS !== 0;
}

/** The full data set (§2.1 order, §2.2 table) for prefix `P`. */
export function fullDataSet(device: Device): MqttMessage[] {
  const evse = deviceCore(device);
  const s = evse.settings;
  const dingo = isDingo(device);
  const P = device.mqtt.topicPrefix;
  const out: MqttMessage[] = [];
  const add = (suffix: string, payload: string | number, retain: boolean) =>
    out.push({ topic: `${P}/${suffix}`, payload: String(payload), retain });
  // [D] publishes energies only when they are not 0; [O] always.
  const energy = (suffix: string, wh: number) => {
    if (!dingo || wh !== 0) add(suffix, wh, false);
  };
  if (s.mainsMeter !== 0) {
    evse.mains.irmsDa.forEach((da, i) => add(`MainsCurrentL${i + 1}`, da, false));
    energy('MainsImportActiveEnergy', evse.mains.importWh);
    energy('MainsExportActiveEnergy', evse.mains.exportWh);
  }
  if (s.evMeter !== 0) {
    evse.ev.irmsDa.forEach((da, i) => add(`EVCurrentL${i + 1}`, da, false));
    energy('EVImportActiveEnergy', evse.ev.importWh);
    energy('EVExportActiveEnergy', evse.ev.exportWh);
  }
  if (dingo && s.circuitMeter !== 0) {
    evse.circuit.irmsDa.forEach((da, i) => add(`CircuitCurrentL${i + 1}`, da, false));
  }
  add('ESPTemp', evse.temperatureC, false);
  add('Mode', mqttModeName(device), true);
  add('MaxCurrent', s.maxCurrentA * 10, true);
  if (dingo) {
    add('MaxSumMains', s.maxSumMainsA, true);
    add('MaxSumMainsTime', s.maxSumMainsTimeMin, true);
  }
  add('CustomButton', evse.customButton ? 'On' : 'Off', false);
  const charge = s.loadBl < 2 ? (evse.balance.balancedDa[0] ?? 0) : evse.chargeCurrentDa;
  add('ChargeCurrent', charge, true);
  add('ChargeCurrentOverride', evse.overrideCurrentDa, true);
  if (dingo) add('NrOfPhases', evse.phases, true);
  add('Access', accessNames[s.access] ?? 'Deny', true);
  add('RFID', s.rfidReader === 0 ? 'Not Installed' : rfidStatusName(device.rfidStatus), true);
  if (dingo) add('EnableC2', c2Names[s.enableC2] ?? '', true);
  if (s.rfidReader !== 0) add('RFIDLastRead', device.rfidLastRead || '00000000000000', true);
  add('State', stateNames[evse.state] ?? 'NOSTATE', true);
  if (dingo) add('StateID', stateShortNames[evse.state] ?? 'NOSTATE', true);
  // MQTT names the highest error bit, LESS_6A included (REST shows None then).
  add('Error', errorNames[errorId(evse.errorFlags)] ?? 'None', true);
  const connected = device.member.ev.currentPilot !== 12 || evse.pilotDisconnected;
  add('EVPlugState', connected ? 'Connected' : 'Disconnected', true);
  add('WiFiSSID', device.wifi.ssid, true);
  add('WiFiBSSID', device.wifi.bssid, true);
  if (s.evMeter !== 0) {
    add('EVChargePower', evse.ev.powerW, false);
    add('EVEnergyCharged', chargedWh(evse), true);
    add('EVTotalEnergyCharged', evse.ev.importWh - evse.ev.exportWh, false);
  }
  if (batteryValid(device)) add('HomeBatteryCurrent', evse.batteryCurrentDa, false);
  add('OCPP', device.ocpp.mode ? 'Enabled' : 'Disabled', true);
  add('OCPPConnection', 'Disconnected', false);
  for (const [name, suffix] of colourTopics) {
    const { R, G, B } = device.colours[name];
    add(`LEDColor${suffix}`, `${R},${G},${B}`, true);
  }
  if (s.lock !== 0) add('CableLock', s.cableLock ? 1 : 0, true);
  add('ESPUptime', evse.uptimeS, false);
  add('WiFiRSSI', device.wifi.rssi, false);
  if (dingo) {
    add('LoadBl', s.loadBl, true);
    // Empty and retained: deletes the broker's retained copy, as the firmware's empty string does.
    add('PairingPin', '', true);
  }
  add('SolarStopTimer', evse.balance.solarStopTimerS, false);
  return out;
}

/** `P/connected`: the birth and the last will. */
export function availabilityTopic(device: Device): string {
  return `${device.mqtt.topicPrefix}/connected`;
}

type Fields = [string, string | string[]][];

interface Entity {
  name: string;
  domain: 'sensor' | 'text' | 'select' | 'number';
  fields: Fields;
}

const cur: Fields = [
  ['device_class', 'current'],
  ['state_class', 'measurement'],
  ['unit_of_measurement', 'A'],
  ['value_template', '{{ value | int / 10 }}'],
];
const energyFields: Fields = [
  ['device_class', 'energy'],
  ['unit_of_measurement', 'Wh'],
  ['state_class', 'total_increasing'],
];
const diag: Fields = [['entity_category', 'diagnostic']];

/** The entities announced at this connect, in announce order (§3.2, non-modem builds). */
export function discoveryEntities(device: Device): Entity[] {
  const evse = deviceCore(device);
  const s = evse.settings;
  const dingo = isDingo(device);
  const P = device.mqtt.topicPrefix;
  // [O] v3.8.5 has no state_class on its sensors.
  const fields = (list: Fields): Fields => (dingo ? list : list.filter(([key]) => key !== 'state_class'));
  const sensor = (name: string, list: Fields = []): Entity => ({
    name,
    domain: 'sensor',
    fields: fields(list),
  });
  const control = (name: string, domain: Entity['domain'], command: string, list: Fields): Entity => ({
    name,
    domain,
    fields: [
      ['state_topic', `${P}/${name.replace(/ /g, '')}`],
      ['command_topic', `${P}/Set/${command}`],
      ...list,
    ],
  });
  const list: Entity[] = [sensor('Charge Current', cur), sensor('Max Current', cur)];
  const phases = (label: string) => [1, 2, 3].map((n) => sensor(`${label} L${n}`, cur));
  if (s.mainsMeter !== 0) list.push(...phases('Mains Current'));
  if (s.evMeter !== 0) list.push(...phases('EV Current'));
  if (dingo && s.circuitMeter !== 0) list.push(...phases('Circuit Current'));
  if (batteryValid(device)) list.push(sensor('Home Battery Current', cur));
  if (dingo) list.push(sensor('Max Sum Mains', cur.slice(0, 3)));
  if (s.mainsMeter !== 0) {
    list.push(
      sensor('Mains Import Active Energy', energyFields),
      sensor('Mains Export Active Energy', energyFields),
    );
  }
  if (s.evMeter !== 0) {
    list.push(
      sensor('EV Import Active Energy', energyFields),
      sensor('EV Export Active Energy', energyFields),
      sensor('EV Charge Power', [
        ['device_class', 'power'],
        ['unit_of_measurement', 'W'],
        ['state_class', 'measurement'],
      ]),
      sensor('EV Energy Charged', energyFields),
      sensor('EV Total Energy Charged', energyFields),
    );
  }
  list.push(sensor('EV Plug State'), sensor('Access'), sensor('State'));
  if (dingo) list.push(sensor('StateID'));
  list.push(sensor('RFID'), sensor('RFIDLastRead'));
  if (dingo) list.push(sensor('NrOfPhases'));
  list.push(sensor('OCPP'), sensor('OCPPConnection'));
  for (const [, suffix] of colourTopics) {
    list.push({
      name: `LED Color ${suffix}`,
      domain: 'text',
      fields: [
        ['state_topic', `${P}/LEDColor${suffix}`],
        ['command_topic', `${P}/Set/Color${suffix}`],
      ],
    });
  }
  list.push(control('Custom Button', 'select', 'CustomButton', [['options', ['On', 'Off']]]));
  list.push(
    sensor('SolarStopTimer', [
      ['device_class', 'duration'],
      ['unit_of_measurement', 's'],
    ]),
  );
  if (dingo) {
    list.push(
      sensor('Max Sum Mains Time', [
        ['device_class', 'duration'],
        ['unit_of_measurement', 'min'],
      ]),
    );
  }
  list.push(sensor('Error', diag), sensor('WiFi SSID', diag), sensor('WiFi BSSID', diag));
  list.push(
    sensor('WiFi RSSI', [
      ...diag,
      ['device_class', 'signal_strength'],
      ['unit_of_measurement', 'dBm'],
      ['state_class', 'measurement'],
    ]),
    sensor('ESP Temp', [
      ...diag,
      ['device_class', 'temperature'],
      ['unit_of_measurement', '°C'],
      ['state_class', 'measurement'],
    ]),
    sensor('ESP Uptime', [
      ...diag,
      ['device_class', 'duration'],
      ['unit_of_measurement', 's'],
      ['state_class', 'measurement'],
      ['entity_registry_enabled_default', 'False'],
    ]),
  );
  list.push(control('Mode', 'select', 'Mode', [['options', ['Off', 'Normal', 'Smart', 'Solar', 'Pause']]]));
  if (dingo) list.push(control('EnableC2', 'select', 'EnableC2', [['options', [...c2Names]]]));
  list.push({
    name: 'Charge Current Override',
    domain: 'number',
    fields: [
      ['command_topic', `${P}/Set/CurrentOverride`],
      ['min', '0'],
      ['max', String(s.maxCurrentA)],
      ['mode', 'slider'],
      ['value_template', '{{ value | int / 10 if value | is_number else none }}'],
      ['command_template', '{{ value | int * 10 }}'],
    ],
  });
  list.push({
    name: 'Cable Lock',
    domain: 'select',
    fields: [
      ['cablelock_topic', `${P}/CableLock`],
      ['command_topic', `${P}/Set/CableLock`],
      ['options', ['0', '1']],
    ],
  });
  return list;
}

/** The configuration URL's address: the simulator's listening address (a WiFi IP on a charger). */
export function discoveryConfigs(device: Device, address: string): MqttMessage[] {
  const dingo = isDingo(device);
  const P = device.mqtt.topicPrefix;
  const pair = (key: string, value: string | string[]) =>
    `${JSON.stringify(key)}${dingo ? ':' : ' : '}${JSON.stringify(value)}`;
  const device_ = [
    pair('model', 'SmartEVSE v3'),
    pair('identifiers', P),
    pair('name', P),
    pair('manufacturer', 'Stegen'),
    pair('configuration_url', `http://${address}`),
    pair('sw_version', device.firmwareVersion),
  ].join(dingo ? ',' : ', ');
  return discoveryEntities(device).map((entity) => {
    const suffix = entity.name.replace(/ /g, '');
    const common = [pair('name', entity.name), pair('object_id', `${P}-${suffix}`)];
    if (dingo) {
      const id = `${entity.domain}.${P}_${suffix}`.toLowerCase().replace(/-/g, '_');
      common.push(pair('default_entity_id', id));
    }
    common.push(
      pair('unique_id', `${P}-${suffix}`),
      pair('state_topic', `${P}/${suffix}`),
      pair('availability_topic', `${P}/connected`),
    );
    const head = dingo
      ? `{${common.join(',')},"device":{${device_}}`
      : `{${common.join(', ')}, "device": {${device_}}`;
    const extra = entity.fields.map(([key, value]) => `, ${pair(key, value)}`).join('');
    return {
      topic: `homeassistant/${entity.domain}/${P}-${suffix}/config`,
      payload: `${head}${extra}}`,
      retain: true,
    };
  });
}
