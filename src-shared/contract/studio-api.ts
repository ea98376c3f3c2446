/**
 * The Studio API: one table of methods (request and reply schemas) and one table of events.
 * Main implements it (StudioService), transports bind it (IPC, HTTP+WebSocket), and the renderer
 * calls it through `createStudioApi`. Types are inferred from the schemas; nobody redefines them.
 */
import { z } from 'zod';
import { chargerAddressSchema } from './address';
import { chargerSnapshotSchema } from './charger-settings.schema';
import { studioErrorSchema } from './errors';
import { weeklyPlanInputSchema, weeklyPlanViewSchema } from './plans.schema';
import { preferencesPatchSchema, preferencesSchema } from './preferences.schema';
import {
  applyJobSchema,
  applyTargetSchema,
  profileInputSchema,
  profileSchema,
  profileValuesSchema,
  targetsSchema,
  valuesSourceSchema,
} from './profile.schema';
import { backupSummarySchema } from './backup.schema';
import { siteInputSchema, siteSchema } from './site.schema';
import {
  firmwareImageSchema,
  firmwareJobSchema,
  firmwareLineSchema,
  firmwarePreflightSchema,
  firmwareReleaseSchema,
  firmwareStartSchema,
  firmwareFileNames,
} from './firmware.schema';
import {
  simClockRequestSchema,
  simConfigRequestSchema,
  simEvRequestSchema,
  simInternalsSchema,
  simStatusSchema,
  simTwinReplySchema,
  simWorldRequestSchema,
} from './simulator-control';
import {
  mqttOpenRequestSchema,
  mqttSendRequestSchema,
  mqttSendResultSchema,
  mqttViewSchema,
} from './mqtt-view';
import { snippetSchema } from './snippets';
import { doctorFindingSchema, doctorReportSchema } from './doctor';
import { sessionSchema, settingChangeSchema } from './recorder.schema';
import {
  chargerSampleSchema,
  colourWriteSchema,
  currentsFeedSchema,
  evMeterFeedSchema,
  fieldResultSchema,
  mqttWriteSchema,
  settingsWriteSchema,
} from './charger-commands.schema';

/** How a charger came into the list. */
export const chargerOrigins = ['manual', 'discovered', 'simulated'] as const;

/**
 * A fixed pilot duty (`override_pwm`) that is on: load balancing no longer sets what the car may
 * draw. The firmware does not report it, so Studio records the one it set (`studio`) and
 * recognises one set elsewhere when the duty and the allocated current disagree (`detected`).
 */
export const pwmOverrideSchema = z.object({
  duty: z.number().int().min(0).max(1024),
  sinceMs: z.number(),
  by: z.enum(['studio', 'detected']),
});
export type PwmOverride = z.infer<typeof pwmOverrideSchema>;

/** One row of the charger list. */
/** A reboot Studio asked for, followed until the charger is back (see `reboot-watch.ts`). */
export const rebootWatchSchema = z.object({
  phase: z.enum(['pending', 'down', 'back', 'late']),
  deferred: z.boolean(),
  requestedMs: z.number(),
  /** The first missed reply after the request: the restart began. */
  downMs: z.number().optional(),
  backMs: z.number().optional(),
});
export type RebootWatch = z.infer<typeof rebootWatchSchema>;

export const chargerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.enum(chargerOrigins),
  address: chargerAddressSchema,
  online: z.boolean(),
  lastSeenMs: z.number().optional(),
  snapshot: chargerSnapshotSchema.optional(),
  lastError: studioErrorSchema.optional(),
  pwmOverride: pwmOverrideSchema.optional(),
  reboot: rebootWatchSchema.optional(),
});
export type ChargerSummary = z.infer<typeof chargerSummarySchema>;

/** Facts about the running app that the UI shows (and tests read). */
export const appInfoSchema = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'web', 'cli']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();
const chargerId = z.string().min(1).max(200);
const profileId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a profile id');
const jobId = z.string().uuid();
const byId = z.object({ id: chargerId }).strict();
/** How often follow mode posts meter values. */
export const feedIntervalMsSchema = z.number().int().min(1000).max(60_000);
/** A follow-mode feed of meter values to one charger. */
export const feedStatusSchema = z.object({
  active: z.boolean(),
  kind: z.enum(['mains', 'evMeter']).optional(),
  intervalMs: z.number().int().optional(),
  sent: z.number().int(),
  lastFields: z.array(fieldResultSchema).optional(),
  lastError: studioErrorSchema.optional(),
});
export type FeedStatus = z.infer<typeof feedStatusSchema>;

