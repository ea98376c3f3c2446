// Goal: the binding-side dispatcher lets only well-formed calls reach a handler, and always answers
// with the contract's envelope. Method: a handler table that records calls, fed good and bad input.
import { describe, expect, it } from 'vitest';
import { StudioError, createStudioApi, studioMethods, type StudioHandlers } from '$shared/contract';
import { dispatch } from '../../src-main/transport/dispatch';

const stopped = { running: false, chargers: [], restarts: 0, log: [] };
const context = { clientId: 'test-client' };

/**
 * A handler for every method of the contract's table: each records its call and refuses, unless
 * an override below answers. Built from `studioMethods`, so a new API method needs no edit here.
 */
function recordingHandlers() {
  const calls: string[] = [];
  const record = (name: string): never => {
    calls.push(name);
    throw new StudioError({ code: 'internal', message: `${name} is not part of this test` });
  };
  const refusing = Object.fromEntries(
    Object.keys(studioMethods).map((name) => [name, async () => record(name)]),
  ) as unknown as StudioHandlers;
  const answering = {
    getAppInfo: async () => (
      calls.push('getAppInfo'),
      { version: '1', shell: 'web' as const, platform: 'linux' }
    ),
    listChargers: async () => (calls.push('listChargers'), []),
    addCharger: async ({ address }) => {
      calls.push(`addCharger:${address}`);
      throw new StudioError({ code: 'charger-refused', message: 'refused', chargerId: 'x' });
    },
    removeCharger: async () => (calls.push('removeCharger'), { removed: false }),
    getSimulatorStatus: async () => (calls.push('getSimulatorStatus'), stopped),
    startSimulator: async () => (calls.push('startSimulator'), stopped),
    stopSimulator: async () => (calls.push('stopSimulator'), stopped),
    rescan: async () => (calls.push('rescan'), []),
    feedCurrents: async () => (calls.push('feedCurrents'), { fields: [] }),
    feedEvMeter: async () => (calls.push('feedEvMeter'), { fields: [] }),
    rebootCharger: async () => (calls.push('rebootCharger'), { deferred: false, message: '' }),
    subscribeSamples: async (_request, context) => (
      calls.push(`subscribeSamples:${context.clientId}`),
      { subscriptionId: 's' }
    ),
    unsubscribeSamples: async () => (calls.push('unsubscribeSamples'), { removed: false }),
    getSamples: async () => (calls.push('getSamples'), []),
    listPlans: async () => (calls.push('listPlans'), []),
  } satisfies Partial<StudioHandlers>;
  const handlers: StudioHandlers = { ...refusing, ...answering };
  return { calls, handlers };
}

describe('dispatch', () => {
  it('passes a valid call to its handler', async () => {
    const { calls, handlers } = recordingHandlers();
    expect(await dispatch(handlers, 'listChargers', {}, context)).toEqual({ ok: true, value: [] });
    expect(calls).toEqual(['listChargers']);
  });

  it.each([
    ['an unknown method', 'dropDatabase', {}, 'unknown-method'],
    ['a prototype key as method', '__proto__', {}, 'unknown-method'],
    ['a non-string method', 42, {}, 'unknown-method'],
    ['an extra field', 'listChargers', { extra: 1 }, 'invalid-request'],
    ['a wrong type', 'addCharger', { address: 7 }, 'invalid-request'],
    ['a huge string', 'addCharger', { address: 'a'.repeat(100_000) }, 'invalid-request'],
    ['no request at all', 'addCharger', undefined, 'invalid-request'],
    ['too many simulated chargers', 'startSimulator', { chargers: 51 }, 'invalid-request'],
  ])('refuses %s without calling a handler', async (_name, method, request, code) => {
    const { calls, handlers } = recordingHandlers();
    const reply = await dispatch(handlers, method, request, context);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(calls).toEqual([]);
  });

  it('passes the caller’s client id to the handler', async () => {
    const { calls, handlers } = recordingHandlers();
    await dispatch(handlers, 'subscribeSamples', { id: 'x', live: true }, context);
    expect(calls).toEqual(['subscribeSamples:test-client']);
  });

  it.each([
    ['a setting out of range', { id: 'x', values: { stopTimerMin: 61 } }, 'values.stopTimerMin'],
    ['MaxSumMains between 1 and 9', { id: 'x', values: { maxSumMainsA: 5 } }, 'values.maxSumMainsA'],
    [
      'a delayed start with mode Off (charging must start in a mode)',
      { id: 'x', values: { mode: 'OFF', startTime: '2030-01-01T08:00' } },
      'values.startTime',
    ],
    [
      'a start time in the quoted form',
      { id: 'x', values: { mode: 'SMART', startTime: '"2030-01-01T08:00"' } },
      'values.startTime',
    ],
    [
      'a stop without a start',
      { id: 'x', values: { mode: 'SMART', stopTime: '2030-01-01T08:00' } },
      'values.stopTime',
    ],
    ['an unknown setting', { id: 'x', values: { current_max: 32 } }, 'values'],
    ['no setting at all', { id: 'x', values: {} }, 'values'],
  ])('refuses writeSettings with %s, naming the field', async (_name, request, field) => {
    const { calls, handlers } = recordingHandlers();
    const reply = await dispatch(handlers, 'writeSettings', request, context);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request', field } });
    expect(calls).toEqual([]);
  });

  it('refuses colours outside 0–255', async () => {
    const { calls, handlers } = recordingHandlers();
    const reply = await dispatch(
      handlers,
      'setColour',
      { id: 'x', colour: { which: 'off', r: 0, g: 0, b: 256 } },
      context,
    );
    expect(reply).toMatchObject({ ok: false, error: { field: 'colour.b' } });
    expect(calls).toEqual([]);
  });

  it('names the offending field', async () => {
    const { handlers } = recordingHandlers();
    const reply = await dispatch(handlers, 'addCharger', { address: 7 }, context);
    expect(reply).toMatchObject({ ok: false, error: { field: 'address' } });
  });

  it('carries a handler error with all its fields', async () => {
    const { handlers } = recordingHandlers();
    expect(await dispatch(handlers, 'addCharger', { address: 'a' }, context)).toEqual({
      ok: false,
      error: { code: 'charger-refused', message: 'refused', chargerId: 'x' },
    });
  });

  it('the client factory turns envelopes back into values and StudioErrors', async () => {
    const { handlers } = recordingHandlers();
    const api = createStudioApi({
      invoke: (m, r) => dispatch(handlers, m, r, context),
      subscribe: () => () => undefined,
    });
    await expect(api.listChargers({})).resolves.toEqual([]);
    const error = await api.addCharger({ address: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioError);
    expect(error).toMatchObject({ code: 'charger-refused', chargerId: 'x' });
  });

  it('the client factory refuses a reply that breaks the contract', async () => {
    const api = createStudioApi({
      invoke: async () => ({ ok: true, value: [{ id: 1 }] }),
      subscribe: () => () => undefined,
    });
    await expect(api.listChargers({})).rejects.toMatchObject({ code: 'internal' });
  });
});

// Compile-time proof that the handler table must be complete and exact: `tsc -b` (part of npm test)
// fails if either expectation below stops being an error.
// @ts-expect-error removeCharger is missing
export const missing = { getAppInfo: null!, listChargers: null!, addCharger: null! } satisfies StudioHandlers;
export const extra = {
  ...recordingHandlers().handlers,
  // @ts-expect-error a handler without an API method
  unknownMethod: async () => undefined,
} satisfies StudioHandlers;
