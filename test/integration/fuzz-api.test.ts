// Goal: no input a renderer (or a page in web mode) can send makes main misbehave: every API method
// gets thousands of wrong inputs (wrong types, huge strings, prototype-pollution keys, out-of-range
// numbers, unknown chargers, addresses of hosts not in the list), and each gets the contract's error
// or a valid reply, main keeps running, and no request goes to a host that is not in the list.
// Web mode without its token, or from another origin, reaches no handler at all.
// Method: fast-check against the dispatcher (what the IPC binding runs) and the real web binding,
// with a StudioService whose one listed charger is the real simulator; node:http is watched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import http from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  parseChargerAddress,
  studioErrorSchema,
  studioMethods,
  type StudioHandlers,
  type StudioMethodName,
} from '$shared/contract';
import { StudioService } from '../../src-main/service/studio-service';
import { dispatch } from '../../src-main/transport/dispatch';
import { startWebBinding, type WebBinding } from '../../src-main/transport/web-binding';
import { startSim, type SimProcess } from '../support/sim-process';
import { figure } from '../../scripts/figures.mjs';

let sim: SimProcess;
let dir: string;
let service: StudioService;
let chargerId: string;
const ctx = { clientId: 'fuzz' };
const outgoing: string[] = [];
const originalRequest = http.request;
/** The test's own requests to the web binding go through this, so the watch sees only main's. */
const originalFetch = globalThis.fetch;

beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-fuzz-'));
  service = new StudioService({ userDataDir: dir, shell: 'web', version: 'fuzz' });
  await service.init();
  await service.start();
  chargerId = (await service.handlers.addCharger({ address: `127.0.0.1:${sim.chargers[0]!.port}` }, ctx)).id;
  // Main reaches other hosts through node:http (chargers) and fetch (the simulator's control API):
  // record where every request of either kind goes.
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const target = input instanceof Request ? input.url : String(input);
    outgoing.push(new URL(target).host);
    return originalFetch(input, init);
  }) as typeof fetch;
  (http as { request: typeof http.request }).request = ((...args: Parameters<typeof http.request>) => {
    const target = args.find((a) => a instanceof URL || (typeof a === 'object' && a !== null && 'port' in a));
    const where =
      target instanceof URL
        ? target.host
        : `${(target as http.RequestOptions | undefined)?.hostname ?? (target as http.RequestOptions | undefined)?.host}:${(target as http.RequestOptions | undefined)?.port}`;
    outgoing.push(where);
    return originalRequest(...args);
  }) as typeof http.request;
}, 30_000);