/** A write's outcome: each field's result and the charger as read back afterwards. */
const writeReply = z.object({ fields: z.array(fieldResultSchema), charger: chargerSummarySchema });

/** The bundled simulator as Studio runs it. */
export const simulatorStatusSchema = z.object({
  running: z.boolean(),
  controlPort: z.number().int().optional(),
  chargers: z.array(
    z.object({ serial: z.number().int(), name: z.string(), port: z.number().int(), url: z.string() }),
  ),
  restarts: z.number().int(),
  lastExit: z.string().optional(),
  log: z.array(z.string()),
  /** The embedded MQTT broker every simulated charger uses (started on request), e.g. mqtt://127.0.0.1:40123. */
  mqttBroker: z.string().optional(),
});
export type SimulatorStatus = z.infer<typeof simulatorStatusSchema>;

/** Every method of the Studio API: request schema and reply schema. */
export const studioMethods = {
  getAppInfo: { request: empty, reply: appInfoSchema },
  getPreferences: { request: empty, reply: preferencesSchema },
  setPreferences: {
    request: z.object({ preferences: preferencesPatchSchema }).strict(),
    reply: preferencesSchema,
  },
  listChargers: { request: empty, reply: z.array(chargerSummarySchema) },
  addCharger: {
    request: z.object({ address: z.string().max(300) }).strict(),
    reply: chargerSummarySchema,
  },
  removeCharger: {
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    reply: z.object({ removed: z.boolean() }),
  },
  /** Undoes a removal (while Studio runs): the row comes back as it was, its name included. */
  restoreCharger: {
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    reply: z.object({ restored: z.boolean(), charger: chargerSummarySchema.optional() }),
  },
  renameCharger: {
    request: z.object({ id: chargerId, name: z.string().trim().min(1).max(80) }).strict(),
    reply: chargerSummarySchema,
  },
  /** Re-queries mDNS and re-reads every listed charger at once. */
  rescan: { request: empty, reply: z.array(chargerSummarySchema) },
  /** The charger's /settings as read now (secrets such as the OCPP key replaced). */
  readCharger: {
    request: byId,
    reply: z.object({ charger: chargerSummarySchema, raw: z.record(z.string(), z.unknown()) }),
  },
  writeSettings: {
    request: z.object({ id: chargerId, values: settingsWriteSchema }).strict(),
    reply: writeReply,
  },
  writeMqtt: { request: z.object({ id: chargerId, mqtt: mqttWriteSchema }).strict(), reply: writeReply },
  setColour: { request: z.object({ id: chargerId, colour: colourWriteSchema }).strict(), reply: writeReply },
  feedCurrents: {
    request: z.object({ id: chargerId, currents: currentsFeedSchema }).strict(),
    reply: z.object({ fields: z.array(fieldResultSchema) }),
  },
  feedEvMeter: {
    request: z.object({ id: chargerId, evMeter: evMeterFeedSchema }).strict(),
    reply: z.object({ fields: z.array(fieldResultSchema) }),
  },
  rebootCharger: { request: byId, reply: z.object({ deferred: z.boolean(), message: z.string() }) },
  /** Follow mode: main posts these meter values at an interval (for chargers whose meter is API). */
  startFeed: {
    request: z
      .object({
        id: chargerId,
        mains: currentsFeedSchema.optional(),
        evMeter: evMeterFeedSchema.optional(),
        intervalMs: feedIntervalMsSchema,
      })
      .strict()
      .refine((r) => (r.mains === undefined) !== (r.evMeter === undefined), {
        message: 'give either mains or evMeter values',
        path: ['mains'],
      }),
    reply: feedStatusSchema,
  },
  stopFeed: { request: byId, reply: feedStatusSchema },
  getFeed: { request: byId, reply: feedStatusSchema },
  /** Live (1 s) or background (10 s) samples; one poll loop per charger however many subscribe. */
  subscribeSamples: {
    request: z.object({ id: chargerId, live: z.boolean() }).strict(),
    reply: z.object({ subscriptionId: z.string() }),
  },
  unsubscribeSamples: {
    request: z.object({ subscriptionId: z.string().max(64) }).strict(),
    reply: z.object({ removed: z.boolean() }),
  },
  getSamples: {
    request: z
      .object({
        id: chargerId,
        sinceMs: z.number().optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
    reply: z.array(chargerSampleSchema),
  },
  /**
   * The flight recorder: samples of any recorded period. Up to three hours every sample; longer
   * ranges one per minute with that minute's highest currents (`resolutionMs` 60 000).
   */
  recordedSamples: {
    request: z
      .object({ id: chargerId, fromMs: z.number(), toMs: z.number() })
      .strict()
      .refine((r) => r.toMs > r.fromMs && r.toMs - r.fromMs <= 31 * 86_400_000, {
        message: 'the period must end after it starts and be at most 31 days long',
        path: ['toMs'],
      }),
    reply: z.object({
      samples: z.array(chargerSampleSchema),
      resolutionMs: z.number(),
      /** The oldest and newest recorded sample of this charger. */
      firstMs: z.number().optional(),
      lastMs: z.number().optional(),
    }),
  },
  /** Charging sessions, newest first: of one charger, or of every charger without `id`. */
  listSessions: {
    request: z
      .object({
        id: chargerId.optional(),
        fromMs: z.number().optional(),
        toMs: z.number().optional(),
      })
      .strict(),
    reply: z.array(sessionSchema),
  },
  /** The sessions as CSV (one charger, or all), with a file name to save it under. */
  exportSessions: {
    request: z.object({ id: chargerId.optional() }).strict(),
    reply: z.object({ csv: z.string(), fileName: z.string(), count: z.number().int() }),
  },
  /** Changes of a charger's settings the recorder saw, oldest first. */
  settingsHistory: {
    request: z.object({ id: chargerId, sinceMs: z.number().optional() }).strict(),
    reply: z.array(settingChangeSchema),
  },
  /** Deletes everything recorded of one charger: samples, settings changes and sessions. */
  clearRecording: {
    request: z.object({ id: chargerId }).strict(),
    reply: z.object({ samples: z.number().int() }),
  },
  /**
   * A twin: a new simulated charger with a charger's settings, from a listed charger, or from a
   * pasted or loaded document (`/settings`, a backup's charger file, a bug report's JSON).
   */
  createTwin: {
    request: z
      .object({
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('charger'), id: chargerId }).strict(),
          z.object({ kind: z.literal('text'), text: z.string().min(1).max(512_000) }).strict(),
        ]),
        /** Replays the source charger's recorded mains, EV currents and plug of this period (≤ 24 h). */
        replay: z
          .object({ fromMs: z.number(), toMs: z.number() })
          .strict()
          .refine((r) => r.toMs > r.fromMs && r.toMs - r.fromMs <= 86_400_000, {
            message: 'the period must end after it starts and be at most 24 hours long',
            path: ['toMs'],
          })
          .optional(),
      })
      .strict()
      .refine((r) => r.replay === undefined || r.source.kind === 'charger', {
        message: 'a replay needs a listed charger whose readings Studio recorded',
        path: ['replay'],
      }),
    reply: simTwinReplySchema.extend({
      chargerId: z.string(),
      /** The replayed period, as the simulator took it. */
      replay: z.object({ points: z.number().int(), startMs: z.number(), endMs: z.number() }).optional(),
    }),
  },
  listPlans: {
    request: z.object({ chargerId: chargerId.optional() }).strict(),
    reply: z.array(weeklyPlanViewSchema),
  },
  savePlan: { request: z.object({ plan: weeklyPlanInputSchema }).strict(), reply: weeklyPlanViewSchema },
  deletePlan: {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    reply: z.object({ removed: z.boolean() }),
  },
  listProfiles: { request: empty, reply: z.array(profileSchema) },
  saveProfile: { request: z.object({ profile: profileInputSchema }).strict(), reply: profileSchema },
  deleteProfile: {
    request: z.object({ id: profileId }).strict(),
    reply: z.object({ removed: z.boolean() }),
  },
  duplicateProfile: { request: z.object({ id: profileId }).strict(), reply: profileSchema },
  /** A profile file's text, as the user picked it (at most 1 MB). */
  importProfile: {
    request: z.object({ text: z.string().max(1_000_000), fileName: z.string().max(260).optional() }).strict(),
    reply: profileSchema,
  },
  exportProfile: {
    request: z.object({ id: profileId }).strict(),
    reply: z.object({ fileName: z.string(), text: z.string() }),
  },
  /** What a charger holds now, as profile values (to create a profile from it). */
  profileFromCharger: { request: z.object({ id: chargerId }).strict(), reply: profileValuesSchema },
  previewApply: {
    request: z.object({ source: valuesSourceSchema, targets: targetsSchema }).strict(),
    reply: z.array(applyTargetSchema),
  },
  startApply: {
    request: z
      .object({
        source: valuesSourceSchema,
        targets: targetsSchema,
        concurrency: z.number().int().min(1).max(8).optional(),
      })
      .strict(),
    reply: applyJobSchema,
  },
  getApplyJob: { request: z.object({ jobId: jobId }).strict(), reply: applyJobSchema },
  cancelApply: { request: z.object({ jobId: jobId }).strict(), reply: applyJobSchema },
  retryApply: { request: z.object({ jobId: jobId }).strict(), reply: applyJobSchema },
  backupChargers: { request: z.object({ targets: targetsSchema }).strict(), reply: backupSummarySchema },
  listBackups: { request: empty, reply: z.array(backupSummarySchema) },
  /**
   * A bug report for the firmware's issue tracker (Markdown and a JSON attachment), with what was
   * hidden listed; made here, sent nowhere. `save` writes both files into the user-data folder.
   */
  bugReport: {
    request: z
      .object({ id: chargerId, hours: z.number().int().min(1).max(48), save: z.boolean().optional() })
      .strict(),
    reply: z.object({
      markdown: z.string(),
      json: z.string(),
      hidden: z.array(z.string()),
      files: z.object({ markdown: z.string(), json: z.string() }).optional(),
    }),
  },
  /** The configuration doctor: known foot-guns in each charger's settings, with what to change. */
  diagnoseChargers: {
    request: z.object({ targets: targetsSchema }).strict(),
    reply: z.array(doctorReportSchema),
  },
  compareChargers: {
    request: z.object({ targets: targetsSchema }).strict(),
    reply: z.object({
      /** Profile settings, MQTT sub-fields, then the installer (LCD-only) settings. */
      fields: z.array(
        z.object({ field: z.string(), label: z.string(), group: z.enum(['settings', 'mqtt', 'installer']) }),
      ),
      rows: z.array(
        z.object({
          chargerId: z.string(),
          name: z.string(),
          firmware: z.string().optional(),
          online: z.boolean(),
          values: z.record(z.string(), z.string()),
          problem: z.string().optional(),
          /** The configuration doctor's findings on the same reading. */
          findings: z.array(doctorFindingSchema).optional(),
        }),
      ),
    }),
  },
  listSites: { request: empty, reply: z.array(siteSchema) },
  saveSite: { request: z.object({ site: siteInputSchema }).strict(), reply: siteSchema },
  deleteSite: {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    reply: z.object({ removed: z.boolean() }),
  },
  commissioningReport: {
    request: z
      .object({
        targets: targetsSchema,
        title: z.string().trim().min(1).max(120).optional(),
        /** The site whose customer, address and notes head the report (and name its file). */
        siteId: z.string().min(1).max(64).optional(),
      })
      .strict(),
    reply: z.object({
      html: z.string(),
      file: z.string(),
      /** The file's name alone (site and date), for the download. */
      fileName: z.string(),
      pdfFile: z.string().optional(),
    }),
  },
  /**
   * A firmware file the user picked, checked as the charger's updater checks it (base64: the web
   * transport carries JSON). Kept in memory for a rollout.
   */
  loadFirmwareFile: {
    request: z
      .object({
        fileName: z.string().min(1).max(260),
        /** Sent to the charger under this name; guessed from the file name when absent. */
        sendAs: z.enum(firmwareFileNames).optional(),
        dataBase64: z.string().max(2_400_000),
      })
      .strict(),
    reply: firmwareImageSchema,
  },
  /** Releases of a firmware line (GitHub), fetched on the user's request only. */
  listFirmwareReleases: {
    request: z.object({ line: firmwareLineSchema }).strict(),
    reply: z.array(firmwareReleaseSchema),
  },
  loadFirmwareRelease: {
    request: z
      .object({
        line: firmwareLineSchema,
        tag: z.string().min(1).max(100),
        asset: z.string().min(1).max(200),
      })
      .strict(),
    reply: firmwareImageSchema,
  },
  firmwarePreflight: {
    request: z.object({ imageId: z.string().min(1).max(64), targets: targetsSchema }).strict(),
    reply: z.array(firmwarePreflightSchema),
  },
  startFirmwareUpdate: { request: firmwareStartSchema, reply: firmwareJobSchema },
  getFirmwareJob: { request: z.object({ jobId: jobId }).strict(), reply: firmwareJobSchema },
  /** Starts no further charger; uploads already running finish and are checked. */
  cancelFirmwareUpdate: { request: z.object({ jobId: jobId }).strict(), reply: firmwareJobSchema },
  getSimulatorStatus: { request: empty, reply: simulatorStatusSchema },
  /** The simulator panel: the simulated world, EV and clock, and the core's hidden state. */
  simulatorOverview: { request: empty, reply: simStatusSchema },
  simulatorEv: {
    request: z.object({ serial: z.number().int(), ev: simEvRequestSchema }).strict(),
    reply: z.record(z.string(), z.unknown()),
  },
  simulatorWorld: { request: simWorldRequestSchema, reply: z.record(z.string(), z.unknown()) },
  /**
   * What only the charger's LCD menu or its hardware sets (meter types, MaxCurrent, MaxMains,
   * temperature, an RCM fault), for the scenarios a trainer shows. The power-share role is not set
   * from here (on a charger it is the LCD's PWR SHARE; the simulator's own control API and
   * `/automated_testing` change it), and answer delays are for tests only.
   */
  simulatorConfig: {
    request: z
      .object({
        serial: z.number().int(),
        config: simConfigRequestSchema.omit({ loadBl: true, latencyMs: true }),
      })
      .strict(),
    reply: z.record(z.string(), z.unknown()),
  },
  simulatorClock: { request: simClockRequestSchema, reply: z.record(z.string(), z.unknown()) },
  simulatorInternals: {
    request: z.object({ serial: z.number().int() }).strict(),
    reply: simInternalsSchema,
  },
  startSimulator: {
    request: z
      .object({
        chargers: z.number().int().min(1).max(50).optional(),
        /** Wire them as power-share groups (a master and up to 7 nodes each). */
        group: z.boolean().optional(),
        /** Start the embedded MQTT broker on 127.0.0.1 and point every simulated charger at it. */
        mqtt: z.boolean().optional(),
      })
      .strict(),
    reply: simulatorStatusSchema,
  },
  stopSimulator: { request: empty, reply: simulatorStatusSchema },
  /** Connects Studio to the broker the charger reports and starts showing its topics. */
  mqttOpen: { request: mqttOpenRequestSchema, reply: mqttViewSchema },
  mqttView: { request: byId, reply: mqttViewSchema },
  /** Checked against the firmware's rules, published, then confirmed over REST. */
  mqttSend: { request: mqttSendRequestSchema, reply: mqttSendResultSchema },
  mqttClose: { request: byId, reply: mqttViewSchema },
  mqttForgetPassword: { request: byId, reply: mqttViewSchema },
  /** curl, mosquitto_pub, Home Assistant and evcc snippets for this charger, from what it reports. */
  integrationSnippets: { request: byId, reply: z.array(snippetSchema) },
} as const;

