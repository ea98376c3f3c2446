/**
 * The Studio API: one table of methods (request and reply schemas) and one table of events.
 * Main implements it (StudioService), transports bind it (IPC, HTTP+WebSocket), and the renderer
 * calls it through `createStudioApi`. Types are inferred from the schemas; nobody redefines them.
 */
import { z } from 'zod';
import { chargerAddressSchema } from './address';
import { chargerSnapshotSchema } from './charger-settings.schema';
import { studioErrorSchema } from './errors';

/** How a charger came into the list. */
export const chargerOrigins = ['manual', 'discovered', 'simulated'] as const;

/** One row of the charger list. */
export const chargerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: z.enum(chargerOrigins),
  address: chargerAddressSchema,
  online: z.boolean(),
  lastSeenMs: z.number().optional(),
  snapshot: chargerSnapshotSchema.optional(),
  lastError: studioErrorSchema.optional(),
});
export type ChargerSummary = z.infer<typeof chargerSummarySchema>;

/** Facts about the running app that the UI shows (and tests read). */
export const appInfoSchema = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();

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
});
export type SimulatorStatus = z.infer<typeof simulatorStatusSchema>;

/** Every method of the Studio API: request schema and reply schema. */
export const studioMethods = {
  getAppInfo: { request: empty, reply: appInfoSchema },
  listChargers: { request: empty, reply: z.array(chargerSummarySchema) },
  addCharger: {
    request: z.object({ address: z.string().max(300) }).strict(),
    reply: chargerSummarySchema,
  },
  removeCharger: {
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    reply: z.object({ removed: z.boolean() }),
  },
  getSimulatorStatus: { request: empty, reply: simulatorStatusSchema },
  startSimulator: {
    request: z.object({ chargers: z.number().int().min(1).max(50).optional() }).strict(),
    reply: simulatorStatusSchema,
  },
  stopSimulator: { request: empty, reply: simulatorStatusSchema },
} as const;

/** Every event main pushes to the renderer, with its payload schema. */
export const studioEvents = {
  ChargerListChange: z.array(chargerSummarySchema),
  SimulatorChange: simulatorStatusSchema,
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
  [M in StudioMethodName]: (request: MethodRequest<M>) => Promise<MethodReply<M>>;
};

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
