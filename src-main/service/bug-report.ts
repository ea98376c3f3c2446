/**
 * A bug report for the firmware's issue tracker, made on this computer and sent nowhere: the
 * charger's `/settings` with secrets, Wi-Fi names, hosts and backend URLs hidden, the firmware
 * line and version, the configuration doctor's findings, the recent samples (as state changes in
 * the Markdown, all of them in the attached JSON), the settings changes the flight recorder saw and
 * Studio's version. English, as the trackers are.
 */
import {
  isMqttField,
  mqttFields,
  readOnlyFields,
  settableFields,
  type ChargerSample,
  type DoctorFinding,
  type MqttSubField,
  type SettingChange,
} from '$shared/contract';
import { isMessageKey, translate } from '$shared/i18n/messages';
import { fieldLabelIn } from '$shared/i18n/field-labels';
import { modeKeys, stateKeys } from '$shared/i18n/firmware-keys';
import type { SettingsRead } from '../charger/charger-http';
import { redactForReport } from '../security/secrets';

export interface BugReportInput {
  read: SettingsRead;
  findings: DoctorFinding[];
  samples: ChargerSample[];
  /** Settings changes the recorder saw (absent without the recorder). */
  settingChanges?: SettingChange[];
  hours: number;
  studioVersion: string;
  nowMs: number;
}

export interface BugReport {
  markdown: string;
  /** The attachment: the same facts as JSON, every sample included. */
  json: string;
  /** Paths of the `/settings` document that were hidden. */
  hidden: string[];
}

const words = (key: string | undefined, fallback: string) =>
  key !== undefined && isMessageKey(key) ? translate('en', key) : fallback;
const stateText = (id: number | undefined) => (id === undefined ? '?' : words(stateKeys[id], `state ${id}`));
const modeText = (id: number | undefined) => (id === undefined ? '?' : words(modeKeys[id], `mode ${id}`));
const amps = (da: number | undefined) => (da === undefined ? '—' : (da / 10).toFixed(1));

/** One line per change of state or mode, the way a maintainer reads a log. */
function changes(samples: ChargerSample[]): string[] {
  const rows: string[] = [];
  let last = '';
  for (const sample of samples) {
    const key = `${sample.stateId}/${sample.modeId}`;
    if (key === last) continue;
    last = key;
    const mains = sample.mainsDa ? sample.mainsDa.map(amps).join(' / ') : '—';
    rows.push(
      `| ${new Date(sample.tMs).toISOString().slice(0, 19)}Z | ${stateText(sample.stateId)} | ${modeText(sample.modeId)} | ${amps(sample.chargeCurrentDa)} | ${mains} |`,
    );
  }
  return rows;
}

/**
 * Text settings (MQTT host, user name and prefix, OCPP charge-box id) name a place or a person:
 * a report says that they changed, not to what.
 */
function hiddenInReport(field: string): boolean {
  const row = isMqttField(field)
    ? mqttFields[field.slice(5) as MqttSubField]
    : ((settableFields as Record<string, { codec: string }>)[field] ??
      (readOnlyFields as Record<string, { codec: string }>)[field]);
  return row?.codec === 'text';
}

/** Settings changes as a person and a maintainer read them, identifying values hidden. */
function reportChanges(changes: SettingChange[]): SettingChange[] {
  return changes.map((c) =>
    hiddenInReport(c.field)
      ? { ...c, ...(c.before !== undefined ? { before: '(hidden)' } : {}), after: '(hidden)' }
      : c,
  );
}

export function bugReport(input: BugReportInput): BugReport {
  const { read, findings, samples } = input;
  const s = read.snapshot;
  const { json: settings, hidden } = redactForReport(read.json);
  const since = input.nowMs - input.hours * 3_600_000;
  const recent = samples.filter((sample) => sample.tMs >= since);
  const found = findings.length
    ? findings.map(
        (f) => `- ${isMessageKey(f.key) ? translate('en', f.key, f.params) : f.key} (${f.because})`,
      )
    : ['- Nothing found.'];
  const table = changes(recent);
  // The first value the recorder saw of each setting is not a change.
  const settingChanges = reportChanges(
    (input.settingChanges ?? []).filter((c) => c.tMs >= since && c.before !== undefined),
  );
  const markdown = [
    '## Describe the bug',
    '',
    '_What happened, and what you expected instead._',
    '',
    '## To reproduce',
    '',
    '_The steps, and the settings you changed before it happened._',
    '',
    '## Charger',
    '',
    `- Firmware: ${s.version ?? 'unknown'} (${s.flavour} line)`,
    `- Mode: ${s.mode ?? '?'}; state: ${s.state ?? '?'}; error: ${s.error ?? '?'}`,
    `- Power share: ${s.loadBl === undefined ? '?' : s.loadBl === 0 ? 'Disabled' : s.loadBl === 1 ? 'Master' : `Node ${s.loadBl - 1}`}`,
    `- Mains meter: ${s.mainsMeter ?? '?'}; EV meter: ${s.evMeter ?? '?'}`,
    '',
    '## Configuration check (SmartEVSE Studio)',
    '',
    ...found,
    '',
    `## The last ${input.hours} h (${recent.length} readings; changes of state or mode)`,
    '',
    ...(table.length
      ? [
          '| Time (UTC) | State | Mode | Charge current (A) | Mains L1 / L2 / L3 (A) |',
          '| --- | --- | --- | --- | --- |',
          ...table,
        ]
      : ['No readings in this period.']),
    '',
    `## Settings changes in the last ${input.hours} h`,
    '',
    ...(input.settingChanges === undefined
      ? ['Not recorded (history is off).']
      : settingChanges.length
        ? [
            '| Time (UTC) | Setting | Before | After |',
            '| --- | --- | --- | --- |',
            ...settingChanges.map(
              (c) =>
                `| ${new Date(c.tMs).toISOString().slice(0, 19)}Z | ${fieldLabelIn('en', c.field)} | ${c.before} | ${c.after} |`,
            ),
          ]
        : ['None.']),
    '',
    '## Settings',
    '',
    `The charger's \`/settings\` is in the attached JSON${hidden.length ? `, with these hidden: ${hidden.join(', ')}` : ''}.`,
    '',
    `_Made with SmartEVSE Studio ${input.studioVersion} on ${new Date(input.nowMs).toISOString().slice(0, 10)}._`,
    '',
  ].join('\n');
  const json = JSON.stringify(
    {
      studioVersion: input.studioVersion,
      madeAt: new Date(input.nowMs).toISOString(),
      charger: { flavour: s.flavour, version: s.version },
      settings,
      hidden,
      findings,
      settingChanges,
      samples: recent,
    },
    null,
    2,
  );
  return { markdown, json: `${json}\n`, hidden };
}
