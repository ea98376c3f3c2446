/**
 * Web mode: the Studio API over HTTP (calls) and WebSocket (events), plus the built renderer.
 * Binds to loopback only; every call needs the per-run token, and requests from another origin or
 * for another host name (DNS rebinding) are refused. Holds no logic: it forwards to `dispatch`.
 */
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StudioHandlers } from '$shared/contract';
import { securityHeaders } from '../security/policy';
import { rendererFile } from './renderer-files';
import { dispatch, unauthorized } from './dispatch';
import type { StudioEventListener } from '../service/studio-events';

export interface WebBindingOptions {
  handlers: StudioHandlers;
  subscribe: (listener: StudioEventListener) => () => void;
  /** A page's event socket closed: its subscriptions end. */
  onClientGone?: (clientId: string) => void;
  /** Folder with the built renderer (index.html and assets/). */
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface WebBinding {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

// A firmware image (1.7 MB, base64) is the largest request.
const maxBodyBytes = 3 * 1024 * 1024;
const clientIdPattern = /^[A-Za-z0-9-]{8,64}$/;

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebBinding(options: WebBindingOptions): Promise<WebBinding> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const send = (
    res: http.ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    extra = {},
  ) => {
    res.writeHead(status, {
      ...securityHeaders,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', {
      'Cache-Control': 'no-store',
    });

  const serveFile = async (res: http.ServerResponse, urlPath: string) => {
    const file = await rendererFile(options.rendererDir, urlPath);
    res.writeHead(file.status, { ...file.headers, 'Content-Length': file.body.length });
    res.end(file.body);
  };

  // Every error is answered inside; nothing is left for a rejected promise.
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'Unknown host', 'text/plain');
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        if (!sameToken(url.searchParams.get('token'), token)) {
          return send(
            res,
            403,
            'SmartEVSE Studio: open the address printed at start, with its token.',
            'text/plain',
          );
        }
        return await serveFile(res, '/index.html');
      }
      if (req.method === 'GET' && url.pathname.startsWith('/assets/')) {
        return await serveFile(res, url.pathname);
      }
      const call = /^\/api\/call\/([A-Za-z]{1,64})$/.exec(url.pathname);
      if (call) {
        if (req.method !== 'POST') return sendJson(res, 405, unauthorized('Use POST'));
        // Another page's script could POST here; it has neither our origin nor the token header.
        if (req.headers.origin !== undefined && !allowedOrigins.has(req.headers.origin)) {
          return sendJson(res, 403, unauthorized('Calls from another origin are refused'));
        }
        if (!sameToken(req.headers['x-studio-token'] as string | undefined, token)) {
          return sendJson(res, 401, unauthorized('Missing or wrong Studio token'));
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, unauthorized('Send application/json'));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of req) {
          size += (chunk as Buffer).length;
          if (size > maxBodyBytes) return sendJson(res, 413, unauthorized('Request too large'));
          chunks.push(chunk as Buffer);
        }
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
          return sendJson(res, 400, {
            ok: false,
            error: { code: 'invalid-request', message: 'The request body is not valid JSON' },
          });
        }
        const client = req.headers['x-studio-client'];
        const clientId =
          typeof client === 'string' && clientIdPattern.test(client) ? `web-${client}` : 'web-anonymous';
        return sendJson(res, 200, await dispatch(options.handlers, call[1], body, { clientId }));
      }
      send(res, 404, 'Not found', 'text/plain');
    } catch (error) {
      if (!res.headersSent) send(res, 500, `Internal error: ${(error as Error).message}`, 'text/plain');
      else res.destroy();
    }
  };
  const server = http.createServer((req, res) => void handle(req, res));

  const sockets = new Map<WebSocket, string>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const ok =
      url.pathname === '/api/events' &&
      allowedHosts.has(req.headers.host ?? '') &&
      allowedOrigins.has(req.headers.origin ?? '') &&
      sameToken(url.searchParams.get('token'), token);
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const client = url.searchParams.get('client') ?? '';
    const clientId = clientIdPattern.test(client) ? `web-${client}` : 'web-anonymous';
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.set(ws, clientId);
      ws.on('close', () => {
        sockets.delete(ws);
        if (![...sockets.values()].includes(clientId)) options.onClientGone?.(clientId);
      });
      // Events flow one way; anything the page sends is ignored.
      ws.on('message', () => undefined);
    });
  });
  const unsubscribe = options.subscribe((event, payload, targets) => {
    const frame = JSON.stringify({ event, payload });
    for (const [ws, clientId] of sockets) {
      if (targets && !targets.has(clientId)) continue;
      if (ws.readyState === ws.OPEN) ws.send(frame);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
