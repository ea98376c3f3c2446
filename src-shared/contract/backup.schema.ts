/**
 * Backups: one JSON document per charger (its whole `/settings`, secrets left out) plus a manifest,
 * in a dated folder. A restore sends the REST-settable part, with the same preview as a profile.
 */
import { z } from 'zod';

export const backupFileKind = 'smartevse-studio-backup';
export const backupManifestKind = 'smartevse-studio-backup-manifest';

/** What a backup never holds; the charger does not report them, and Studio would not store them. */
export const secretsNotIncluded = ['mqtt.password', 'ocpp.auth_key', 'wifi password'] as const;

export const backupChargerFileSchema = z.object({
  kind: z.literal(backupFileKind),
  schemaVersion: z.literal(1),
  chargerId: z.string(),
  name: z.string(),
  serial: z.number().int().optional(),
  firmware: z.string().optional(),
  address: z.string(),
  takenMs: z.number(),
  secretsIncluded: z.literal(false),
  notIncluded: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
});
export type BackupChargerFile = z.infer<typeof backupChargerFileSchema>;

export const backupManifestSchema = z.object({
  kind: z.literal(backupManifestKind),
  schemaVersion: z.literal(1),
  createdMs: z.number(),
  studioVersion: z.string(),
  secretsIncluded: z.literal(false),
  notIncluded: z.array(z.string()),
  chargers: z.array(
    z.object({
      chargerId: z.string(),
      name: z.string(),
      serial: z.number().int().optional(),
      firmware: z.string().optional(),
      file: z.string(),
    }),
  ),
  failed: z.array(
    z.object({
      chargerId: z.string(),
      name: z.string(),
      message: z.string(),
      /** The catalogue's key and parameters for `message` (older manifests have none). */
      key: z.string().max(64).optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const backupSummarySchema = z.object({
  /** The folder's name under the backups folder (also its id). */
  id: z.string(),
  dir: z.string(),
  manifest: backupManifestSchema,
});
export type BackupSummary = z.infer<typeof backupSummarySchema>;
