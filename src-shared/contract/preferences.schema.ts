/**
 * The user's preferences: the interface language, the installer's company (name and logo for
 * commissioning reports) and how long the flight recorder keeps samples. Stored by main in `preferences.json`, versioned.
 */
import { z } from 'zod';
import { recorderDaysRange } from './recorder.schema';

export const languages = ['system', 'en', 'nl'] as const;
export type LanguageChoice = (typeof languages)[number];

/** A logo as a data URL (PNG, JPEG or SVG), at most about 256 kB. */
const logoDataUrl = z
  .string()
  .max(350_000, 'the logo must be at most 256 kB')
  .regex(
    /^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/,
    'the logo must be a PNG, JPEG or SVG image',
  );

export const companySchema = z
  .object({
    name: z.string().trim().max(120),
    logoDataUrl: logoDataUrl.optional(),
  })
  .strict();

/**
 * Which master a power-share node answers to, by serial (node → master), where the list holds
 * several masters: `/settings` does not say, so the user tells Studio once.
 */
export const powerShareMastersSchema = z
  .record(z.string().regex(/^\d{1,10}$/), z.number().int())
  .refine((record) => Object.keys(record).length <= 1000, 'at most 1000 nodes');

/** How many days of samples the flight recorder keeps. */
const recorderDays = z
  .number()
  .int('the history must be a whole number of days')
  .min(recorderDaysRange.min, `keep history at least ${recorderDaysRange.min} day`)
  .max(recorderDaysRange.max, `keep history at most ${recorderDaysRange.max} days`);

export const preferencesSchema = z
  .object({
    language: z.enum(languages),
    company: companySchema,
    /** Absent in files written before Studio kept it. */
    powerShareMasters: powerShareMastersSchema.default({}),
    /** Absent in files written before the recorder existed. */
    recorderDays: recorderDays.default(recorderDaysRange.default),
  })
  .strict();
export type Preferences = z.infer<typeof preferencesSchema>;

export const preferencesPatchSchema = z
  .object({
    language: z.enum(languages).optional(),
    company: companySchema.optional(),
    powerShareMasters: powerShareMastersSchema.optional(),
    recorderDays: recorderDays.optional(),
  })
  .strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

export const defaultPreferences = (): Preferences => ({
  language: 'system',
  company: { name: '' },
  powerShareMasters: {},
  recorderDays: recorderDaysRange.default,
});
