/**
 * mDNS advertisement of simulated chargers, as a real one: `SmartEVSE-<serial>._http._tcp` on its
 * port, host `SmartEVSE-<serial>.local`, no TXT items (§1.2). bonjour-service puts every LAN
 * address of this computer in the A records; a simulated charger listens on one address only, so
 * its records are rewritten to carry exactly that address.
 */
import { Bonjour, Service } from 'bonjour-service';

const addressOf = new Map<string, string>();
let patched = false;

interface DnsRecord {
  name: string;
  type: string;
  data: unknown;
  ttl?: number;
}

function patchRecords(): void {
  if (patched) return;
  patched = true;
  // Kept and called with `.call(this)`: the patch wraps the library's method, it never loses `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = Service.prototype.records as (this: Service) => DnsRecord[];
  Service.prototype.records = function records(this: Service) {
    const all = original.call(this);
    const address = addressOf.get(this.name);
    if (!address) return all;
    const withoutHosts = all.filter((record) => record.type !== 'A' && record.type !== 'AAAA');
    return [...withoutHosts, { name: this.host, type: 'A', ttl: 120, data: address }];
  } as typeof Service.prototype.records;
}

export interface Advertiser {
  advertise(serial: number, port: number): void;
  withdraw(serial: number): Promise<void>;
  close(): Promise<void>;
}

/** `interfaceAddress` is where multicast goes out (127.0.0.1 keeps it on this machine). */
export function createAdvertiser(bindAddress: string, interfaceAddress: string): Advertiser {
  patchRecords();
  // The one unchecked cast of this file: bonjour-service types its options as a ServiceConfig,
  // but hands them to multicast-dns, which is where `interface` and `loopback` are read. The socket
  // binds the wildcard address because a socket bound to 127.0.0.1 does not receive multicast;
  // membership and sending stay on `interfaceAddress`.
  const socketOptions = {
    interface: interfaceAddress,
    bind: '0.0.0.0',
    multicast: true,
    loopback: true,
  } as unknown as ConstructorParameters<typeof Bonjour>[0];
  const bonjour = new Bonjour(socketOptions, (error: Error) => console.error(`mDNS: ${error.message}`));
  const services = new Map<number, Service>();
  return {
    advertise(serial, port) {
      const name = `SmartEVSE-${serial}`;
      addressOf.set(name, bindAddress === '0.0.0.0' ? interfaceAddress : bindAddress);
      services.set(
        serial,
        bonjour.publish({ name, type: 'http', port, host: `${name}.local`, disableIPv6: true, probe: false }),
      );
    },
    withdraw(serial) {
      const service = services.get(serial);
      services.delete(serial);
      return new Promise((resolve) => {
        const stop = service?.stop as ((done: () => void) => void) | undefined;
        if (stop) stop.call(service, () => resolve());
        else resolve();
      });
    },
    async close() {
      await new Promise<void>((resolve) => bonjour.unpublishAll(() => resolve()));
      bonjour.destroy();
    },
  };
}
