/**
 * The simulator's control API (JSON over HTTP on 127.0.0.1): schemas shared by the simulator,
 * Studio's supervisor and simulator panel, and the tests. Bad input is answered 400 with the field.
 */
import { z } from 'zod';
import { firmwareFlavours } from './setting-fields';

/** The firmware lines the simulator can be: the same ones Studio reads. */
export const simFlavours = firmwareFlavours;

export const simChargerSchema = z.object({
  serial: z.number().int(),
  name: z.string(),
  port: z.number().int(),
  url: z.string(),
  flavour: z.enum(simFlavours),
});
export type SimCharger = z.infer<typeof simChargerSchema>;

export const simStatusSchema = z.object({
  clock: z.object({ nowMs: z.number(), speed: z.number(), paused: z.boolean() }),
  chargers: z.array(simChargerSchema),
  /** Day profiles the virtual world can follow. */
  profiles: z.array(z.string()).optional(),
  /** The embedded MQTT broker (`--mqtt`), when the simulator runs one. */
  mqttBroker: z.object({ url: z.string(), host: z.string(), port: z.number().int() }).nullable().optional(),
});
export type SimStatus = z.infer<typeof simStatusSchema>;

/** A charger's MQTT link: `drop` cuts it without a DISCONNECT, so the broker sends the will. */
export const simMqttRequestSchema = z.object({ drop: z.literal(true) }).strict();

export const simClockRequestSchema = z
  .object({ paused: z.boolean().optional(), speed: z.number().positive().max(100_000).optional() })
  .strict();

/** Advance simulated time by `ms` (at most 31 simulated days per call). */
export const simAdvanceRequestSchema = z
  .object({
    ms: z
      .number()
      .int()
      .min(0)
      .max(31 * 86_400_000),
  })
  .strict();

export const simAddChargersRequestSchema = z
  .object({ count: z.number().int().min(1).max(200).optional(), flavour: z.enum(simFlavours).optional() })
  .strict();

export const simEvRequestSchema = z
  .object({
    state: z.enum(['disconnected', 'connected', 'charging']),
    phases: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    maxCurrentA: z.number().min(1).max(80).optional(),
    socPercent: z.number().min(0).max(100).optional(),
    capacityWh: z.number().min(1000).max(250_000).optional(),
    reactionDelayMs: z.number().int().min(0).max(60_000).optional(),
    stopDelayMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();

/** Settings only the charger's LCD menu can change, plus hardware inputs (temperature, RCM). */
export const simConfigRequestSchema = z
  .object({
    maxCurrentA: z.number().int().min(6).max(80),
    maxMainsA: z.number().int().min(10).max(200),
    maxCircuitA: z.number().int().min(10).max(160),
    mainsMeter: z.number().int().min(0).max(19),
    evMeter: z.number().int().min(0).max(19),
    circuitMeter: z.number().int().min(0).max(19),
    loadBl: z.number().int().min(0).max(8),
    cableConfig: z.union([z.literal(0), z.literal(1)]),
    cableCapacityA: z.union([z.literal(13), z.literal(16), z.literal(32), z.literal(63)]),
    maxTempC: z.number().int().min(40).max(75),
    rcmon: z.union([z.literal(0), z.literal(1)]),
    rfidReader: z.number().int().min(0).max(6),
    lock: z.number().int().min(0).max(2),
    temperatureC: z.number().int().min(-40).max(125),
    rcmFault: z.boolean(),
    lcdPin: z.number().int().min(0).max(9999),
    /** Simulation only: delay each HTTP answer of this charger by this many wall-clock ms. */
    latencyMs: z.number().int().min(0).max(60_000),
  })
  .partial()
  .strict();
export type SimConfigRequest = z.infer<typeof simConfigRequestSchema>;

/** A twin: a new simulated charger from a charger's `GET /settings` document. */
export const simTwinRequestSchema = z.object({ settings: z.record(z.string(), z.unknown()) }).strict();
export const simTwinReplySchema = z.object({
  charger: simChargerSchema,
  applied: z.array(z.string()),
  refused: z.array(z.object({ key: z.string(), reason: z.string() })),
  notCopied: z.array(z.object({ key: z.string(), reason: z.string() })),
  notInDocument: z.array(z.string()),
});
export type SimTwinReply = z.infer<typeof simTwinReplySchema>;

const phaseDa = z.tuple([z.number().int(), z.number().int(), z.number().int()]);
/** A recorded period replayed into a charger's site: mains and EV currents, and the plug. */
export const simReplayRequestSchema = z
  .object({
    points: z
      .array(
        z
          .object({
            offsetMs: z
              .number()
              .int()
              .min(0)
              .max(31 * 86_400_000),
            mainsDa: phaseDa,
            evDa: phaseDa.optional(),
            plugged: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(200_000)
      .refine((points) => points.every((p, i) => i === 0 || p.offsetMs >= points[i - 1]!.offsetMs), {
        message: 'the points must be in time order',
      }),
  })
  .strict();
export type SimReplayRequest = z.infer<typeof simReplayRequestSchema>;

const amps = z.number().min(-200).max(200);
export const simWorldRequestSchema = z
  .object({
    serial: z.number().int().optional(),
    houseLoadA: z.tuple([amps, amps, amps]).nullable().optional(),
    pvPeakA: z.number().min(0).max(300).optional(),
    pvA: z.number().min(0).max(300).nullable().optional(),
    batteryA: amps.optional(),
    noiseA: z.number().min(0).max(20).optional(),
    profile: z.string().max(64).nullable().optional(),
    mainsMeterOnline: z.boolean().optional(),
    evMeterOnline: z.boolean().optional(),
  })
  .strict();

/** One line the simulator prints on stdout when `--ready-json` is given, for its supervisor. */
export const simReadySchema = z.object({
  event: z.literal('ready'),
  controlPort: z.number().int(),
  seed: z.number().int().optional(),
  chargers: z.array(simChargerSchema),
  mqttBroker: z.object({ url: z.string(), host: z.string(), port: z.number().int() }).optional(),
});
export type SimReady = z.infer<typeof simReadySchema>;

/**
 * One simulated charger's hidden state (`GET /sim/chargers/:serial/internals`): what explains "why
 * isn't it charging". The parts Studio shows are typed; the rest passes through for the curious.
 */
export const simInternalsSchema = z.looseObject({
  serial: z.number().int(),
  nowMs: z.number(),
  state: z.object({ id: z.number().int(), name: z.string() }),
  errors: z.array(z.string()),
  pilot: z.union([z.number(), z.string()]),
  timers: z.looseObject({
    chargeDelayS: z.number(),
    solarStopTimerS: z.number(),
    maxSumMainsTimerS: z.number(),
    mainsMeterTimeoutS: z.number(),
  }),
  balance: z.looseObject({
    isetBalancedDa: z.number(),
    balancedDa: z.array(z.number()),
    noCurrent: z.number(),
  }),
  ev: z.looseObject({
    plug: z.enum(['disconnected', 'connected', 'charging']),
    socPercent: z.number(),
    phases: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    maxCurrentA: z.number(),
  }),
  world: z.looseObject({
    houseLoadA: z.array(z.number()).nullable(),
    pvA: z.number().nullable(),
    profile: z.string().nullable(),
  }),
});
export type SimInternals = z.infer<typeof simInternalsSchema>;