/** Every event main pushes to the renderer, with its payload schema. */
export const studioEvents = {
  ChargerListChange: z.array(chargerSummarySchema),
  /** One charger appeared, changed (address, version, mode, state) or was lost. */
  ChargerChange: z.object({ kind: z.enum(['appear', 'update', 'lost']), charger: chargerSummarySchema }),
  /** A new sample, sent only to clients subscribed to that charger. */
  ChargerSample: z.object({
    chargerId: z.string(),
    sample: chargerSampleSchema,
    snapshot: chargerSnapshotSchema,
  }),
  SimulatorChange: simulatorStatusSchema,
  /** A firmware rollout's progress (bytes sent per charger) and results. */
  FirmwareJobChange: firmwareJobSchema,
  ApplyJobChange: applyJobSchema,
} as const;

export type StudioMethodName = keyof typeof studioMethods;
export type StudioEventName = keyof typeof studioEvents;
export type MethodRequest<M extends StudioMethodName> = z.infer<(typeof studioMethods)[M]['request']>;
export type MethodReply<M extends StudioMethodName> = z.infer<(typeof studioMethods)[M]['reply']>;
export type EventPayload<E extends StudioEventName> = z.infer<(typeof studioEvents)[E]>;

/** The renderer's view of the API: one async function per method, one `on…` per event. */
export type StudioApi = {
  [M in StudioMethodName]: (request: MethodRequest<M>) => Promise<MethodReply<M>>;
} & {
  on<E extends StudioEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/**
 * What main must provide: exactly one handler per method. `satisfies StudioHandlers` on the
 * service's handler table fails to compile when a method lacks a handler or a handler lacks a method.
 */
export type StudioHandlers = {
  [M in StudioMethodName]: (request: MethodRequest<M>, context: CallContext) => Promise<MethodReply<M>>;
};

/** Who is calling: a window (IPC) or a web-mode connection. Subscriptions belong to their client. */
export interface CallContext {
  clientId: string;
}

/** The envelope every transport uses for a reply, so the error's fields survive the trip. */
export const replyEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: studioErrorSchema }),
]);
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;

/** Channel names of the IPC binding. */
export const ipcChannels = { invoke: 'studio:invoke', event: 'studio:event' } as const;

export function isStudioMethod(name: unknown): name is StudioMethodName {
  return typeof name === 'string' && Object.hasOwn(studioMethods, name);
}

export function isStudioEvent(name: unknown): name is StudioEventName {
  return typeof name === 'string' && Object.hasOwn(studioEvents, name);
}
