/**
 * Applies one value set (a profile, or the settable part of a backup) to many chargers: a preview
 * per charger (held → wanted, and what the charger will not accept and why), then the writes with
 * bounded concurrency (the charger's own queue keeps one request in flight per charger), one
 * read-back per charger, and a result per field. Nothing is called applied that was not read back.
 */
import { randomUUID } from 'node:crypto';
import {
  StudioError,
  fieldMatches,
  fieldValue,
  formatFieldValue,
  groupWideFields,
  identifiesCharger,
  isMqttField,
  profileColourNames,
  profileFields,
  profileValuesOf,
  retryCanHelp,
  toStudioError,
  type ApplyField,
  type ApplyJob,
  type ApplyTarget,
  type FieldResult,
  type MqttWrite,
  type ProfileField,
  type ProfileValues,
  type SettingsWrite,
} from '$shared/contract';
import type { SettingsRead } from '../charger/charger-http';
import type { ChargerClient } from '../charger/charger-client';
import { verifyColour, verifyMqtt, verifySettings } from '../charger/settings-mapping';
import { precheckWrite } from '../charger/write-rules';
import { mapBounded } from './map-bounded';
import { errorWords, words } from '$shared/i18n/error-words';

export interface ApplyHost {
  name(id: string): string;
  client(id: string): ChargerClient;
  /** `/settings` no older than `maxAgeMs` (a preview's or the poller's read), else a fresh read. */
  currentRead(id: string, maxAgeMs: number): Promise<SettingsRead>;
  recordRead(id: string, read: SettingsRead): void;
  now(): number;
}

type SettingsField = Exclude<ProfileField, `colours.${string}` | `mqtt.${string}`>;
const isSettingsField = (field: ProfileField): field is SettingsField =>
  !field.startsWith('colours.') && !isMqttField(field);

/**
 * What a job knows beyond the values: how many chargers it is for, and the charger the values
 * were read from (a backup). A value that identifies that charger is not put on another one.
 */
export interface ApplyContext {
  targets: number;
  origin?: { chargerId: string; serial?: number; name: string };
  /** The power-share group a charger is in, where Studio can tell (`power-share.ts`). */
  groupOf?: (chargerId: string) => GroupInfo | undefined;
}

export interface GroupInfo {
  masterName: string;
  isNode: boolean;
  /** Members besides this charger. */
  others: number;
}

const isOrigin = (origin: NonNullable<ApplyContext['origin']>, chargerId: string, read: SettingsRead) =>
  origin.chargerId === chargerId || (origin.serial !== undefined && origin.serial === read.snapshot.serial);

/** A preview read is reused by the apply that follows it, so the apply needs only writes and one read-back. */
const previewMaxAgeMs = 60_000;

/** What applying `values` to a charger that holds `read` would do, field by field. */
export function previewFields(
  values: ProfileValues,
  read: SettingsRead,
  nowMs: number,
  chargerId: string,
  context: ApplyContext = { targets: 1 },
): ApplyField[] {
  const held = profileValuesOf(read.snapshot, read.json, { identity: true });
  const fields: ApplyField[] = [];
  const wantsMode = values.mode !== undefined && !fieldMatches('mode', values.mode, held.mode);
  let modeAccepted = wantsMode;
  for (const field of profileFields) {
    const wanted = fieldValue(values, field);
    if (wanted === undefined) continue;
    const current = fieldValue(held, field);
    const entry: ApplyField = {
      field,
      from: formatFieldValue(field, current),
      to: formatFieldValue(field, wanted),
      status: fieldMatches(field, wanted, current) ? 'unchanged' : 'will-change',
    };
    const group = context.groupOf?.(chargerId);
    if (group && entry.status === 'will-change' && (groupWideFields as readonly string[]).includes(field)) {
      // The master keeps these for the whole group (§5.13): say where the value really goes.
      if (field === 'mode') Object.assign(entry, words('applyGroupMode', { count: group.others }));
      else if (group.isNode) Object.assign(entry, words('applyGroupNodeField', { master: group.masterName }));
      else Object.assign(entry, words('applyGroupMasterField', { count: group.others }));
    }
    if (identifiesCharger(field) && entry.status === 'will-change') {
      if (context.origin && !isOrigin(context.origin, chargerId, read)) {
        entry.status = 'kept';
        Object.assign(entry, words('applyKeptIdentity', { name: context.origin.name }));
      } else if (context.targets > 1) {
        Object.assign(entry, words('applyIdentityShared', { count: context.targets }));
      }
    }
    if (entry.status === 'will-change' && isSettingsField(field)) {
      const write = { [field]: wanted } as SettingsWrite;
      if (field !== 'mode' && modeAccepted) write.mode = values.mode!;
      try {
        precheckWrite(write, read, nowMs, chargerId);
      } catch (error) {
        const studioError = toStudioError(error);
        entry.status = 'will-refuse';
        Object.assign(entry, errorWords(studioError));
        if (field === 'mode') modeAccepted = false;
      }
    }
    fields.push(entry);
  }
  return fields;
}

