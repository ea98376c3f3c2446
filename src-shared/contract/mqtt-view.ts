/**
 * Studio's MQTT view of one charger: the broker the charger reports, the charger's topics with
 * their last values, its Home Assistant entities, the known traps, and `Set/` commands checked
 * against the firmware's rules before they are sent (mqtt.md §4) — the firmware never answers a
 * command, so a command it would ignore is refused here with the reason.
 */
import { z } from 'zod';
import { studioErrorSchema } from './errors';
import { c2Settings } from './setting-fields';

/** The `P/Set/<Name>` commands a user can send from Studio (release builds, mqtt.md §4.2). */
export const mqttCommandNames = [
  'Mode',
  'CurrentOverride',
  'CurrentMaxSumMains',
  'MainsMeter',
  'EVMeter',
  'CircuitMeter',
  'HomeBatteryCurrent',
  'ColorOff',
  'ColorNormal',
  'ColorSmart',
  'ColorSolar',
  'ColorCustom',
  'CustomButton',
  'CableLock',
  'EnableC2',
  'RFID',
] as const;
export type MqttCommandName = (typeof mqttCommandNames)[number];

const chargerId = z.string().min(1).max(200);

export const mqttOpenRequestSchema = z
  .object({
    id: chargerId,
    /** Typed by the user; main keeps it only with `remember`, encrypted by the system. */
    password: z.string().max(64).optional(),
    remember: z.boolean().optional(),
  })
  .strict();

export const mqttTopicSchema = z.object({
  /** The part after the prefix, e.g. `Mode`, `Set/Mode`. */
  name: z.string(),
  payload: z.string(),
  /** Came as the broker's retained copy (from before Studio subscribed). */
  retained: z.boolean(),
  ageMs: z.number(),
});

export const mqttEntitySchema = z.object({ domain: z.string(), name: z.string(), uniqueId: z.string() });

