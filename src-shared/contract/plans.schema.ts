/**
 * Studio's own weekly plans: a mode set on a charger at a local time on chosen weekdays, applied by
 * Studio while it runs (beyond the firmware's single delayed start).
 */
import { z } from 'zod';
import { modeNames } from './setting-fields';
import { fieldResultSchema } from './charger-commands.schema';

export const weeklyPlanInputSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    chargerId: z.string().min(1).max(200),
    /** Weekdays, 0 = Sunday … 6 = Saturday (local time). */
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    /** Local time of day, HH:MM. */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 23:00'),
    mode: z.enum(modeNames),
    enabled: z.boolean(),
  })
  .strict();
export type WeeklyPlanInput = z.infer<typeof weeklyPlanInputSchema>;

export const weeklyPlanSchema = weeklyPlanInputSchema.extend({
  id: z.string().min(1).max(64),
  lastRunMs: z.number().optional(),
  lastFields: z.array(fieldResultSchema).optional(),
  lastError: z.string().optional(),
});
export type WeeklyPlan = z.infer<typeof weeklyPlanSchema>;

export const weeklyPlanViewSchema = weeklyPlanSchema.extend({ nextRunMs: z.number().optional() });
export type WeeklyPlanView = z.infer<typeof weeklyPlanViewSchema>;

/** The first time after `fromMs` at which the plan runs, in the local time of this computer. */
export function nextRun(
  plan: Pick<WeeklyPlan, 'days' | 'time' | 'enabled'>,
  fromMs: number,
): number | undefined {
  if (!plan.enabled) return undefined;
  const [hour, minute] = plan.time.split(':').map(Number) as [number, number];
  const from = new Date(fromMs);
  for (let offset = 0; offset <= 7; offset += 1) {
    const candidate = new Date(
      from.getFullYear(),
      from.getMonth(),
      from.getDate() + offset,
      hour,
      minute,
      0,
      0,
    );
    if (plan.days.includes(candidate.getDay()) && candidate.getTime() > fromMs) return candidate.getTime();
  }
  return undefined;
}
