/**
 * What Studio may write to a charger, with the firmware's ranges (§3.2 of the behaviour document).
 * The settable values and their ranges come from the field table (`setting-fields.ts`); what
 * depends on the charger's present state is checked by `write-rules.ts` before anything is sent.
 */
import { z } from 'zod';
import { colourNames, settingFieldsSchema } from './setting-fields';

/** A write: any of the settable values, with the firmware's rules for how they go together. */
export const settingsWriteSchema = settingFieldsSchema
  .partial()
  .strict()
  .refine((w) => Object.keys(w).length > 0, 'give at least one setting')
  // The firmware arms a start with any mode; charging then begins in Normal, Smart or Solar.
  .refine(
    (w) => w.startTime === undefined || w.mode === 'NORMAL' || w.mode === 'SMART' || w.mode === 'SOLAR',
    {
      message: 'a delayed start needs mode NORMAL, SMART or SOLAR',
      path: ['startTime'],
    },
  )
  .refine((w) => w.cancelSchedule === undefined || (w.mode !== undefined && w.startTime === undefined), {
    message: 'cancelling a schedule goes with a mode and without a start time',
    path: ['cancelSchedule'],
  })
  .refine((w) => w.stopTime === undefined || w.startTime !== undefined, {
    message: 'a delayed stop needs a start time',
    path: ['stopTime'],
  })
  .refine((w) => w.repeatDaily === undefined || w.stopTime !== undefined, {
    message: 'daily repeat needs a stop time',
    path: ['repeatDaily'],
  });
export type SettingsWrite = z.infer<typeof settingsWriteSchema>;

/** MQTT broker settings; the password is only sent when the user typed one. */
/**
 * MQTT broker settings as `mqtt_update=1` takes them: each sub-field that is present is sent, the
 * charger keeps the rest (`mqtt.md` §1.1), so a profile can set the broker and leave the prefix alone.
 */
export const mqttWriteSchema = z
  .object({
    host: z.string().max(128),
    port: z.number().int().min(0).max(65535),
    topicPrefix: z.string().max(128),
    username: z.string().max(64),
    password: z.string().max(64),
    tls: z.boolean(),
  })
  .partial()
  .strict();
export type MqttWrite = z.infer<typeof mqttWriteSchema>;

const channel = z.number().int().min(0).max(255);
export const colourWriteSchema = z
  .object({ which: z.enum(colourNames), r: channel, g: channel, b: channel })
  .strict();
export type ColourWrite = z.infer<typeof colourWriteSchema>;

/** Mains currents for a charger whose mains meter is API (signed dA, + import), all three together. */
const signedDa = z.number().int().min(-32768).max(32767);
export const currentsFeedSchema = z
  .object({ l1Da: signedDa, l2Da: signedDa, l3Da: signedDa, batteryDa: signedDa.optional() })
  .strict();
export type CurrentsFeed = z.infer<typeof currentsFeedSchema>;

export const evMeterFeedSchema = z
  .object({
    l1Da: signedDa,
    l2Da: signedDa,
    l3Da: signedDa,
    importWh: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    exportWh: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    powerW: z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 31 - 1)
      .optional(),
  })
  .strict()
  .refine(
    (f) =>
      [f.importWh, f.exportWh, f.powerW].every((v) => v === undefined) ||
      [f.importWh, f.exportWh, f.powerW].every((v) => v !== undefined),
    {
      message: 'energy import, export and power go together',
      path: ['importWh'],
    },
  );
export type EvMeterFeed = z.infer<typeof evMeterFeedSchema>;

/** The outcome of one setting in a write, read back from the charger. */
export const fieldResultSchema = z.object({
  field: z.string(),
  status: z.enum(['applied', 'refused', 'unconfirmed']),
  /** English words; `key` and `params` phrase it from the catalogue in the user's language. */
  message: z.string().optional(),
  key: z.string().max(64).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldResult = z.infer<typeof fieldResultSchema>;

/** One poll of a charger, as the live graph and dashboard use it. Missing values are absent. */
export const chargerSampleSchema = z.object({
  /** When Studio read it (this computer's clock). */
  tMs: z.number(),
  /** The charger's own clock at that read, where it reports one (see `charger-clock.ts`). */
  chargerMs: z.number().optional(),
  mainsDa: z.tuple([z.number(), z.number(), z.number()]).optional(),
  mainsTotalDa: z.number().optional(),
  evDa: z.tuple([z.number(), z.number(), z.number()]).optional(),
  chargeCurrentDa: z.number().optional(),
  overrideCurrentDa: z.number().optional(),
  pwm: z.number().optional(),
  stateId: z.number().optional(),
  modeId: z.number().optional(),
  solarStopTimerS: z.number().optional(),
  powerW: z.number().optional(),
  energyWh: z.number().optional(),
});
export type ChargerSample = z.infer<typeof chargerSampleSchema>;
