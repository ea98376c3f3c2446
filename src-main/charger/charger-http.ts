/**
 * HTTP to chargers: the only code that opens a connection to one. Parameters go in the query string (as the firmware
 * reads them), every request has connect and read timeouts, and every failure becomes a
 * `StudioError` whose code tells the user what happened (refused, timeout, not a SmartEVSE...).
 */
import http from 'node:http';
import {
  StudioError,
  chargerBaseUrl,
  chargerSettingsJsonSchema,
  formatChargerAddress,
  normaliseSettings,
  type ChargerAddress,
  type ChargerSettingsJson,
  type ChargerSnapshot,
} from '$shared/contract';

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

function describeNetworkError(error: NodeJS.ErrnoException, where: string): StudioError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new StudioError({
        code: 'charger-refused',
        message: `${where} refused the connection: nothing is listening on that port`,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StudioError({
        code: 'charger-unreachable',
        message: `${where}: the host name could not be resolved`,
      });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new StudioError({
        code: 'charger-unreachable',
        message: `${where} cannot be reached from this computer`,
      });
    case 'ECONNRESET':
    case 'EPIPE':
      return new StudioError({ code: 'charger-unreachable', message: `${where} closed the connection` });
    default:
      return new StudioError({ code: 'charger-unreachable', message: `${where}: ${error.message}` });
  }
}

/** Sends one request and collects the reply, with connect and read deadlines. */
export function request(
  address: ChargerAddress,
  method: 'GET' | 'POST',
  path: string,
  options: ChargerClientOptions = defaultClientOptions,
): Promise<RawReply> {
  const where = formatChargerAddress(address);
  return new Promise((resolve, reject) => {
    const url = new URL(path, chargerBaseUrl(address));
    const req = http.request(url, {
      method,
      agent: false,
      // The firmware only dispatches a POST once it knows the body length (§2.4 of the behaviour doc).
      headers: method === 'POST' ? { 'Content-Length': '0' } : {},
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
      () =>
        fail(
          new StudioError({
            code: 'charger-timeout',
            message: `${where} did not accept a connection in time`,
          }),
        ),
      options.connectTimeoutMs,
    );
    const readTimer = setTimeout(
      () => fail(new StudioError({ code: 'charger-timeout', message: `${where} did not answer in time` })),
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
          fail(new StudioError({ code: 'not-a-smartevse', message: `${where} sent an oversized reply` }));
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
    req.end();
  });
}

type Json = Record<string, unknown>;

/** A POST reply as the firmware sends it: a JSON object, or `null` (nothing done). */
export function parseJsonReply(reply: RawReply, where: string): Json | null {
  if (reply.status !== 200) {
    throw new StudioError({ code: 'charger-unreachable', message: `${where} answered HTTP ${reply.status}` });
  }
  const text = reply.body.trim();
  try {
    const value: unknown = JSON.parse(text);
    if (value === null) return null;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch {
    /* handled below */
  }
  throw new StudioError({ code: 'not-a-smartevse', message: `${where} sent a reply that is not JSON` });
}

/** Reads and checks a body as a SmartEVSE `/settings` document. */
export function parseSettingsReply(reply: RawReply, where: string): SettingsRead {
  if (reply.status >= 500) {
    const busy = reply.status === 503 ? ' (busy: too many connections)' : '';
    throw new StudioError({
      code: 'charger-unreachable',
      message: `${where} answered HTTP ${reply.status}${busy}`,
    });
  }
  if (reply.status !== 200) {
    throw new StudioError({
      code: 'not-a-smartevse',
      message: `${where} answered HTTP ${reply.status} to GET /settings; it does not look like a SmartEVSE`,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    throw new StudioError({ code: 'not-a-smartevse', message: `${where} did not send JSON from /settings` });
  }
  const parsed = chargerSettingsJsonSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'reply';
    throw new StudioError({
      code: 'not-a-smartevse',
      message: `${where} sent /settings without the SmartEVSE fields (${field}: ${issue?.message ?? 'invalid'})`,
      field,
    });
  }
  return { json: parsed.data, snapshot: normaliseSettings(parsed.data) };
}

/** `GET /settings`, parsed and normalised. */
export async function getSettings(
  address: ChargerAddress,
  options: ChargerClientOptions = defaultClientOptions,
): Promise<SettingsRead> {
  const reply = await request(address, 'GET', '/settings', options);
  return parseSettingsReply(reply, formatChargerAddress(address));
}
