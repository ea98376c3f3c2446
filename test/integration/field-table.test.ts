// Goal: every settable field of the contract's field table works end to end: a good value is sent
// and read back from /settings where the table says; an out-of-range value is refused by Studio
// before anything is sent; the same value sent raw is refused by the simulator the way the
// firmware refuses it (§3.2). Method: StudioService and the real simulator over real HTTP; the
// rows come from the table itself, so a new field is walked without touching this file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  settableFields,
  settingsWriteSchema,
  toReported,
  valueAt,
  type SettableField,
  type SettableFieldName,
} from '$shared/contract';
import { dispatch } from '../../src-main/transport/dispatch';
import type { StudioService } from '../../src-main/service/studio-service';
import { post, startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';

let sim: SimProcess;
let service: StudioService;
let stopService: () => Promise<void>;
let id: string;
let url: string;
/** Every request the simulated charger answered, counted by the simulator's own log. */
const requestsSeen = async () => {
  const { body } = await sim.control('GET', `/sim/chargers/${sim.chargers[0]!.serial}/internals`);
  expect(body.requests).toBeDefined();
  return JSON.stringify(body.requests);
};

beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
  url = sim.chargers[0]!.url;
  // A lock actuator, so the cable lock is a setting this charger offers (it is walked below).
  await sim.control('POST', `/sim/chargers/${sim.chargers[0]!.serial}/config`, { lock: 1 });
  const started = await startService();
  service = started.service;
  stopService = started.stop;
  id = (await service.handlers.addCharger({ address: `127.0.0.1:${sim.chargers[0]!.port}` }, testClient)).id;
});
afterAll(async () => {
  await stopService();
  await sim.stop();
});

const settingsJson = async () => (await fetch(`${url}/settings`)).json();

/** Fields with a read-back in /settings and a value of their own (the schedule goes with a mode). */
const walked = (Object.entries(settableFields) as [SettableFieldName, SettableField][]).filter(
  ([, row]) => row.settingsKey && !row.withMode,
);

/** A value the charger takes: the range's top (within the charger's own currents for the override). */
function goodValue(row: SettableField, json: { settings: { current_max: number } }): unknown {
  if (row.codec === 'bool01') return true;
  if (row.rules?.withinChargerCurrents) return json.settings.current_max * (row.unit === 'dA' ? 10 : 1);
  return row.range!.max;
}

/**
 * How the firmware refuses an out-of-range value of each reply style (§3.2); a reply with no key
 * at all is the literal `null` (§2: an empty document).
 */
function firmwareRefusal(row: SettableField, reply: Record<string, unknown> | null): boolean {
  const key = row.replyKey ?? row.param;
  if (reply === null) return row.codec === 'bool01';
  if (row.confirm === 'true') return reply[key] === false;
  if (row.codec === 'bool01') return !(key in reply);
  return reply[key] === 'Value not allowed!';
}

describe('the field table against the simulator', () => {
  it('walks every settable field the table lists', () => {
    expect(walked.map(([name]) => name)).toEqual(
      expect.arrayContaining(['overrideCurrentDa', 'currentMinA', 'maxSumMainsA', 'stopTimerMin', 'lcdLock']),
    );
  });

  it.each(walked)('%s: a good value is applied and read back where the table says', async (name, row) => {
    const json = await settingsJson();
    const value = goodValue(row, json);
    const result = await service.handlers.writeSettings({ id, values: { [name]: value } }, testClient);
    expect(result.fields).toEqual([{ field: name, status: 'applied' }]);
    const after = await settingsJson();
    expect(valueAt(after, row.settingsKey!)).toEqual(toReported(row.codec, value));
    // The charger the write returns already holds it (no wait for the next poll).
    expect(result.charger.snapshot?.[row.snapshotKey!]).toEqual(toReported(row.codec, value));
  });

  it.each(walked.filter(([, row]) => row.range && row.codec !== 'c2'))(
    '%s: out of range, Studio refuses before sending; sent raw, the simulator refuses like the firmware',
    async (name, row) => {
      const bad = row.range!.max + 1;
      expect(settingsWriteSchema.safeParse({ [name]: bad }).success).toBe(false);
      const before = await requestsSeen();
      const reply = await dispatch(
        service.handlers,
        'writeSettings',
        { id, values: { [name]: bad } },
        testClient,
      );
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request', field: `values.${name}` } });
      expect(await requestsSeen()).toBe(before);

      const held = valueAt(await settingsJson(), row.settingsKey!);
      const raw = JSON.parse((await post(`${url}/settings?${row.param}=${bad}`)).text) as Record<
        string,
        unknown
      >;
      expect(firmwareRefusal(row, raw), JSON.stringify(raw)).toBe(true);
      expect(valueAt(await settingsJson(), row.settingsKey!)).toEqual(held);
    },
  );

  it.each(walked.filter(([, row]) => row.codec === 'bool01'))(
    '%s: a value other than 0 or 1 sent raw is not taken (no reply key), as the firmware does',
    async (_name, row) => {
      const held = valueAt(await settingsJson(), row.settingsKey!);
      const raw = JSON.parse((await post(`${url}/settings?${row.param}=2`)).text) as Record<
        string,
        unknown
      > | null;
      expect(firmwareRefusal(row, raw), JSON.stringify(raw)).toBe(true);
      expect(valueAt(await settingsJson(), row.settingsKey!)).toEqual(held);
    },
  );
});
