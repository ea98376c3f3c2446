/** Day profiles shipped in `assets/profiles/`, validated when loaded. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DayProfile } from './world';

const hourly = z.array(z.number().min(0).max(1000)).length(24);
export const dayProfileSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  pvFraction: z.array(z.number().min(0).max(1)).length(24),
  houseLoadA: z.array(hourly).length(3),
});

export function loadProfiles(dir: string): Map<string, DayProfile & { description: string }> {
  const profiles = new Map<string, DayProfile & { description: string }>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const parsed = dayProfileSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success)
      throw new Error(`Day profile ${file} is invalid: ${parsed.error.issues[0]?.message}`);
    profiles.set(parsed.data.name, parsed.data);
  }
  return profiles;
}
