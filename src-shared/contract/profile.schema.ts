/**
 * Profiles: a named, versioned set of REST-settable values an installer applies to many chargers,
 * and what applying one did to each charger. The same value set describes what a backup restores.
 * Keys are those of `SettingsWrite` (currents in the firmware's units), plus LED colours and MQTT.
 */
import { z } from 'zod';
import type { ChargerSettingsJson, ChargerSnapshot } from './charger-settings.schema';
import { modeIds } from './charger-settings.schema';
import { mqttWriteSchema } from './charger-commands.schema';
import {
  formatValue,
  fromReported,
  mqttFields,
  readOnlyFields,
  valueAt,
  profileColourNames,
  profileSettingFields,
  settableFields,
  settingFieldsSchema,
  type FieldCodec,
  type ProfileSettingField,
  type ReadOnlyFieldName,
} from './setting-fields';

const channel = z.number().int().min(0).max(255);
export const rgbSchema = z.object({ r: channel, g: channel, b: channel }).strict();
export type Rgb = z.infer<typeof rgbSchema>;
export const profileValuesSchema = settingFieldsSchema
  .pick(
    Object.fromEntries(profileSettingFields.map((field) => [field, true])) as Record<
      ProfileSettingField,
      true
    >,
  )
  .extend({
    colours: z
      .object({ off: rgbSchema, normal: rgbSchema, smart: rgbSchema, solar: rgbSchema })
      .partial()
      .strict(),
    /**
     * Only the sub-fields the profile sets (the charger keeps the others). The password is only
     * present when the user typed it for this profile; the topic prefix only when they added it.
     */
    mqtt: mqttWriteSchema,
  })
  .partial()
  .strict();
export type ProfileValues = z.infer<typeof profileValuesSchema>;

export type MqttSubField = keyof typeof mqttFields;
export const mqttSubFields = Object.keys(mqttFields) as MqttSubField[];

/** The settings a profile can hold, in the order they are shown and sent. */
export const profileFields = [
  ...profileSettingFields,
  'colours.off',
  'colours.normal',
  'colours.smart',
  'colours.solar',
  ...mqttSubFields.map((name) => `mqtt.${name}` as const),
] as const;
export type ProfileField = (typeof profileFields)[number];
export type MqttProfileField = `mqtt.${MqttSubField}`;
export const isMqttField = (field: string): field is MqttProfileField => field.startsWith('mqtt.');

/** The field-table row behind a profile field (colours have none). */
function profileFieldRow(
  field: ProfileField,
): { codec: FieldCodec; identifiesCharger?: boolean; secret?: boolean } | undefined {
  if (isMqttField(field)) return mqttFields[field.slice(5) as MqttSubField];
  if (field.startsWith('colours.')) return undefined;
  return settableFields[field as ProfileSettingField];
}

/** Whether a profile field identifies one charger (the field table's flag): never spread by default. */
export const identifiesCharger = (field: ProfileField): boolean =>
  profileFieldRow(field)?.identifiesCharger === true;

/** The profile fields that identify one charger, in table order. */
export const identityFields = profileFields.filter(identifiesCharger);

/** A value set without the fields that identify one charger. */
export function withoutIdentity(values: ProfileValues): ProfileValues {
  const out = structuredClone(values);
  for (const field of identityFields) {
    if (!isMqttField(field)) continue;
    if (out.mqtt) delete out.mqtt[field.slice(5) as MqttSubField];
    if (out.mqtt && Object.keys(out.mqtt).length === 0) delete out.mqtt;
  }
  return out;
}

const profileName = z.string().trim().min(1, 'give the profile a name').max(80);

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    name: profileName,
    /** Goes up by one on every save. */
    version: z.number().int().min(1),
    updatedMs: z.number(),
    notes: z.string().max(2000).optional(),
    values: profileValuesSchema,
  })
  .strict();
export type Profile = z.infer<typeof profileSchema>;

export const profileInputSchema = z
  .object({
    id: profileSchema.shape.id.optional(),
    name: profileName,
    notes: z.string().max(2000).optional(),
    values: profileValuesSchema,
  })
  .strict();
export type ProfileInput = z.infer<typeof profileInputSchema>;

