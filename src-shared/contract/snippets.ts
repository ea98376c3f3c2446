/**
 * Ready-to-paste integration snippets for one charger: curl lines with the firmware's units and
 * the `-d ''` its POSTs need, `mosquitto_pub`/`mosquitto_sub` lines for feeding meters and
 * commands, Home Assistant (discovery, else MQTT or REST YAML) and the evcc `smart-evse` charger
 * block with its firmware requirement checked. Built from what the charger reports; a password is
 * never written into one (a shell variable stands in).
 */
import { z } from 'zod';
import type { ChargerAddress } from './address';

export const snippetSchema = z.object({
  id: z.string(),
  kind: z.enum(['curl', 'mosquitto', 'home-assistant', 'evcc']),
  language: z.enum(['sh', 'yaml', 'text']),
  text: z.string(),
  /** Catalogue keys with values: what the user must know before pasting it. */
  notes: z.array(
    z.object({
      key: z.string().max(64),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
});
export type Snippet = z.infer<typeof snippetSchema>;

export interface SnippetFacts {
  address: ChargerAddress;
  name: string;
  serial: number | undefined;
  version: string | undefined;
  mainsMeter: string | undefined;
  evMeter: string | undefined;
  mqtt: { host: string; port: number; prefix: string; username: string; passwordSet: boolean } | undefined;
  /** Home Assistant entities seen announced for this prefix (undefined: not looked). */
  discoveryEntities: number | undefined;
}

/** evcc's `smart-evse` template reads the REST API of firmware 3.11.2 and later (its documentation). */
export const evccMinimumVersion = [3, 11, 2] as const;

/** `v3.11.1` → [3, 11, 1]; a build stamp (older firmware) → undefined. */
export function firmwareNumbers(version: string | undefined): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function atLeast(version: number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < minimum.length; i += 1) {
    if ((version[i] ?? 0) !== minimum[i]) return (version[i] ?? 0) > minimum[i]!;
  }
  return true;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

export function integrationSnippets(facts: SnippetFacts): Snippet[] {
  const { host, port } = facts.address;
  const where = `${host.includes(':') ? `[${host}]` : host}${port === 80 ? '' : `:${port}`}`;
  const base = `http://${where}`;
  const snippets: Snippet[] = [];
  const mainsApi = facts.mainsMeter === 'API';

  const curl = [
    '# Everything the charger reports',
    `curl -s ${quote(`${base}/settings`)}`,
    '# Smart mode (REST mode numbers: 0 Off, 1 Normal, 2 Solar, 3 Smart, 4 Pause)',
    `curl -s -X POST ${quote(`${base}/settings?mode=3`)} -d ''`,
    '# At most 10.0 A for this charger: override_current is in tenths of an ampere (dA); 0 clears it',
    `curl -s -X POST ${quote(`${base}/settings?override_current=100`)} -d ''`,
    `curl -s -X POST ${quote(`${base}/settings?override_current=0`)} -d ''`,
  ];
  const curlNotes: Snippet['notes'] = [{ key: 'snipCurlPost' }];
  if (mainsApi) {
    curl.push(
      '# Mains currents L1–L3 in dA for an API mains meter: send again at least every 10 s',
      `curl -s -X POST ${quote(`${base}/currents?L1=100&L2=100&L3=100`)} -d ''`,
    );
  } else curlNotes.push({ key: 'snipNotApi', params: { meter: facts.mainsMeter ?? 'Disabled' } });
  snippets.push({ id: 'curl', kind: 'curl', language: 'sh', text: `${curl.join('\n')}\n`, notes: curlNotes });

  const m = facts.mqtt;
  if (m && m.host) {
    const auth = m.username ? ` -u ${quote(m.username)}${m.passwordSet ? ' -P "$MQTT_PASSWORD"' : ''}` : '';
    const broker = `-h ${quote(m.host)} -p ${m.port}${auth}`;
    const P = m.prefix;
    const lines = [
      '# Watch everything the charger publishes (-v: with the topic)',
      `mosquitto_sub ${broker} -v -t ${quote(`${P}/#`)}`,
      '# Smart mode: MQTT takes the names Off, Normal, Smart, Solar, Pause (not numbers)',
      `mosquitto_pub ${broker} -t ${quote(`${P}/Set/Mode`)} -m Smart`,
      '# At most 10.0 A (dA; 0 clears it)',
      `mosquitto_pub ${broker} -t ${quote(`${P}/Set/CurrentOverride`)} -m 100`,
    ];
    if (mainsApi) {
      lines.push(
        '# Mains currents L1:L2:L3 in dA for an API mains meter, not retained; send again at least every 10 s',
        `mosquitto_pub ${broker} -t ${quote(`${P}/Set/MainsMeter`)} -m 100:100:100`,
      );
    }
    if (facts.evMeter === 'API') {
      lines.push(
        '# EV meter L1:L2:L3 (dA), power (W), energy (Wh): all five fields',
        `mosquitto_pub ${broker} -t ${quote(`${P}/Set/EVMeter`)} -m 160:160:160:11000:5000`,
      );
    }
    const notes: Snippet['notes'] = [];
    if (m.passwordSet) notes.push({ key: 'snipPasswordVariable' });
    if (!mainsApi) notes.push({ key: 'snipNotApi', params: { meter: facts.mainsMeter ?? 'Disabled' } });
    snippets.push({
      id: 'mosquitto',
      kind: 'mosquitto',
      language: 'sh',
      text: `${lines.join('\n')}\n`,
      notes,
    });
  }

  const label = facts.name;
  const id = slug(label);
  if (m && m.host && (facts.discoveryEntities ?? 0) > 0) {
    snippets.push({
      id: 'home-assistant',
      kind: 'home-assistant',
      language: 'text',
      text: `MQTT discovery: ${facts.discoveryEntities} entities under the device ${m.prefix}\n`,
      notes: [
        {
          key: 'snipHaDiscovery',
          params: { count: facts.discoveryEntities ?? 0, broker: `${m.host}:${m.port}` },
        },
      ],
    });
  } else if (m && m.host) {
    const P = m.prefix;
    const yaml = [
      'mqtt:',
      '  sensor:',
      `    - name: "${label} state"`,
      `      unique_id: ${id}_state`,
      `      state_topic: "${P}/State"`,
      `      availability_topic: "${P}/connected"`,
      `    - name: "${label} charge current"`,
      `      unique_id: ${id}_charge_current`,
      `      state_topic: "${P}/ChargeCurrent"`,
      '      unit_of_measurement: A',
      '      device_class: current',
      '      value_template: "{{ value | int / 10 }}"',
      '  select:',
      `    - name: "${label} mode"`,
      `      unique_id: ${id}_mode`,
      `      state_topic: "${P}/Mode"`,
      `      command_topic: "${P}/Set/Mode"`,
      '      options: ["Off", "Normal", "Smart", "Solar", "Pause"]',
    ];
    snippets.push({
      id: 'home-assistant',
      kind: 'home-assistant',
      language: 'yaml',
      text: `${yaml.join('\n')}\n`,
      notes: [{ key: facts.discoveryEntities === undefined ? 'snipHaUnknown' : 'snipHaNoDiscovery' }],
    });
  } else {
    const yaml = [
      'rest:',
      `  - resource: "${base}/settings"`,
      '    scan_interval: 10',
      '    sensor:',
      `      - name: "${label} state"`,
      `        unique_id: ${id}_state`,
      '        value_template: "{{ value_json.evse.state }}"',
      `      - name: "${label} charge current"`,
      `        unique_id: ${id}_charge_current`,
      '        value_template: "{{ value_json.settings.charge_current | int / 10 }}"',
      '        unit_of_measurement: A',
      '        device_class: current',
    ];
    snippets.push({
      id: 'home-assistant',
      kind: 'home-assistant',
      language: 'yaml',
      text: `${yaml.join('\n')}\n`,
      notes: [{ key: 'snipHaRest' }],
    });
  }

  const evcc = [
    'chargers:',
    `  - name: ${id}`,
    '    type: template',
    '    template: smart-evse',
    `    host: ${where}`,
    '    chargeMode: normal # or smart: the mode evcc puts the charger in',
  ];
  const evccNotes: Snippet['notes'] = [];
  const numbers = firmwareNumbers(facts.version);
  const needed = evccMinimumVersion.join('.');
  if (!numbers) evccNotes.push({ key: 'snipEvccUnknown', params: { version: facts.version ?? '?', needed } });
  else if (!atLeast(numbers, evccMinimumVersion))
    evccNotes.push({ key: 'snipEvccTooOld', params: { version: facts.version ?? '', needed } });
  else evccNotes.push({ key: 'snipEvccOk', params: { version: facts.version ?? '', needed } });
  if (port !== 80) evccNotes.push({ key: 'snipEvccPort', params: { port } });
  snippets.push({
    id: 'evcc',
    kind: 'evcc',
    language: 'yaml',
    text: `${evcc.join('\n')}\n`,
    notes: evccNotes,
  });
  return snippets;
}
