/**
 * The HTTP listener of one simulated charger. It only moves bytes: the firmware's answers come
 * from `handleFirmwareRequest`. Like the firmware it sends no CORS headers and no Date header,
 * holds a POST without Content-Length until the client gives up (§2.4), and turns away a ninth
 * concurrent connection ([D], §2.8).
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { handleFirmwareRequest } from './handler';
import type { Device } from './device';

export interface DeviceServerOptions {
  host: string;
  port: number;
  /** Brings simulated time up to date before a request is answered. */
  sync: () => number;
  /** After each answer (the MQTT client follows `mqtt_update`). */
  afterRequest?: () => void;
  maxConnections?: number;
}

export interface DeviceServer {
  port: number;
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024;

export async function startDeviceServer(device: Device, options: DeviceServerOptions): Promise<DeviceServer> {
  const sockets = new Set<Socket>();
  const limit = options.maxConnections ?? 8;
  const server = http.createServer({ requestTimeout: 30_000 }, (req, res) => {
    res.sendDate = false;
    const nowMs = options.sync();
    if (device.rebootingUntilMs !== undefined && nowMs < device.rebootingUntilMs) {
      req.socket.destroy();
      return;
    }
    const method = req.method ?? 'GET';
    const hasLength =
      req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if ((method === 'POST' || method === 'PUT') && !hasLength) {
      // The firmware waits for a body until the connection closes, and never answers.
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) req.socket.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (device.latencyMs > 0) setTimeout(answer, device.latencyMs);
      else answer();
    });
    const answer = () => {
      if (res.destroyed) return;
      const counted = method === 'GET' || method === 'POST' ? method : 'other';
      device.requests[counted] += 1;
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      let reply;
      try {
        reply = handleFirmwareRequest(
          device,
          {
            method,
            path: q === -1 ? url : url.slice(0, q),
            rawQuery: q === -1 ? '' : url.slice(q + 1),
            body: Buffer.concat(chunks),
          },
          options.sync(),
        );
      } catch (error) {
        // A request that breaks the simulator is a simulator bug: answer like a crashed handler would not, but keep serving.
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`Simulator error: ${(error as Error).message}\n`);
        return;
      }
      options.afterRequest?.();
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { ...reply.extraHeaders };
      if (reply.contentType) headers['Content-Type'] = reply.contentType;
      if (!reply.chunked) headers['Content-Length'] = String(Buffer.byteLength(reply.body));
      if (reply.status === 503) headers.Connection = 'close';
      res.writeHead(reply.status, headers);
      if (reply.chunked) res.write(reply.body);
      res.end(reply.chunked ? undefined : reply.body);
    };
  });
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limit) {
      if (device.flavour === 'dingo35') {
        socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 26\r\n\r\nServer busy, retry shortly',
        );
      } else socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