/** One word for a charger's outcome, from its fields. */
export function targetStatus(fields: ApplyField[]): ApplyTarget['status'] {
  const count = (status: ApplyField['status']) => fields.filter((f) => f.status === status).length;
  const applied = count('applied');
  const failed = count('refused') + count('unconfirmed') + count('not-sent');
  if (failed === 0) return applied > 0 ? 'applied' : 'unchanged';
  return applied > 0 ? 'partial' : 'refused';
}

export class ApplyRunner {
  private readonly jobs = new Map<string, ApplyJob>();
  private readonly cancelled = new Set<string>();
  private readonly finished = new Map<string, Promise<ApplyJob>>();
  private readonly keep = 20;

  constructor(
    private readonly host: ApplyHost,
    private readonly onChange: (job: ApplyJob) => void,
  ) {}

  /** The preview of one charger: reads it (the read is kept for the apply) and compares. */
  async preview(values: ProfileValues, chargerId: string, context: ApplyContext): Promise<ApplyTarget> {
    const client = this.host.client(chargerId);
    const before = client.requests;
    const target: ApplyTarget = {
      chargerId,
      name: this.host.name(chargerId),
      status: 'waiting',
      fields: [],
      requests: 0,
    };
    try {
      const read = await this.host.currentRead(chargerId, 0);
      target.firmware = read.snapshot.version;
      target.fields = previewFields(values, read, this.host.now(), chargerId, context);
    } catch (error) {
      target.status = 'offline';
      Object.assign(target, errorWords(toStudioError(error)));
    }
    target.requests = client.requests - before;
    return target;
  }

  /** Starts a job in the background and returns it at once; follow it with `onChange` or `whenDone`. */
  start(
    label: string,
    values: ProfileValues,
    chargerIds: string[],
    concurrency = 4,
    extra: Omit<ApplyContext, 'targets'> = {},
  ): ApplyJob {
    if (chargerIds.length === 0)
      throw new StudioError({
        code: 'invalid-request',
        message: 'Pick at least one charger',
        field: 'targets',
      });
    const job: ApplyJob = {
      id: randomUUID(),
      label,
      state: 'running',
      startedMs: this.host.now(),
      concurrency,
      targets: chargerIds.map((chargerId) => ({
        chargerId,
        name: this.host.name(chargerId),
        status: 'waiting',
        fields: [],
        requests: 0,
      })),
    };
    this.jobs.set(job.id, job);
    const context: ApplyContext = { ...extra, targets: chargerIds.length };
    this.finished.set(job.id, this.run(job, values, context));
    this.forgetOld();
    this.onChange(structuredClone(job));
    return structuredClone(job);
  }

  get(jobId: string): ApplyJob {
    const job = this.jobs.get(jobId);
    if (!job)
      throw new StudioError({
        code: 'invalid-request',
        message: 'There is no such apply job',
        field: 'jobId',
      });
    return structuredClone(job);
  }

  /** Stops sending new writes; what was sent is still read back and reported. */
  cancel(jobId: string): ApplyJob {
    const job = this.get(jobId);
    if (job.state === 'running') this.cancelled.add(jobId);
    return job;
  }

  async whenDone(jobId: string): Promise<ApplyJob> {
    this.get(jobId);
    return structuredClone(await this.finished.get(jobId)!);
  }

  /** The chargers of a job that a retry can help (`retryCanHelp`). */
  retryableTargets(jobId: string): string[] {
    return this.get(jobId)
      .targets.filter(retryCanHelp)
      .map((t) => t.chargerId);
  }

  private async run(job: ApplyJob, values: ProfileValues, context: ApplyContext): Promise<ApplyJob> {
    await mapBounded(job.targets, job.concurrency, async (target) => {
      if (this.cancelled.has(job.id)) {
        target.status = 'cancelled';
        Object.assign(target, words('applyNotStartedCancelled'));
        return;
      }
      await this.applyOne(job, target, values, context);
    });
    job.state = this.cancelled.has(job.id) ? 'cancelled' : 'done';
    job.finishedMs = this.host.now();
    this.cancelled.delete(job.id);
    this.onChange(structuredClone(job));
    return job;
  }

