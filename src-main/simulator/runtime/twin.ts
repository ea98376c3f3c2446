/**
 * A twin: a new simulated charger set up from a `GET /settings` document (a live charger's, a
 * backup's, or one pasted from someone's bug report), so a supporter can watch the same stop
 * happen. The installer (LCD-only) values go in with the menu's ranges, as the control API's config
 * takes them; every REST-settable value goes through the firmware's own `POST /settings` handling,
 * so a value the firmware would refuse is refused here too and reported. MQTT and OCPP are never
 * copied: a twin must not connect to the reporter's broker or backend. What `/settings` does not
 * show (Config, RCMON, the mains meter's address, the circuit meter) stays at the defaults and is
 * listed.
 */
import { simConfigRequestSchema, type SimConfigRequest } from '$shared/contract/simulator-control';
import { c2Names, meterNamesD, meterNamesO, rfidReaderNames } from '../core';
import { deviceCore, type Device, type DeviceFlavour } from '../firmware/device';
import { postSettings } from '../firmware/post-settings';
import { parseQuery } from '../firmware/query';

type Json = Record<string, unknown>;

export interface TwinOutcome {
  /** Document keys applied, as paths (`settings.current_main`). */
  applied: string[];
  /** Document keys the firmware (or the menu's range) would not take, with why. */
  refused: { key: string; reason: string }[];
  /** Present in the document but never copied into a twin, with why. */
  notCopied: { key: string; reason: string }[];
  /** Settings the charger has that `/settings` does not show: left at the simulator's defaults. */
  notInDocument: string[];
}

const object = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** The firmware line that wrote the document: [D] reports `eth`, [O] a serial without it. */
export function twinFlavour(doc: Json): DeviceFlavour {
  if ('eth' in doc) return 'dingo35';
  if ('serialnr' in doc) return 'official';
  return 'legacy';
}

/** Sets the new charger up from the document; the charger is fresh (state A, no EV). */
export function applyTwin(device: Device, doc: Json, nowMs: number): TwinOutcome {
  const outcome: TwinOutcome = { applied: [], refused: [], notCopied: [], notInDocument: [] };
  const settings = object(doc.settings);
  const evse = object(doc.evse);
  const evMeter = object(doc.ev_meter);
  const meterNames: readonly string[] = device.flavour === 'official' ? meterNamesO : meterNamesD;
  const byName = (names: readonly string[], value: unknown) =>
    typeof value === 'string' ? names.indexOf(value) : typeof value === 'number' ? value : undefined;

  // Installer values first: the role decides what a node may take over REST.
  const installer: [keyof SimConfigRequest, string, unknown][] = [
    ['maxCurrentA', 'settings.current_max', settings.current_max],
    ['maxMainsA', 'settings.current_main', settings.current_main],
    ['maxCircuitA', 'settings.current_max_circuit', settings.current_max_circuit],
    ['mainsMeter', 'settings.mains_meter', byName(meterNames, settings.mains_meter)],
    ['evMeter', 'ev_meter.description', byName(meterNames, evMeter.description)],
    ['loadBl', 'evse.loadbl', evse.loadbl],
    ['maxTempC', 'evse.temp_max', evse.temp_max],
    ['rfidReader', 'evse.rfidreader', byName(rfidReaderNames, evse.rfidreader)],
    ['lock', 'settings.lock', settings.lock],
  ];
  const core = deviceCore(device);
  for (const [field, key, value] of installer) {
    if (value === undefined) continue;
    const parsed = simConfigRequestSchema.safeParse({ [field]: value });
    if (!parsed.success || value === -1) {
      outcome.refused.push({
        key,
        reason: parsed.success ? 'unknown name' : parsed.error.issues[0]!.message,
      });
      continue;
    }
    Object.assign(core.settings, parsed.data);
    outcome.applied.push(key);
  }
  if (
    Number.isInteger(evMeter.address) &&
    (evMeter.address as number) >= 0 &&
    (evMeter.address as number) <= 247
  ) {
    core.settings.evMeterAddress = evMeter.address as number;
    outcome.applied.push('ev_meter.address');
  }
  device.site.rewire();

  // REST-settable values, through the firmware's own handling (a refused one says "Value not allowed!").
  const rest: [param: string, key: string, value: unknown, replyKey?: string][] = [
    ['current_min', 'settings.current_min', settings.current_min],
    // In the firmware's own order: capacity mode 0 clears MaxSumMains, so it goes first.
    ['capacity_mode', 'settings.capacity_mode', settings.capacity_mode],
    [
      'intervals',
      'settings.intervals',
      Array.isArray(settings.intervals) ? JSON.stringify(settings.intervals) : undefined,
    ],
    ['current_max_sum_mains', 'settings.current_max_sum_mains', settings.current_max_sum_mains],
    ['max_sum_mains_timer', 'settings.max_sum_mains_time', settings.max_sum_mains_time, 'max_sum_mains_time'],
    ['solar_start_current', 'settings.solar_start_current', settings.solar_start_current],
    ['solar_max_import', 'settings.solar_max_import', settings.solar_max_import],
    ['stop_timer', 'settings.solar_stop_time', settings.solar_stop_time],
    ['enable_C2', 'settings.enable_C2', byName(c2Names, settings.enable_C2)],
    ['lcdlock', 'settings.lcdlock', settings.lcdlock],
    ['cablelock', 'settings.cablelock', settings.cablelock],
    ['mode', 'mode_id', doc.mode_id],
  ];
  for (const [param, key, value, replyKey] of rest) {
    if (value === undefined || value === null || value === -1) {
      if (value === -1) outcome.refused.push({ key, reason: 'unknown name' });
      continue;
    }
    const reply =
      postSettings(
        device,
        parseQuery(
          `${param}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`,
        ),
        nowMs,
      ) ?? {};
    const answer = reply[replyKey ?? param] ?? object(reply.settings)[param];
    if (answer === 'Value not allowed!' || answer === false)
      outcome.refused.push({ key, reason: `the firmware answers ${JSON.stringify(answer)}` });
    else outcome.applied.push(key);
  }
  // The delayed times are kept as the charger held them (epoch seconds): a past one does nothing.
  for (const [field, key] of [
    ['delayedStartS', 'starttime'],
    ['delayedStopS', 'stoptime'],
    ['delayedRepeat', 'repeat'],
  ] as const) {
    const value = settings[key];
    if (Number.isInteger(value) && (value as number) >= 0) {
      core.settings[field] = value as number;
      outcome.applied.push(`settings.${key}`);
    }
  }
  const colours = object(doc.color);
  for (const [name, rgb] of Object.entries(colours)) {
    const c = object(rgb);
    if (!(name in device.colours)) continue;
    const channels = [c.R, c.G, c.B];
    if (channels.every((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255)) {
      device.colours[name as keyof Device['colours']] = {
        R: c.R as number,
        G: c.G as number,
        B: c.B as number,
      };
      outcome.applied.push(`color.${name}`);
    }
  }
  for (const key of ['mqtt', 'ocpp', 'wifi'] as const)
    if (key in doc)
      outcome.notCopied.push({
        key,
        reason:
          key === 'wifi'
            ? 'a simulated charger has no Wi-Fi network of its own'
            : `a twin never connects to the reporter's ${key === 'mqtt' ? 'broker' : 'backend'}`,
      });
  outcome.notInDocument.push('Config (cable or socket)', 'RCMON', 'mains meter address', 'circuit meter');
  device.site.settle();
  return outcome;
}
