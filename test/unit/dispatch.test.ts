// Goal: the binding-side dispatcher lets only well-formed calls reach a handler, and always answers
// with the contract's envelope. Method: a handler table that records calls, fed good and bad input.
import { describe, expect, it } from 'vitest';
import { StudioError, createStudioApi, type StudioHandlers } from '../../src-main/contract';
import { dispatch } from '../../src-main/transport/dispatch';

const stopped = { running: false, chargers: [], restarts: 0, log: [] };

function recordingHandlers() {
  const calls: string[] = [];
  const handlers = {
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
  } satisfies StudioHandlers;
  return { calls, handlers };
}

describe('dispatch', () => {
  it('passes a valid call to its handler', async () => {
    const { calls, handlers } = recordingHandlers();
    expect(await dispatch(handlers, 'listChargers', {})).toEqual({ ok: true, value: [] });
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
    const reply = await dispatch(handlers, method, request);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(calls).toEqual([]);
  });

  it('names the offending field', async () => {
    const { handlers } = recordingHandlers();
    const reply = await dispatch(handlers, 'addCharger', { address: 7 });
    expect(reply).toMatchObject({ ok: false, error: { field: 'address' } });
  });

  it('carries a handler error with all its fields', async () => {
    const { handlers } = recordingHandlers();
    expect(await dispatch(handlers, 'addCharger', { address: 'a' })).toEqual({
      ok: false,
      error: { code: 'charger-refused', message: 'refused', chargerId: 'x' },
    });
  });

  it('the client factory turns envelopes back into values and StudioErrors', async () => {
    const { handlers } = recordingHandlers();
    const api = createStudioApi({
      invoke: (m, r) => dispatch(handlers, m, r),
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
