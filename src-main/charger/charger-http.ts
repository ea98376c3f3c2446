/**
 * HTTP to chargers: the only code that opens a connection to one. Parameters go in the query string (as the firmware
 * reads them), every request has connect and read timeouts, and every failure becomes a
 * `StudioError` whose code tells the user what happened (refused, timeout, not a SmartEVSE...).
 */
import http from 'node:http';
import {
  StudioError,
  type StudioErrorCode,
  chargerBaseUrl,
  formatChargerAddress,
  normaliseSettings,
  readSettingsDocument,
  type ChargerAddress,
  type ChargerSettingsJson,
  type ChargerSnapshot,
} from '$shared/contract';
import type { MessageKey } from '$shared/i18n/messages';
import { words } from '$shared/i18n/error-words';

export interface ChargerClientOptions {
  /** Time allowed to open the TCP connection. */
  connectTimeoutMs: number;
  /** Time allowed for the whole reply once connected. */
  readTimeoutMs: number;
  /** Replies larger than this are cut off: a real /settings reply is about 2 kB. */
  maxReplyBytes: number;
}

export const defaultClientOptions: ChargerClientOptions = {
  connectTimeoutMs: 3000,
  readTimeoutMs: 5000,
  maxReplyBytes: 256 * 1024,
};

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Settings as read from a charger: the parsed JSON (unknown keys kept) and the normalised view. */
export interface SettingsRead {
  json: ChargerSettingsJson;
  snapshot: ChargerSnapshot;
}

/** An error phrased by the catalogue (`key`, `params`), with its English words as the message. */
function failure(
  code: StudioErrorCode,
  key: MessageKey,
  params: Record<string, string | number>,
  message?: string,
): StudioError {
  return new StudioError({ code, ...words(key, params), ...(message ? { message } : {}) });
}

function describeNetworkError(error: NodeJS.ErrnoException, where: string): StudioError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return failure('charger-refused', 'netRefused', { where });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return failure('charger-unreachable', 'netNoHost', { where });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return failure('charger-unreachable', 'netUnreachable', { where });
    case 'ECONNRESET':
    case 'EPIPE':
      return failure('charger-unreachable', 'netClosed', { where });
    default:
      return failure('charger-unreachable', 'netFailed', { where }, `${where}: ${error.message}`);
  }
}

/** Sends one request and collects the reply, with connect and read deadlines. */
export function request(
  address: ChargerAddress,
  method: 'GET' | 'POST',
  path: string,
  options: ChargerClientOptions = defaultClientOptions,
  body?: Uint8Array,
): Promise<RawReply> {
  const where = formatChargerAddress(address);
  return new Promise((resolve, reject) => {
    const url = new URL(path, chargerBaseUrl(address));
    const req = http.request(url, {
      method,
      agent: false,
      // The firmware only dispatches a POST once it knows the body length (§2.4 of the behaviour doc).
      headers: method === 'POST' ? { 'Content-Length': String(body?.length ?? 0) } : {},
    });
    let settled = false;
    const fail = (error: StudioError) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      req.destroy();
      reject(error);
    };
    const connectTimer = setTimeout(
      () => fail(failure('charger-timeout', 'netConnectTimeout', { where })),
      options.connectTimeoutMs,
    );
    const readTimer = setTimeout(
      () => fail(failure('charger-timeout', 'netTimeout', { where })),
      options.connectTimeoutMs + options.readTimeoutMs,
    );
    req.on('socket', (socket) => {
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(describeNetworkError(error, where)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxReplyBytes) {
          fail(failure('not-a-smartevse', 'netOversized', { where }));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (error: NodeJS.ErrnoException) => fail(describeNetworkError(error, where)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(readTimer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.end(body);
  });
}

type Json = Record<string, unknown>;

/** A POST reply as the firmware sends it: a JSON object, or `null` (nothing done). */
export function parseJsonReply(reply: RawReply, where: string): Json | null {
  if (reply.status !== 200) {
    throw failure('charger-unreachable', 'netHttpStatus', { where, status: reply.status });
  }
  const text = reply.body.trim();
  try {
    const value: unknown = JSON.parse(text);
    if (value === null) return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    /* handled below */
  }
  throw failure('not-a-smartevse', 'netNotJson', { where });
}

/** Reads and checks a body as a SmartEVSE `/settings` document. */
export function parseSettingsReply(reply: RawReply, where: string): SettingsRead {
  if (reply.status >= 500) {
    const busy = reply.status === 503 ? ' (busy: too many connections)' : '';
    throw failure(
      'charger-unreachable',
      'netHttpStatus',
      { where, status: reply.status },
      `${where} answered HTTP ${reply.status}${busy}`,
    );
  }
  if (reply.status !== 200) {
    throw failure('not-a-smartevse', 'netSettingsStatus', { where, status: reply.status });
  }
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    throw failure('not-a-smartevse', 'netSettingsNotJson', { where });
  }
  const read = readSettingsDocument(body);
  if (!read.ok) {
    const missing = read.missing.join(', ');
    throw new StudioError({
      code: 'not-a-smartevse',
      message: `${where} answered /settings, but not as a SmartEVSE: it has no ${missing}`,
      field: read.missing[0],
      key: 'netSettingsFields',
      params: { where, missing },
    });
  }
  return { json: read.json, snapshot: normaliseSettings(read.json, read.unreadable) };
}

/** `GET /settings`, parsed and normalised. */
export async function getSettings(
  address: ChargerAddress,
  options: ChargerClientOptions = defaultClientOptions,
): Promise<SettingsRead> {
  const reply = await request(address, 'GET', '/settings', options);
  return parseSettingsReply(reply, formatChargerAddress(address));
}