/** The exported file: what `importProfile` accepts. */
export const profileFileKind = 'smartevse-studio-profile';
export const profileFileSchema = z
  .object({
    kind: z.literal(profileFileKind),
    schemaVersion: z.literal(1),
    name: profileName,
    version: z.number().int().min(1).optional(),
    notes: z.string().max(2000).optional(),
    values: profileValuesSchema,
  })
  .strict();

/**
 * What a charger holds now, in profile terms (for "create from a charger", compare and restore).
 * The fields that identify one charger (its MQTT topic prefix) are left out unless `identity` asks
 * for them: a profile made from one charger must not put the next one on the same topics.
 */
export function profileValuesOf(
  snapshot: ChargerSnapshot,
  json?: ChargerSettingsJson,
  options: { identity?: boolean } = {},
): ProfileValues {
  const values: ProfileValues = {};
  const mode = Object.entries(modeIds).find(([, id]) => id === snapshot.modeId)?.[0];
  if (mode) values.mode = mode as ProfileValues['mode'];
  for (const field of profileSettingFields) {
    const row = settableFields[field];
    if (!('snapshotKey' in row)) continue;
    const value = fromReported(row.codec, snapshot[row.snapshotKey]);
    if (value !== undefined) Object.assign(values, { [field]: value });
  }
  const colours: NonNullable<ProfileValues['colours']> = {};
  for (const name of profileColourNames) {
    const c = snapshot.colours?.[name];
    if (c) colours[name] = { r: c.r, g: c.g, b: c.b };
  }
  if (Object.keys(colours).length > 0) values.colours = colours;
  const mqtt = json?.mqtt;
  if (mqtt && mqtt.host !== undefined) {
    values.mqtt = {
      host: mqtt.host,
      port: mqtt.port ?? 1883,
      username: mqtt.username ?? '',
      tls: mqtt.tls ?? false,
    };
    if (mqtt.topic_prefix !== undefined) values.mqtt.topicPrefix = mqtt.topic_prefix;
  }
  return options.identity ? values : withoutIdentity(values);
}