  private async applyOne(
    job: ApplyJob,
    target: ApplyTarget,
    values: ProfileValues,
    context: ApplyContext,
  ): Promise<void> {
    const id = target.chargerId;
    const client = this.host.client(id);
    const before = client.requests;
    const stopped = () => this.cancelled.has(job.id);
    target.status = 'working';
    this.onChange(structuredClone(job));
    const sent: FieldResult[] = [];
    let wrote = false;
    try {
      const read = await this.host.currentRead(id, previewMaxAgeMs);
      target.firmware = read.snapshot.version;
      target.fields = previewFields(values, read, this.host.now(), id, context);
      const changing = (field: ProfileField) =>
        target.fields.some((f) => f.field === field && f.status === 'will-change');

      const write: SettingsWrite = {};
      for (const field of profileFields)
        if (isSettingsField(field) && changing(field))
          Object.assign(write, { [field]: fieldValue(values, field) });
      if (Object.keys(write).length > 0 && !stopped()) {
        wrote = true;
        sent.push(...(await client.sendSettings(write, read)));
      }
      const colours = profileColourNames.filter((name) => changing(`colours.${name}`));
      for (const which of colours) {
        if (stopped()) break;
        wrote = true;
        sent.push(await client.sendColour({ which, ...values.colours![which]! }));
      }
      // The MQTT sub-fields that change go in one request; the charger keeps the others.
      const mqtt: MqttWrite = {};
      for (const field of profileFields)
        if (isMqttField(field) && changing(field))
          Object.assign(mqtt, { [field.slice(5)]: fieldValue(values, field) });
      if (Object.keys(mqtt).length > 0 && !stopped()) {
        wrote = true;
        sent.push(...(await client.sendMqtt(mqtt)));
      }
      if (wrote) {
        const after = await client.readSettings();
        this.host.recordRead(id, after);
        verifySettings(sent, write, after);
        for (const [i, result] of sent.entries()) {
          if (!result.field.startsWith('colour.')) continue;
          const which = result.field.slice(7) as (typeof colours)[number];
          sent[i] = verifyColour(result, { which, ...values.colours![which]! }, after);
        }
        const mqttResults = verifyMqtt(
          sent.filter((r) => isMqttField(r.field)),
          mqtt,
          after,
        );
        for (const result of mqttResults) sent[sent.findIndex((r) => r.field === result.field)] = result;
      }
      this.settleFields(target, sent, stopped());
      target.status = stopped() && !wrote ? 'cancelled' : targetStatus(target.fields);
      if (stopped() && target.fields.some((f) => f.status === 'not-sent'))
        Object.assign(target, words('applyCancelledLeft'));
    } catch (error) {
      // Unreachable before or during the writes: what was sent cannot be confirmed.
      const studioError = toStudioError(error);
      const unreachable = [
        'charger-refused',
        'charger-unreachable',
        'charger-timeout',
        'not-a-smartevse',
      ].includes(studioError.code);
      target.status = unreachable ? 'offline' : 'refused';
      Object.assign(target, errorWords(studioError));
      // A refused connection delivered nothing; any other failure may have delivered the request.
      const maybeDelivered = wrote && studioError.code !== 'charger-refused';
      for (const field of target.fields) {
        if (field.status === 'will-refuse') field.status = 'refused';
        if (field.status !== 'will-change') continue;
        const name = field.field.startsWith('colours.') ? `colour.${field.field.slice(8)}` : field.field;
        if (sent.some((r) => r.field === name && r.status === 'applied')) {
          field.status = 'unconfirmed';
          Object.assign(field, words('applyNoReadBack'));
        } else if (maybeDelivered) {
          field.status = 'unconfirmed';
          Object.assign(field, words('applyMaybeHeld'));
        } else {
          field.status = 'not-sent';
          Object.assign(field, words('applyNotSentUnreachable'));
        }
      }
    } finally {
      target.requests = client.requests - before;
      this.onChange(structuredClone(job));
    }
  }

  /** Turns the preview's will-change / will-refuse into what the charger did. */
  private settleFields(target: ApplyTarget, sent: FieldResult[], cancelled: boolean): void {
    for (const field of target.fields) {
      if (field.status === 'will-refuse') {
        field.status = 'refused';
        continue;
      }
      if (field.status !== 'will-change') continue;
      const name = field.field.startsWith('colours.') ? `colour.${field.field.slice(8)}` : field.field;
      const result = sent.find((r) => r.field === name);
      if (!result) {
        field.status = 'not-sent';
        Object.assign(field, words(cancelled ? 'applyNotSentCancelled' : 'applyNotSent'));
        continue;
      }
      field.status = result.status;
      if (result.message)
        Object.assign(field, { message: result.message, key: result.key, params: result.params });
    }
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, this.jobs.size - this.keep))) {
      this.jobs.delete(job.id);
      this.finished.delete(job.id);
    }
  }
}
