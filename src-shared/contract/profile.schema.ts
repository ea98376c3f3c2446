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
  profileColourNames,
  profileSettingFields,
  settableFields,
  settingFieldsSchema,
  type ProfileSettingField,
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
    /** The password is only present when the user typed it for this profile. */
    mqtt: mqttWriteSchema,
  })
  .partial()
  .strict();
export type ProfileValues = z.infer<typeof profileValuesSchema>;

/** The settings a profile can hold, in the order they are shown and sent. */
export const profileFields = [
  ...profileSettingFields,
  'colours.off',
  'colours.normal',
  'colours.smart',
  'colours.solar',
  'mqtt',
] as const;
export type ProfileField = (typeof profileFields)[number];

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

/** What a charger holds now, in profile terms (for "create from a charger", compare and restore). */
export function profileValuesOf(snapshot: ChargerSnapshot, json?: ChargerSettingsJson): ProfileValues {
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
      topicPrefix: mqtt.topic_prefix ?? '',
      username: mqtt.username ?? '',
      tls: mqtt.tls ?? false,
    };
  }
  return values;
}

/** The value of one profile field in a value set (undefined when the set does not hold it). */
export function fieldValue(values: ProfileValues, field: ProfileField): unknown {
  if (field.startsWith('colours.'))
    return values.colours?.[field.slice(8) as keyof NonNullable<ProfileValues['colours']>];
  return values[field as Exclude<ProfileField, `colours.${string}`>];
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether a field already holds what the profile wants (a typed MQTT password is always sent). */
export function fieldMatches(field: ProfileField, wanted: unknown, held: unknown): boolean {
  if (field === 'mqtt' && wanted && typeof wanted === 'object') {
    const { password, ...rest } = wanted as Record<string, unknown>;
    return password === undefined && sameValue(rest, held);
  }
  return sameValue(wanted, held);
}

/** Shows a field's value the way a user reads it (units and "off" from the field table). */
export function formatFieldValue(field: ProfileField, value: unknown): string {
  if (value === undefined) return '—';
  if (field.startsWith('colours.')) {
    const c = value as Rgb;
    return `#${[c.r, c.g, c.b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  }
  if (field === 'mqtt') {
    const m = value as { username?: string; host?: string; port?: number; password?: string };
    return `${m.username ?? ''}${m.username ? '@' : ''}${m.host ?? ''}:${m.port ?? ''}${m.password ? ' (with password)' : ''}`;
  }
  return formatValue(settableFields[field as ProfileSettingField], value);
}

/** One field of one charger in a preview or an apply. */
/** A message for people: English words, and the catalogue key and parameters that phrase it. */
const messageWords = {
  message: z.string().optional(),
  key: z.string().max(64).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
};

export const applyFieldSchema = z.object({
  field: z.string(),
  from: z.string(),
  to: z.string(),
  status: z.enum([
    'unchanged',
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