export const mqttTrapSchema = z.object({
  key: z.string().max(64),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type MqttTrap = z.infer<typeof mqttTrapSchema>;

export const mqttViewSchema = z.object({
  state: z.enum(['off', 'connecting', 'connected', 'failed']),
  broker: z
    .object({ host: z.string(), port: z.number().int(), tls: z.boolean(), username: z.string() })
    .optional(),
  prefix: z.string(),
  /** The charger's own `mqtt.status` (its link to the broker, not Studio's). */
  chargerStatus: z.string().optional(),
  passwordSet: z.boolean(),
  /** A password Studio keeps (encrypted) for this charger's broker. */
  passwordKept: z.boolean(),
  /** Whether this build can keep one (the desktop app's system keychain; not web mode). */
  canKeepPassword: z.boolean(),
  error: studioErrorSchema.optional(),
  topics: z.array(mqttTopicSchema),
  entities: z.array(mqttEntitySchema),
  traps: z.array(mqttTrapSchema),
});
export type MqttView = z.infer<typeof mqttViewSchema>;

export const mqttSendRequestSchema = z
  .object({ id: chargerId, name: z.enum(mqttCommandNames), payload: z.string().max(64) })
  .strict();
export type MqttSendRequest = z.infer<typeof mqttSendRequestSchema>;

export const mqttSendResultSchema = z.object({
  topic: z.string(),
  /** What the charger's REST reply showed for the command's value, before and after. */
  before: z.string().optional(),
  after: z.string().optional(),
  /** The value now reads as the command asked (false: the charger did not act within ~3 s). */
  acted: z.boolean(),
});
export type MqttSendResult = z.infer<typeof mqttSendResultSchema>;

/** What the firmware's checks depend on, read from the charger's `/settings`. */
export interface MqttCommandFacts {
  flavour: 'dingo35' | 'official' | 'legacy';
  /** REST `mode` (OFF, NORMAL, SMART, SOLAR, PAUSE). */
  mode: string;
  loadBl: number;
  mainsMeter: string;
  evMeter: string;
  rfidReader: string;
  minCurrentA: number;
  maxCurrentA: number;
}

const modeNames = ['Off', 'Normal', 'Smart', 'Solar', 'Pause'];

function integer(text: string): number | undefined {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function numbers(text: string, separator: string): number[] | undefined {
  const parts = text.split(separator).map((part) => integer(part));
  return parts.every((part) => part !== undefined) ? parts : undefined;
}

/**
 * Why the firmware would ignore this command, as a catalogue key with values; undefined when it
 * acts on it. Stricter than the firmware's C parsing on purpose: text it would read as 0 (which
 * clears an override) is refused here, so what is sent means what the user typed.
 */
export function mqttCommandProblem(
  name: MqttCommandName,
  payload: string,
  facts: MqttCommandFacts,
): MqttTrap | undefined {
  const node = facts.loadBl >= 2;
  const dingo = facts.flavour === 'dingo35';
  switch (name) {
    case 'Mode':
      if (integer(payload) !== undefined)
        return { key: 'mqttModeNumber', params: { names: modeNames.join(', ') } };
      if (!modeNames.includes(payload))
        return { key: 'mqttModeName', params: { names: modeNames.join(', ') } };
      if (
        payload !== 'Normal' &&
        payload !== 'Off' &&
        payload !== 'Pause' &&
        !node &&
        facts.mainsMeter === 'Disabled'
      )
        return { key: 'mqttModeNoMeter', params: { mode: payload } };
      return undefined;
    case 'CurrentOverride': {
      const v = integer(payload);
      if (v === undefined) return { key: 'mqttWholeNumber' };
      if (v === 0) return undefined;
      if (node) return { key: 'mqttOnNode' };
      if (facts.mode !== 'NORMAL' && facts.mode !== 'SMART') return { key: 'mqttOverrideMode' };
      if (v < facts.minCurrentA * 10 || v > facts.maxCurrentA * 10)
        return {
          key: 'mqttRange',
          params: { min: facts.minCurrentA * 10, max: facts.maxCurrentA * 10, unit: 'dA' },
        };
      return undefined;
    }
    case 'CurrentMaxSumMains': {
      const v = integer(payload);
      if (v === undefined) return { key: 'mqttWholeNumber' };
      if (node) return { key: 'mqttOnNode' };
      if (v !== 0 && (v < 10 || v > 600)) return { key: 'mqttSumMainsRange' };
      return undefined;
    }
    case 'MainsMeter':
    case 'CircuitMeter': {
      if (name === 'CircuitMeter' && !dingo) return { key: 'mqttNotInLine' };
      if (name === 'MainsMeter' && node) return { key: 'mqttOnNode' };
      if (name === 'MainsMeter' && facts.mainsMeter !== 'API')
        return { key: 'mqttNotApi', params: { meter: facts.mainsMeter } };
      const values = numbers(payload, ':');
      const counts = name === 'MainsMeter' && dingo ? [3, 5] : [3];
      if (!values || !counts.includes(values.length))
        return { key: 'mqttMeterFields', params: { fields: counts.join(' or ') } };
      if (values.slice(0, 3).some((v) => v <= -2000 || v >= 2000)) return { key: 'mqttMeterRange' };
      return undefined;
    }
    case 'EVMeter': {
      if (facts.evMeter !== 'API') return { key: 'mqttNotApi', params: { meter: facts.evMeter } };
      const values = numbers(payload, ':');
      if (!values || values.length !== 5) return { key: 'mqttMeterFields', params: { fields: 5 } };
      if (values.slice(0, 3).some((v) => v < 0 || v > 999)) return { key: 'mqttEvMeterRange' };
      return undefined;
    }
    case 'HomeBatteryCurrent':
      if (node) return { key: 'mqttOnNode' };
      return integer(payload) === undefined ? { key: 'mqttWholeNumber' } : undefined;
    case 'ColorOff':
    case 'ColorNormal':
    case 'ColorSmart':
    case 'ColorSolar':
    case 'ColorCustom': {
      const values = numbers(payload, ',');
      return values && values.length === 3 && values.every((v) => v >= 0 && v <= 255)
        ? undefined
        : { key: 'mqttColour' };
    }
    case 'CustomButton':
      return payload === 'On' || payload === 'Off' ? undefined : { key: 'mqttOnOff' };
    case 'CableLock':
      return payload === '0' || payload === '1' ? undefined : { key: 'mqttZeroOne' };
    case 'EnableC2': {
      if (!dingo) return { key: 'mqttNotInLine' };
      const v = integer(payload);
      if (v !== undefined ? v >= 0 && v <= 4 : (c2Settings as readonly string[]).includes(payload))
        return undefined;
      return { key: 'mqttC2', params: { names: c2Settings.join(', ') } };
    }
    case 'RFID':
      if (!dingo) return { key: 'mqttNotInLine' };
      if (facts.rfidReader === 'Disabled') return { key: 'mqttNoReader' };
      return /^([0-9a-fA-F]{12}|[0-9a-fA-F]{14})$/.test(payload.trim()) ? undefined : { key: 'mqttRfid' };
  }
}
