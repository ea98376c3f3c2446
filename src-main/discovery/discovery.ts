/**
 * mDNS discovery of chargers: browses `_http._tcp`, keeps candidates whose instance or host name is
 * `SmartEVSE-<serial>`, and hands each (address from its A record or the packet's source, port from
 * its SRV record) to `confirm`, which reads /settings before anything is listed. Goodbye packets and
 * TTL expiry report a charger lost. Nothing else on the network is ever contacted.
 */
import { Bonjour, type Service } from 'bonjour-service';
import type { ChargerAddress } from '$shared/contract';

export interface DiscoveryCandidate {
  /** Serial from the mDNS name (`SmartEVSE-12345`). */
  serial: number;
  name: string;
  address: ChargerAddress;
}

export interface DiscoveryOptions {
  onCandidate: (candidate: DiscoveryCandidate) => void;
  onLost: (candidate: DiscoveryCandidate) => void;
  /**
   * Where to browse. Omitted: every interface (the user's LAN). Tests and web-mode e2e runs pass
   * `127.0.0.1`, so no multicast leaves the machine.
   */
  interfaceAddress?: string;
  /** How often TTLs are checked for expiry. */
  expireEveryMs?: number;
}

const namePattern = /^smartevse-(\d{1,10})(?:\.local)?$/i;

export function serialFromName(name: string | undefined): number | undefined {
  const match = name ? namePattern.exec(name) : null;
  return match ? Number(match[1]) : undefined;
}

function candidateOf(service: Service): DiscoveryCandidate | undefined {
  const serial = serialFromName(service.name) ?? serialFromName(service.host);
  if (serial === undefined || !service.port) return undefined;
  const ipv4 = (service.addresses ?? []).find((address) => /^\d{1,3}(\.\d{1,3}){3}$/.test(address));
  const host = ipv4 ?? service.referer?.address;
  if (!host) return undefined;
  return { serial, name: `SmartEVSE-${serial}`, address: { host, port: service.port } };
}

export class Discovery {
  private bonjour: Bonjour | undefined;
  private browser: ReturnType<Bonjour['find']> | undefined;
  private expireTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DiscoveryOptions) {}

  start(): void {
    if (this.bonjour) return;
    const socketOptions = this.options.interfaceAddress
      ? { interface: this.options.interfaceAddress, bind: '0.0.0.0', multicast: true, loopback: true }
      : {};
    // The one unchecked cast of this file: bonjour-service types its options as a ServiceConfig
    // but hands them to multicast-dns, where `interface`, `bind` and `loopback` are read.
    this.bonjour = new Bonjour(
      socketOptions as unknown as ConstructorParameters<typeof Bonjour>[0],
      () => undefined,
    );
    this.browser = this.bonjour.find({ type: 'http' });
    const seen = (service: Service) => {
      const candidate = candidateOf(service);
      if (candidate) this.options.onCandidate(candidate);
    };
    this.browser.on('up', seen);
    this.browser.on('srv-update', seen);
    this.browser.on('down', (service: Service) => {
      const candidate = candidateOf(service);
      if (candidate) this.options.onLost(candidate);
    });
    this.expireTimer = setInterval(() => this.browser?.expire(), this.options.expireEveryMs ?? 10_000);
    this.expireTimer.unref?.();
  }

  /** Asks the network again at once. */
  rescan(): void {
    this.browser?.update();
  }

  /** Candidates the browser currently knows. */
  known(): DiscoveryCandidate[] {
    return (this.browser?.services ?? [])
      .map(candidateOf)
      .filter((c): c is DiscoveryCandidate => c !== undefined);
  }

  stop(): void {
    clearInterval(this.expireTimer);
    this.browser?.stop();
    this.bonjour?.destroy();
    this.bonjour = undefined;
    this.browser = undefined;
  }
}
