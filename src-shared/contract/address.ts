/**
 * Charger addresses as a user types them (`host`, `host:port`, `[v6]:port`, optionally with `http://`).
 * Validated here, in the contract, so main rejects a bad address before any request leaves it.
 */
import { translate, type MessageKey } from '../i18n/messages';
import { z } from 'zod';

/** A parsed charger address: where main may send HTTP requests. */
export const chargerAddressSchema = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
});
export type ChargerAddress = z.infer<typeof chargerAddressSchema>;

const hostnameLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv6 = /^[0-9a-f:.]+$/i;

export type ParsedAddress =
  | { ok: true; address: ChargerAddress }
  | { ok: false; reason: string; key: MessageKey; params: Record<string, string> };

/** A refusal: its catalogue key for the user's language, and the English words. */
const refuse = (key: MessageKey, params: Record<string, string> = {}): ParsedAddress => ({
  ok: false,
  reason: translate('en', key, params),
  key,
  params,
});

function isHostname(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.replace(/\.$/, '').split('.');
  return labels.every((label) => hostnameLabel.test(label));
}

function isIpv6(host: string): boolean {
  return ipv6.test(host) && host.includes(':') && host.split('::').length <= 2;
}

/** Parses `host[:port]`; the default port is 80, as on a real charger. */
export function parseChargerAddress(input: string): ParsedAddress {
  let text = input.trim();
  if (text.length === 0) return refuse('addrEmpty');
  if (text.length > 300) return refuse('addrTooLong');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    if (scheme[1]!.toLowerCase() !== 'http') {
      return refuse('addrScheme', { scheme: scheme[1]! });
    }
    text = text.slice(scheme[0].length);
  }
  text = text.replace(/\/$/, '');
  if (/[/?#@\s]/.test(text)) {
    return refuse('addrPath');
  }
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (!isIpv6(host)) return refuse('addrIpv6', { host });
  } else {
    const colon = text.lastIndexOf(':');
    if (colon !== -1 && text.indexOf(':') !== colon) {
      return refuse('addrIpv6Brackets');
    }
    host = colon === -1 ? text : text.slice(0, colon);
    portText = colon === -1 ? undefined : text.slice(colon + 1);
    if (!ipv4.test(host) && !(isHostname(host) && !/^[\d.]+$/.test(host))) {
      return refuse('addrHost', { host });
    }
  }
  let port = 80;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) return refuse('addrPort', { port: portText });
    port = Number(portText);
    if (port < 1 || port > 65535) return refuse('addrPortRange');
  }
  return { ok: true, address: { host: host.toLowerCase(), port } };
}

/** The canonical text form, used as the key of a manually added charger. */
export function formatChargerAddress(address: ChargerAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return address.port === 80 ? host : `${host}:${address.port}`;
}

/** The base URL main uses for requests to this charger. */
export function chargerBaseUrl(address: ChargerAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `http://${host}:${address.port}`;
}

/** Whether two addresses name the same charger endpoint. */
export function sameAddress(a: ChargerAddress, b: ChargerAddress): boolean {
  return formatChargerAddress(a) === formatChargerAddress(b);
}

/** A charger's id in Studio's list: its mDNS name when its serial is known, else its address. */
export function chargerIdOf(serial: number | undefined, address: ChargerAddress): string {
  return serial !== undefined ? `SmartEVSE-${serial}` : formatChargerAddress(address);
}
