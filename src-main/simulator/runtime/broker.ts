/**
 * The embedded MQTT broker of `--mqtt` (aedes): the offline stand-in for a user's broker, on
 * 127.0.0.1 unless the user asks for another address on purpose.
 *
 * aedes is pinned to the 0.51 line: 1.2.0 stores but does not forward to live subscribers the
 * retained messages that arrive several to one TCP read, which is how a charger sends its full set.
 */
import net from 'node:net';
import aedes, { type createBroker as CreateBroker } from 'aedes';

// aedes is CommonJS: Node gives its exports as the default import, which its types do not say.
const { createBroker } = aedes as unknown as { createBroker: typeof CreateBroker };

export interface EmbeddedBroker {
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(host = '127.0.0.1', port = 0): Promise<EmbeddedBroker> {
  const broker = createBroker();
  const server = net.createServer((socket) => broker.handle(socket));
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as net.AddressInfo).port;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    host: reachable,
    port: bound,
    url: `mqtt://${reachable.includes(':') ? `[${reachable}]` : reachable}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => broker.close(() => resolve()));
      }),
  };
}

/** Loopback addresses need no warning; anything else lets the LAN reach the broker. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
