/**
 * Firmware for many chargers. An image is checked as the charger's updater checks it before it is
 * kept (in memory, for this session). A rollout checks each charger first (reachable, not
 * charging, version now), backs it up, uploads with the firmware's `/update` chunk protocol
 * (§3.13: 2048-byte chunks, in order, one request at a time), waits for the restart and reads the
 * version it comes back with. One charger goes first; the rest follow N at a time only if it came
 * back on the new version. Cancel starts no further charger.
 *
 * What an ESP32 does on an upload that stops half-way: it keeps running the old image and never
 * switches, so an interrupted upload is reported as such, with the version it still reports.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  StudioError,
  firmwareFileNames,
  toStudioError,
  type FirmwareImage,
  type FirmwareJob,
  type FirmwarePreflight,
  type FirmwareTarget,
} from '$shared/contract';
import { checkEspImage, signatureBytes, type ImageProblem } from '$shared/firmware/esp-image';
import { errorWords, words } from '$shared/i18n/error-words';
import type { MessageKey } from '$shared/i18n/messages';
import type { SettingsRead } from '../charger/charger-http';
import type { ChargerClient } from '../charger/charger-client';
import { mapBounded } from './map-bounded';

/** The chunk size the firmware's own update page sends. */
export const chunkBytes = 2048;
/** How long a charger may take to come back after the last chunk. */
const restartTimeoutMs = 90_000;
const chargingState = 2;

export interface FirmwareHost {
  name(id: string): string;
  client(id: string): ChargerClient;
  /** Reads /settings now (throws a StudioError naming the charger). */
  read(id: string): Promise<SettingsRead>;
  /** Backs one charger up into the backups folder; the folder, or why it failed. */
  backup(id: string): Promise<{ dir: string } | { problem: string }>;
  /** When each charger was last backed up (from the backups folder). */
  lastBackups(): Promise<Map<string, number>>;
  onJob(job: FirmwareJob): void;
  now(): number;
  sleep(ms: number): Promise<void>;
}

interface HeldImage {
  summary: FirmwareImage;
  bytes: Buffer;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

const refuse = (
  message: string,
  key: MessageKey,
  params: Record<string, string | number>,
  field = 'dataBase64',
) => new StudioError({ code: 'invalid-request', message, field, key, params });

/** Each reason the updater refuses an image, in the user's words. */
const problemKeys: Record<ImageProblem, MessageKey> = {
  'too-big': 'fwBadSize',
  magic: 'fwBadMagic',
  truncated: 'fwBadTruncated',
  segments: 'fwBadSegments',
  checksum: 'fwBadChecksum',
  hash: 'fwBadChecksum',
  'no-app': 'fwBadNoApp',
};

/** The name an image is sent under: the user's when it is one the firmware takes, else `firmware.bin`. */
export function sendName(fileName: string): FirmwareImage['fileName'] {
  const base = fileName.split(/[\\/]/).pop()!.toLowerCase();
  return (firmwareFileNames as readonly string[]).includes(base)
    ? (base as FirmwareImage['fileName'])
    : base.includes('.signed.')
      ? 'firmware.signed.bin'
      : 'firmware.bin';
}

export class FirmwareRollout {
  private readonly images = new Map<string, HeldImage>();
  private readonly jobs = new Map<string, FirmwareJob>();
  private readonly cancelled = new Set<string>();
  private readonly finished = new Map<string, Promise<FirmwareJob>>();
  private lastEmitMs = new Map<string, number>();

  constructor(private readonly host: FirmwareHost) {}

  /** Checks an image and keeps it; refused with the reason when a charger's updater would refuse it. */
  load(source: string, bytes: Buffer, sendAs?: FirmwareImage['fileName']): FirmwareImage {
    const fileName = sendAs ?? sendName(source);
    const signed = fileName.includes('.signed.');
    const image = signed ? bytes.subarray(signatureBytes) : bytes;
    const checked = checkEspImage(image, sha256);
    if (!checked.ok)
      throw refuse(`${source}: ${checked.message}`, problemKeys[checked.problem], { file: source });
    if (!/smartevse/i.test(checked.app.projectName))
      throw refuse(
        `${source} is firmware for “${checked.app.projectName}”, not for a SmartEVSE`,
        'fwNotSmartevse',
        { file: source, project: checked.app.projectName },
      );
    const summary: FirmwareImage = {
      imageId: randomUUID().slice(0, 8),
      fileName,
      source,
      bytes: bytes.length,
      version: checked.app.version,
      projectName: checked.app.projectName,
      buildDate: `${checked.app.date} ${checked.app.time}`.trim(),
      sha256: sha256(bytes).toString('hex'),
    };
    this.images.set(summary.imageId, { summary, bytes });
    // A handful of images at most: each is up to 1.7 MB.
    for (const id of [...this.images.keys()].slice(0, Math.max(0, this.images.size - 4)))
      this.images.delete(id);
    return summary;
  }