afterAll(async () => {
  (http as { request: typeof http.request }).request = originalRequest;
  globalThis.fetch = originalFetch;
  await service?.close();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Values that are wrong for almost any field, and a few that probe specific weaknesses. */
const hostile = fc.oneof(
  fc.anything(),
  fc.string({ minLength: 10_000, maxLength: 200_000 }),
  fc.constantFrom(
    'http://10.0.0.1/settings',
    'http://169.254.169.254/latest/meta-data',
    'file:///etc/passwd',
    'javascript:alert(1)',
    '127.0.0.2:80',
    '[::1]:22',
    'SmartEVSE-1',
    '../../../../etc/passwd',
    '__proto__',
    'constructor',
  ),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1, 2 ** 53, 1e308, -0),
  fc.constant(null),
);

/** An object shaped like the method's request, with hostile values and pollution keys mixed in. */
function requestsFor(method: StudioMethodName): fc.Arbitrary<unknown> {
  const shape = (studioMethods[method].request as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const shaped = fc
    .record(Object.fromEntries(keys.map((k) => [k, hostile])), { requiredKeys: [] })
    .chain((base) =>
      fc.constantFrom(
        base,
        { ...base, extra: 1 },
        JSON.parse(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`),
        { ...base, id: 'SmartEVSE-999999' },
        { ...base, id: chargerId, values: { currentMinA: 99 } },
      ),
    );
  return fc.oneof(hostile, shaped);
}

const methods = Object.keys(studioMethods) as StudioMethodName[];

describe('API fuzzing', () => {
  it('answers every wrong input with the contract error, sends nothing to hosts not in the list', async () => {
    const allowedHost = `127.0.0.1:${sim.chargers[0]!.port}`;
    let tried = 0;
    let refused = 0;
    for (const method of methods) {
      const samples = fc.sample(requestsFor(method), { numRuns: 120, seed: 42 + methods.indexOf(method) });
      for (const request of samples) {
        // Adding a charger by a valid address is the user's way to reach a new host: only wrong ones here.
        if (method === 'addCharger') {
          const address = (request as { address?: unknown } | null)?.address;
          if (typeof address === 'string' && parseChargerAddress(address).ok) continue;
        }
        // Starting the simulator or a job with valid input is allowed; the rest must be refused.
        const valid = studioMethods[method].request.safeParse(request).success;
        const reply = await dispatch(service.handlers as StudioHandlers, method, request, ctx);
        tried += 1;
        if (!valid) {
          expect(reply.ok, `${method} accepted ${JSON.stringify(request)?.slice(0, 200)}`).toBe(false);
          if (!reply.ok) expect(reply.error.code).toBe('invalid-request');
          refused += 1;
        }
        if (!reply.ok) expect(studioErrorSchema.safeParse(reply.error).success).toBe(true);
      }
    }
    // Unknown methods are refused too.
    for (const name of fc.sample(fc.oneof(fc.string(), fc.anything()), { numRuns: 200, seed: 7 })) {
      if (typeof name === 'string' && name in studioMethods) continue;
      const reply = await dispatch(service.handlers as StudioHandlers, name, {}, ctx);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
      tried += 1;
    }
    const elsewhere = outgoing.filter((where) => where !== allowedHost);
    figure(
      'API fuzzing',
      `${tried} inputs over ${methods.length} methods (${refused} refused by the contract); requests to hosts not in the list: ${elsewhere.length}`,
    );
    expect(elsewhere).toEqual([]);
    expect(tried).toBeGreaterThan(3000);
    // Nothing polluted, and main still works.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const list = await service.handlers.listChargers({}, ctx);
    expect(list.map((c) => c.id)).toContain(chargerId);
    expect((await service.handlers.readCharger({ id: chargerId }, ctx)).charger.online).toBe(true);
    // The watch on node:http sees main's requests (so the zero above is a real zero).
    expect(outgoing).toContain(allowedHost);
  }, 120_000);
});

describe('web mode without its token or from another origin', () => {
  let binding: WebBinding;
  let calls = 0;

  beforeAll(async () => {
    const rendererDir = path.join(dir, 'renderer');
    await mkdir(rendererDir, { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<p>studio</p>');
    const counting = new Proxy(service.handlers, {
      get: (target, key) => {
        const handler = target[key as keyof StudioHandlers];
        return typeof handler === 'function'
          ? (...args: unknown[]) => ((calls += 1), (handler as (...a: unknown[]) => unknown)(...args))
          : handler;
      },
    });
    binding = await startWebBinding({
      handlers: counting,
      subscribe: (listener) => service.onEvent(listener),
      rendererDir,
    });
  });

  afterAll(() => binding?.close());

  it('reaches no handler, whatever the path, method, headers or body', async () => {
    const base = new URL(binding.url);
    const token = base.searchParams.get('token')!;
    const origin = base.origin;
    const cases = fc.sample(
      fc.record({
        method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'OPTIONS'),
        path: fc.oneof(
          fc.constantFrom(...methods.map((m) => `/api/call/${m}`)),
          fc.webPath(),
          fc.string().map((s) => `/api/call/${encodeURIComponent(s)}`),
        ),
        token: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 64 }), fc.constant(`${token}x`)),
        origin: fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('http://evil.example', 'null', `${origin}.evil.example`, 'http://127.0.0.1:1'),
        ),
        body: fc.oneof(fc.json(), fc.string()),
      }),
      { numRuns: 600, seed: 11 },
    );
    let answered = 0;
    for (const c of cases) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (c.token !== undefined) headers['X-Studio-Token'] = c.token;
      if (c.origin !== undefined) headers.Origin = c.origin;
      const response = await originalFetch(`${origin}${c.path.startsWith('/') ? c.path : `/${c.path}`}`, {
        method: c.method,
        headers,
        body: c.method === 'GET' ? null : (c.body ?? null),
      }).catch(() => undefined);
      if (response) {
        answered += 1;
        if (c.path.startsWith('/api/')) expect(response.status).toBeGreaterThanOrEqual(400);
        await response.arrayBuffer();
      }
    }
    figure(
      'web fuzzing',
      `${cases.length} requests without the token or from another origin, ${answered} answered; handlers reached: ${calls}`,
    );
    expect(calls).toBe(0);
    // The right token from the page's own origin still works.
    const ok = await originalFetch(`${origin}/api/call/listChargers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Studio-Token': token, Origin: origin },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(calls).toBe(1);
  }, 120_000);
});
