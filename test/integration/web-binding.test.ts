// Goal: web mode serves the API only to the page that holds the per-run token, from its own origin,
// and carries StudioService's answers and events. Method: the real binding and service on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { StudioService } from '../../src-main/service/studio-service';
import { startWebBinding, type WebBinding } from '../../src-main/transport/web-binding';
import { settingsHandler, startFixtureServer, type FixtureServer } from '../support/fixture-charger';
import { eventually } from '../support/service';

const testClient = { clientId: 'test' };

let dir: string;
let service: StudioService;
let binding: WebBinding;
let charger: FixtureServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-web-'));
  await import('node:fs/promises').then((fs) =>
    fs.mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true }),
  );
  await import('node:fs/promises').then((fs) =>
    fs.writeFile(path.join(dir, 'renderer', 'index.html'), '<p>studio</p>'),
  );
  service = new StudioService({ userDataDir: path.join(dir, 'data'), shell: 'web', version: 'test' });
  await service.init();
  binding = await startWebBinding({
    handlers: service.handlers,
    subscribe: (listener) => service.onEvent(listener),
    rendererDir: path.join(dir, 'renderer'),
  });
  charger = await startFixtureServer(
    settingsHandler(readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8')),
  );
});

afterAll(async () => {
  await binding.close();
  await charger.close();
  await rm(dir, { recursive: true, force: true });
});

const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${binding.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Studio-Token': binding.token, ...headers },
    body: JSON.stringify(body),
  });

describe('web binding', () => {
  it('binds to loopback only', () => {
    expect(binding.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the page only with the token, with the CSP header', async () => {
    expect((await fetch(`${binding.origin}/`)).status).toBe(403);
    expect((await fetch(`${binding.origin}/?token=wrong`)).status).toBe(403);
    const page = await fetch(binding.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses calls without the token, from another origin, or for another host name', async () => {
    expect((await call('listChargers', {}, { 'X-Studio-Token': '' })).status).toBe(401);
    expect((await call('listChargers', {}, { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    // fetch() may not set Host, so the DNS-rebinding probe goes through node:http.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${binding.origin}/api/call/listChargers`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Studio-Token': binding.token,
          Host: 'evil.example',
        },
      });
      req.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebound).toBe(421);
    expect((await call('listChargers', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('answers a valid call and a malformed one with the contract envelope', async () => {
    // The list as the service holds it (another test of this file may have added a charger).
    const listed = JSON.parse(JSON.stringify(await service.handlers.listChargers({}, testClient)));
    expect(await (await call('listChargers', {})).json()).toEqual({ ok: true, value: listed });
    const bad = await fetch(`${binding.origin}/api/call/listChargers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Studio-Token': binding.token },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses the event socket without token or from another origin', async () => {
    const attempt = (url: string, origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { origin });
        ws.on('open', () => (ws.close(), resolve('open')));
        ws.on('error', () => resolve('refused'));
      });
    const events = `${binding.origin.replace('http', 'ws')}/api/events`;
    expect(await attempt(`${events}?token=nope`, binding.origin)).toBe('refused');
    expect(await attempt(`${events}?token=${binding.token}`, 'http://evil.example')).toBe('refused');
    expect(await attempt(`${events}?token=${binding.token}`, binding.origin)).toBe('open');
  });

  it('adds a charger, pushes the list event, and remembers it on disk', async () => {
    const ws = new WebSocket(`${binding.origin.replace('http', 'ws')}/api/events?token=${binding.token}`, {
      origin: binding.origin,
    });
    await new Promise((resolve) => ws.on('open', resolve));
    const event = new Promise<{ event: string; payload: { id: string }[] }>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.event === 'ChargerListChange') resolve(frame);
      }),
    );
    const reply = await (await call('addCharger', { address: charger.address })).json();
    expect(reply).toMatchObject({
      ok: true,
      value: { id: 'SmartEVSE-12345', online: true, origin: 'manual' },
    });
    const pushed = await event;
    expect(pushed.event).toBe('ChargerListChange');
    expect(pushed.payload.map((c) => c.id)).toEqual(['SmartEVSE-12345']);
    ws.close();
    const stored = JSON.parse(await readFile(path.join(dir, 'data', 'chargers.json'), 'utf8'));
    expect(stored).toMatchObject({ schemaVersion: 1, chargers: [{ id: 'SmartEVSE-12345', serial: 12345 }] });
    const again = new StudioService({ userDataDir: path.join(dir, 'data'), shell: 'web', version: 'test' });
    await again.init();
    expect(await again.handlers.listChargers({}, testClient)).toMatchObject([
      { id: 'SmartEVSE-12345', online: false },
    ]);
  });

  it('rejects an invalid address before any request leaves main', async () => {
    const before = charger.requests.length;
    const reply = await (await call('addCharger', { address: `${charger.address}/settings` })).json();
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-address', field: 'address' } });
    expect(charger.requests.length).toBe(before);
  });

  it('a page whose event socket opens after a change still gets the list as it is now', async () => {
    // The race seen in e2e: the page read the list (charger not yet answering), the charger came
    // online before the page's socket was open, and nothing changed after: the page showed it
    // offline for good. The web transport reads the list again when its socket opens.
    await call('addCharger', { address: charger.address });
    const listed = (await (await call('listChargers', {})).json()) as { value: { id: string }[] };
    expect(listed.value.length).toBeGreaterThan(0);
    const origin = binding.origin;
    // The page's WebSocket, as a browser makes it: with its origin, errors reported as events.
    class PageSocket extends WebSocket {
      constructor(url: string) {
        super(url, { origin });
        this.on('error', () => undefined);
      }
    }
    const global = globalThis as { WebSocket?: unknown };
    const original = global.WebSocket;
    global.WebSocket = PageSocket;
    try {
      const { createWebTransport } = await import('../../src-renderer/lib/api/web-transport');
      const transport = createWebTransport(binding.token, binding.origin);
      const lists: unknown[] = [];
      transport.subscribe('ChargerListChange', (payload) => lists.push(payload));
      await eventually(() => lists.length > 0 || undefined, 'the list after the socket opened', 5000);
      expect((lists[0] as { id: string }[]).map((c) => c.id)).toEqual(listed.value.map((c) => c.id));
    } finally {
      // Reconnects after the binding closes meet a socket that never opens: the loop ends there.
      global.WebSocket = original ?? class {};
    }
  });
});