  private image(imageId: string): HeldImage {
    const held = this.images.get(imageId);
    if (!held)
      throw refuse(
        'That firmware image is no longer loaded: pick the file again',
        'fwImageGone',
        {},
        'imageId',
      );
    return held;
  }

  /** Each charger as it stands now, for this image. */
  async preflight(imageId: string, ids: string[]): Promise<FirmwarePreflight[]> {
    const { summary } = this.image(imageId);
    const backups = await this.host.lastBackups();
    return mapBounded(ids, 4, async (id): Promise<FirmwarePreflight> => {
      const entry: FirmwarePreflight = {
        chargerId: id,
        name: this.host.name(id),
        reachable: false,
        charging: false,
        verdict: 'blocked',
      };
      const lastBackupMs = backups.get(id);
      if (lastBackupMs !== undefined) entry.lastBackupMs = lastBackupMs;
      try {
        const read = await this.host.read(id);
        entry.reachable = true;
        entry.versionNow = read.snapshot.version;
        entry.charging = read.snapshot.stateId === chargingState;
        const blocker = this.blocker(read, summary);
        if (blocker) Object.assign(entry, words(blocker.key, blocker.params));
        entry.verdict = blocker ? (blocker.key === 'fwSame' ? 'same' : 'blocked') : 'ready';
      } catch (error) {
        Object.assign(entry, errorWords(toStudioError(error)));
      }
      return entry;
    });
  }

  /** Why a charger is left out: already on the version, or charging (an upload restarts it at once). */
  private blocker(
    read: SettingsRead,
    image: FirmwareImage,
  ): { key: MessageKey; params: Record<string, string> } | undefined {
    if (read.snapshot.version === image.version) return { key: 'fwSame', params: { version: image.version } };
    if (read.snapshot.stateId === chargingState) return { key: 'fwCharging', params: {} };
    return undefined;
  }

  start(
    imageId: string,
    ids: string[],
    options: { concurrency?: number; firstAlone?: boolean; backup?: boolean } = {},
  ): FirmwareJob {
    const { summary } = this.image(imageId);
    if (ids.length === 0) throw refuse('Pick at least one charger', 'fwPickCharger', {}, 'targets');
    const job: FirmwareJob = {
      id: randomUUID(),
      image: summary,
      state: 'running',
      startedMs: this.host.now(),
      concurrency: options.concurrency ?? 4,
      firstAlone: options.firstAlone ?? true,
      targets: ids.map((chargerId) => ({
        chargerId,
        name: this.host.name(chargerId),
        status: 'waiting',
        sentBytes: 0,
        totalBytes: summary.bytes,
      })),
    };
    this.jobs.set(job.id, job);
    this.finished.set(job.id, this.run(job, options.backup ?? true));
    this.emit(job, true);
    return structuredClone(job);
  }

  get(jobId: string): FirmwareJob {
    const job = this.jobs.get(jobId);
    if (!job) throw refuse('There is no such firmware job', 'fwNoJob', {}, 'jobId');
    return structuredClone(job);
  }

  cancel(jobId: string): FirmwareJob {
    const job = this.get(jobId);
    if (job.state === 'running') this.cancelled.add(jobId);
    return job;
  }

  async whenDone(jobId: string): Promise<FirmwareJob> {
    this.get(jobId);
    return structuredClone(await this.finished.get(jobId)!);
  }

  private emit(job: FirmwareJob, always = false): void {
    // Progress is pushed at most every 200 ms per job; status changes always.
    const now = this.host.now();
    if (!always && now - (this.lastEmitMs.get(job.id) ?? 0) < 200) return;
    this.lastEmitMs.set(job.id, now);
    this.host.onJob(structuredClone(job));
  }

