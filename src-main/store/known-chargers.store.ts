/** The remembered charger list (`chargers.json` in the user-data folder), versioned and written atomically. */
import path from 'node:path';
import { z } from 'zod';
import { chargerAddressSchema, chargerOrigins, pwmOverrideSchema } from '$shared/contract';
import { loadVersionedJson, writeFileAtomic, type LoadResult } from './atomic-file';

export const knownChargerSchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.enum(chargerOrigins),
  address: chargerAddressSchema,
  serial: z.number().optional(),
  lastSeenMs: z.number().optional(),
  /** A fixed pilot duty Studio set: the charger does not report it, and it must not be forgotten. */
  pwmOverride: pwmOverrideSchema.optional(),
});
export type KnownCharger = z.infer<typeof knownChargerSchema>;

const documentSchema = z.object({
  schemaVersion: z.literal(1),
  chargers: z.array(knownChargerSchema),
});

export class KnownChargersStore {
  readonly file: string;

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'chargers.json');
  }

  load(): Promise<LoadResult<KnownCharger[]>> {
    return loadVersionedJson(this.file, documentSchema, () => ({
      schemaVersion: 1 as const,
      chargers: [],
    })).then((result) => ({ ...result, value: result.value.chargers }));
  }

  save(chargers: KnownCharger[]): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, chargers }, null, 2)}\n`);
  }
}