/** The value of one profile field in a value set (undefined when the set does not hold it). */
export function fieldValue(values: ProfileValues, field: ProfileField): unknown {
  if (field.startsWith('colours.'))
    return values.colours?.[field.slice(8) as keyof NonNullable<ProfileValues['colours']>];
  if (isMqttField(field)) return values.mqtt?.[field.slice(5) as MqttSubField];
  return values[field as ProfileSettingField];
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether a field already holds what the profile wants (a typed MQTT password is always sent). */
export function fieldMatches(field: ProfileField, wanted: unknown, held: unknown): boolean {
  if (field === 'mqtt.password') return false;
  // Port 0 means the default port to the firmware.
  if (field === 'mqtt.port' && wanted === 0) return held === 1883;
  return sameValue(wanted, held);
}

/** Shows a field's value the way a user reads it (units and "off" from the field table). */
export function formatFieldValue(field: ProfileField, value: unknown): string {
  if (value === undefined) return '—';
  if (field.startsWith('colours.')) {
    const c = value as Rgb;
    return `#${[c.r, c.g, c.b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  }
  // A mode as a word, not the firmware's constant ("Smart", not "SMART").
  if (field === 'mode' && typeof value === 'string') return value.charAt(0) + value.slice(1).toLowerCase();
  if (isMqttField(field)) {
    // A password is never shown, not even to the user who typed it.
    if (field === 'mqtt.password') return value === '' ? 'none' : 'a new password';
    if (field === 'mqtt.host' && value === '') return 'none (MQTT off)';
    if (field === 'mqtt.port' && value === 0) return '1883 (default)';
    if (value === '') return 'none';
    return formatValue(mqttFields[field.slice(5) as MqttSubField], value);
  }
  return formatValue(settableFields[field as ProfileSettingField], value);
}

/**
 * The installer settings Studio reads but only the charger's menu changes (MaxCurrent, MaxMains,
 * MaxCircuit, meters, role, lock, …), in table order; secrets are never among them.
 */
export const installerFields = (Object.keys(readOnlyFields) as ReadOnlyFieldName[]).filter(
  (name) => !('secret' in readOnlyFields[name]),
);

/** One installer setting as a person reads it ("32 A", "Node 1", "—" when not reported). */
export function installerValueWords(
  field: ReadOnlyFieldName,
  snapshot: ChargerSnapshot,
  json?: ChargerSettingsJson,
): string {
  const row = readOnlyFields[field];
  const value =
    'snapshotKey' in row && snapshot[row.snapshotKey] !== undefined
      ? snapshot[row.snapshotKey]
      : json
        ? valueAt(json, row.settingsKey)
        : undefined;
  return value === '' ? 'none' : formatValue(row, value);
}

/**
 * Every setting a charger reports, as a person reads it, keyed by field: the profile fields (its
 * identity included) and the installer settings. What compare shows and the recorder tracks.
 */
export function settingsWords(snapshot: ChargerSnapshot, json?: ChargerSettingsJson): Record<string, string> {
  const values = profileValuesOf(snapshot, json, { identity: true });
  const shown: Record<string, string> = {};
  for (const field of profileFields) {
    const value = fieldValue(values, field);
    if (value !== undefined) shown[field] = formatFieldValue(field, value);
  }
  for (const field of installerFields) shown[field] = installerValueWords(field, snapshot, json);
  return shown;
}

/** A message for people: English words, and the catalogue key and parameters that phrase it. */
export const messageWords = {
  message: z.string().optional(),
  key: z.string().max(64).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
};

/** One field of one charger in a preview or an apply. */
export const applyFieldSchema = z.object({
  field: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum([
    'unchanged',
    /** Left as this charger's own: a value that identifies another charger (a backup's prefix). */
    'kept',
    'will-change',
    'will-refuse',
    'applied',
    'refused',
    'unconfirmed',
    'not-sent',
  ]),
  ...messageWords,
});
export type ApplyField = z.infer<typeof applyFieldSchema>;

export const applyTargetStatuses = [
  'waiting',
  'working',
  'applied',
  'unchanged',
  'partial',
  'refused',
  'offline',
  'cancelled',
] as const;

export const applyTargetSchema = z.object({
  chargerId: z.string(),
  name: z.string(),
  firmware: z.string().optional(),
  status: z.enum(applyTargetStatuses),
  fields: z.array(applyFieldSchema),
  ...messageWords,
  /** HTTP requests sent to this charger by this job. */
  requests: z.number().int(),
});
export type ApplyTarget = z.infer<typeof applyTargetSchema>;

export const applyJobSchema = z.object({
  id: z.string(),
  label: z.string(),
  state: z.enum(['running', 'done', 'cancelled']),
  startedMs: z.number(),
  finishedMs: z.number().optional(),
  concurrency: z.number().int(),
  targets: z.array(applyTargetSchema),
});
export type ApplyJob = z.infer<typeof applyJobSchema>;

/**
 * Whether trying a charger again can change its outcome: it did not answer, a write may not have
 * arrived, or the job stopped before reaching it. A value the charger refuses by design (a node's
 * master-only setting, Smart without a mains meter, a current out of its range) is refused again.
 */
export function retryCanHelp(target: ApplyTarget): boolean {
  if (target.status === 'offline' || target.status === 'cancelled') return true;
  return target.fields.some((f) => f.status === 'unconfirmed' || f.status === 'not-sent');
}

/** Which chargers an operation is for: every listed one, or the given ids. */
export const targetsSchema = z.union([
  z.literal('all'),
  z.array(z.string().min(1).max(200)).min(1).max(1000),
]);
export type Targets = z.infer<typeof targetsSchema>;

/** Either a stored profile or an explicit value set (a restore, or an unsaved profile). */
export const valuesSourceSchema = z.union([
  z.object({ profileId: profileSchema.shape.id }).strict(),
  z.object({ values: profileValuesSchema, label: z.string().max(120) }).strict(),
  /** A charger document of a backup in the backups folder. */
  z
    .object({
      backup: z.object({ id: z.string().min(1).max(200), file: z.string().min(1).max(200) }).strict(),
    })
    .strict(),
]);
export type ValuesSource = z.infer<typeof valuesSourceSchema>;