  private async run(job: FirmwareJob, backup: boolean): Promise<FirmwareJob> {
    const bytes = this.image(job.image.imageId).bytes;
    const stop = () => this.cancelled.has(job.id);
    const one = async (target: FirmwareTarget) => {
      if (stop()) {
        target.status = 'cancelled';
        Object.assign(target, words('fwNotStartedCancelled'));
        return;
      }
      await this.updateOne(job, target, bytes, backup);
      this.emit(job, true);
    };
    const [first, ...rest] = job.targets;
    if (job.firstAlone && first) {
      await one(first);
      if (!['updated', 'same', 'skipped'].includes(first.status)) {
        for (const target of rest) {
          target.status = 'cancelled';
          Object.assign(target, words('fwNotStartedFirst', { name: first.name }));
        }
      } else await mapBounded(rest, job.concurrency, one);
    } else await mapBounded(job.targets, job.concurrency, one);
    job.state = stop() ? 'cancelled' : 'done';
    job.finishedMs = this.host.now();
    this.cancelled.delete(job.id);
    this.lastEmitMs.delete(job.id);
    this.emit(job, true);
    return job;
  }

  private async updateOne(job: FirmwareJob, target: FirmwareTarget, bytes: Buffer, backup: boolean) {
    const id = target.chargerId;
    const set = (
      status: FirmwareTarget['status'],
      key?: MessageKey,
      params: Record<string, string | number> = {},
    ) => {
      target.status = status;
      if (key) Object.assign(target, words(key, params));
      this.emit(job, true);
    };
    let read: SettingsRead;
    try {
      read = await this.host.read(id);
    } catch (error) {
      target.status = 'skipped';
      Object.assign(target, errorWords(toStudioError(error)));
      return;
    }
    target.versionBefore = read.snapshot.version;
    const blocker = this.blocker(read, job.image);
    if (blocker) return set(blocker.key === 'fwSame' ? 'same' : 'skipped', blocker.key, blocker.params);

    if (backup) {
      set('backing-up');
      const taken = await this.host.backup(id);
      if ('problem' in taken) return set('skipped', 'fwBackupFailed', { reason: taken.problem });
      target.backupDir = taken.dir;
    }

    set('uploading');
    const client = this.host.client(id);
    const size = bytes.length;
    for (let offset = 0; offset < size; offset += chunkBytes) {
      const chunk = bytes.subarray(offset, offset + chunkBytes);
      const last = offset + chunk.length >= size;
      try {
        const reply = await client.uploadChunk(job.image.fileName, offset, size, chunk);
        if (reply.status !== 200) {
          // The firmware's own words ("over max size of 1769472", "firmware.signed.bin update failed!").
          return set('refused', 'fwRefusedBy', { reply: reply.body.trim() || `HTTP ${reply.status}` });
        }
        target.sentBytes = offset + chunk.length;
        if (last) {
          // A good image restarts the charger before it answers; an answer means it kept the old one.
          return set('refused', 'fwImageRefused', { version: target.versionBefore ?? '?' });
        }
        this.emit(job);
      } catch (error) {
        const e = toStudioError(error);
        if (last && (e.code === 'charger-unreachable' || e.code === 'charger-timeout')) {
          target.sentBytes = size;
          break;
        }
        // It keeps running its old image; say which one it reports, if it still answers.
        try {
          target.versionAfter = (await this.host.read(id)).snapshot.version;
        } catch {
          // Gone for now: its old version is the one it had.
        }
        return set('interrupted', 'fwInterrupted', {
          percent: Math.floor((offset / size) * 100),
          reason: e.message,
          version: target.versionAfter ?? target.versionBefore ?? '?',
        });
      }
    }

    set('restarting');
    const deadline = this.host.now() + restartTimeoutMs;
    while (this.host.now() < deadline) {
      await this.host.sleep(1000);
      try {
        const after = await this.host.read(id);
        target.versionAfter = after.snapshot.version;
        return target.versionAfter === job.image.version
          ? set('updated', 'fwUpdated', { version: job.image.version })
          : set('failed', 'fwCameBackOld', {
              version: target.versionAfter ?? '?',
              wanted: job.image.version,
            });
      } catch {
        // Still restarting.
      }
    }
    set('failed', 'fwNotBack', { seconds: restartTimeoutMs / 1000 });
  }
}
