/**
 * Backups on disk: a dated folder with one document per charger and a manifest, every file written
 * atomically. Secrets are removed before anything is written; a restore reads a charger's document
 * back into the profile value set it can send.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  StudioError,
  backupChargerFileSchema,
  backupFileKind,
  backupManifestKind,
  backupManifestSchema,
  chargerSettingsJsonSchema,
  normaliseSettings,
  profileValuesOf,
  secretsNotIncluded,
  toStudioError,
  type BackupChargerFile,
  type BackupManifest,
  type BackupSummary,
  type ProfileValues,
} from '$shared/contract';
import type { SettingsRead } from '../charger/charger-http';
import { mapBounded } from './map-bounded';
import { errorWords } from '$shared/i18n/error-words';
import { exists, writeFileAtomic } from '../store/atomic-file';
import { redactSecrets } from '../security/secrets';

export interface BackupSource {
  chargerId: string;
  name: string;
  serial?: number;
  address: string;
  read: () => Promise<SettingsRead>;
}

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
const safeName = (text: string) => text.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'charger';

export class BackupStore {
  readonly dir: string;

  constructor(
    userDataDir: string,
    private readonly studioVersion: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = path.join(userDataDir, 'backups');
  }

  /** Backs up each source (at most `concurrency` at once) into a new dated folder under `outDir`. */
  async backup(sources: BackupSource[], outDir = this.dir, concurrency = 4): Promise<BackupSummary> {
    const createdMs = this.now();
    let folder = path.join(outDir, stamp(createdMs));
    for (let n = 2; await exists(folder); n += 1) folder = path.join(outDir, `${stamp(createdMs)}-${n}`);
    await fs.mkdir(folder, { recursive: true });
    const manifest: BackupManifest = {
      kind: backupManifestKind,
      schemaVersion: 1,
      createdMs,
      studioVersion: this.studioVersion,
      secretsIncluded: false,
      notIncluded: [...secretsNotIncluded],
      chargers: [],
      failed: [],
    };
    await mapBounded(sources, concurrency, async (source) => {
      try {
        const read = await source.read();
        const file = `${safeName(source.serial ? `SmartEVSE-${source.serial}` : source.chargerId)}.json`;
        const doc: BackupChargerFile = {
          kind: backupFileKind,
          schemaVersion: 1,
          chargerId: source.chargerId,
          name: source.name,
          address: source.address,
          takenMs: this.now(),
          secretsIncluded: false,
          notIncluded: [...secretsNotIncluded],
          settings: redactSecrets(read.json, '(not included)'),
        };
        const serial = source.serial ?? read.snapshot.serial;
        if (serial !== undefined) doc.serial = serial;
        doc.firmware = read.snapshot.version;
        await writeFileAtomic(path.join(folder, file), `${JSON.stringify(doc, null, 2)}\n`);
        const entry: BackupManifest['chargers'][number] = {
          chargerId: source.chargerId,
          name: source.name,
          file,
        };
        if (serial !== undefined) entry.serial = serial;
        entry.firmware = read.snapshot.version;
        manifest.chargers.push(entry);
      } catch (error) {
        manifest.failed.push({
          chargerId: source.chargerId,
          name: source.name,
          ...errorWords(toStudioError(error)),
        });
      }
    });
    manifest.chargers.sort((a, b) => a.name.localeCompare(b.name));
    await writeFileAtomic(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { id: path.basename(folder), dir: folder, manifest };
  }

  /** The backups in the user-data folder, newest first. */
  async list(): Promise<BackupSummary[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const found: BackupSummary[] = [];
    for (const name of names) {
      try {
        const text = await fs.readFile(path.join(this.dir, name, 'manifest.json'), 'utf8');
        const manifest = backupManifestSchema.parse(JSON.parse(text));
        found.push({ id: name, dir: path.join(this.dir, name), manifest });
      } catch {
        /* not a backup folder, or an unfinished one */
      }
    }
    return found.sort((a, b) => b.manifest.createdMs - a.manifest.createdMs);
  }

  /** A charger document of a backup in the user-data folder, by backup id and file name. */
  resolve(backupId: string, file: string): string {
    const resolved = path.resolve(this.dir, backupId, file);
    if (!resolved.startsWith(path.resolve(this.dir) + path.sep) || path.basename(resolved) !== file)
      throw new StudioError({
        code: 'invalid-request',
        message: 'That backup file is not in the backups folder',
        field: 'file',
      });
    return resolved;
  }

  /** Reads a charger's backup document and the value set a restore would send. */
  async readChargerFile(file: string): Promise<{ doc: BackupChargerFile; values: ProfileValues }> {
    let doc: BackupChargerFile;
    try {
      doc = backupChargerFileSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
    } catch (error) {
      throw new StudioError({
        code: 'invalid-request',
        message: `${path.basename(file)} is not a SmartEVSE Studio charger backup: ${(error as Error).message.split('\n')[0]}`,
        field: 'file',
      });
    }
    const json = chargerSettingsJsonSchema.parse(doc.settings);
    // With the identity: restored onto the same charger it is put back; onto another it is kept (apply-runner).
    return { doc, values: profileValuesOf(normaliseSettings(json), json, { identity: true }) };
  }
}
