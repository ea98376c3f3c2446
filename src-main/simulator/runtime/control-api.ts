/**
 * The simulator's control API on 127.0.0.1: clock, chargers, EVs, LCD-only settings, the virtual
 * world and the core's hidden state. Every body is validated; a bad one gets 400 naming the field
 * and changes nothing.
 */
import { Replay } from './replay';
import http from 'node:http';
import type { z } from 'zod';
import {
  simAddChargersRequestSchema,
  simAdvanceRequestSchema,
  simClockRequestSchema,
  simConfigRequestSchema,
  simTwinRequestSchema,
  simReplayRequestSchema,
  simEvRequestSchema,
  simMqttRequestSchema,
  simWorldRequestSchema,
  type SimInternals,
} from '$shared/contract';
import { Err, chargedWh, errorNames, pwmToCurrent, stateNames } from '../core';
import type { Fleet } from './fleet';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  throw new HttpError(400, `${field ?? 'body'}: ${issue?.message ?? 'invalid'}`, field);
}

/** The core's hidden state: what explains "why isn't it charging". */
export function internals(fleet: Fleet, serial: number): SimInternals {
  const device = fleet.device(serial);
  if (!device) throw new HttpError(404, `No simulated charger ${serial}`);
  const evse = device.member.evse;
  const master = device.site.groupOf(evse).master;
  const b = master.balance;
  const flags = Object.entries(Err)
    .filter(([, bit]) => evse.errorFlags & bit)
    .map(([name]) => name);
  return {
    serial,
    nowMs: device.site.nowMs,
    state: { id: evse.state, name: stateNames[evse.state] },
    access: evse.settings.access,
    mode: evse.settings.mode,
    errorFlags: evse.errorFlags,
    errors: flags,
    errorName: errorNames[flags.length ? Math.floor(Math.log2(evse.errorFlags)) + 1 : 0],
    pwm: evse.pwm,
    pwmOverride: evse.pwmOverride,
    offeredDa: pwmToCurrent(evse.pwm),
    phases: evse.phases,
    switchRequest: evse.switchRequest,
    contactors: { c1: evse.contactor1, c2: evse.contactor2 },
    pilot: device.member.ev.currentPilot,
    pilotDisconnected: evse.pilotDisconnected,
    timers: {
      chargeDelayS: evse.chargeDelayS,
      c1TimerS: evse.c1TimerS,
      pilotDisconnectTimeS: evse.pilotDisconnectTimeS,
      activationMode: evse.activationMode,
      activationTimerS: evse.activationTimerS,
      solarStopTimerS: b.solarStopTimerS,
      maxSumMainsTimerS: b.maxSumMainsTimerS,
      mainsMeterTimeoutS: master.mains.timeoutS,
      evMeterTimeoutS: evse.ev.timeoutS,
      nodeCommTimeoutS: evse.nodeCommTimeoutS,
      intTimerS: [...b.intTimerS],
    },
    balance: {
      isetBalancedDa: b.isetBalancedDa,
      balancedDa: [...b.balancedDa],
      balancedMaxDa: [...b.balancedMaxDa],
      balancedState: [...b.balancedState],
      noCurrent: b.noCurrent,
      limitedByMaxSumMains: b.limitedByMaxSumMains,
    },
    mains: { ...master.mains, irmsDa: [...master.mains.irmsDa] },
    ev: {
      plug: device.member.ev.plug,
      drawDa: [...device.member.ev.drawDa],
      socPercent: device.member.ev.params.socPercent,
      phases: device.member.ev.params.phases,
      maxCurrentA: device.member.ev.params.maxCurrentA,
      chargedWh: chargedWh(evse),
    },
    /** The site's world as set (a fixed value replaces the day profile's). */
    world: {
      houseLoadA: device.site.world.settings.houseLoadA ?? null,
      pvA: device.site.world.settings.pvA ?? null,
      pvPeakA: device.site.world.settings.pvPeakA,
      profile: device.site.world.settings.profile?.name ?? null,
      houseNowDa: device.site.world.houseDa(device.site.nowMs),
    },
    overrideCurrentDa: evse.overrideCurrentDa,
    chargeCurrentDa: evse.chargeCurrentDa,
    temperatureC: evse.temperatureC,
    /** HTTP requests this charger has answered, by method. */
    requests: { ...device.requests },
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, 'Body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body is not valid JSON');
  }
}

async function route(
  fleet: Fleet,
  method: string,
  path: string,
  body: () => Promise<unknown>,
): Promise<unknown> {
  if (method === 'GET' && path === '/sim')
    return {
      clock: fleet.clock,
      chargers: fleet.list(),
      profiles: [...fleet.profiles.keys()],
      mqttBroker: fleet.mqttBroker ?? null,
    };
  if (method === 'POST' && path === '/sim/clock') {
    fleet.setClock(parse(simClockRequestSchema, await body()));
    return { clock: fleet.clock };
  }
  if (method === 'POST' && path === '/sim/clock/advance') {
    const { ms } = parse(simAdvanceRequestSchema, await body());
    const started = performance.now();
    fleet.advanceBy(ms);
    return { clock: fleet.clock, wallMs: Math.round((performance.now() - started) * 1000) / 1000 };
  }
  if (method === 'POST' && path === '/sim/chargers') {
    const request = parse(simAddChargersRequestSchema, await body());
    return { chargers: await fleet.addChargers(request.count ?? 1, request.flavour ?? 'dingo35') };
  }
  if (method === 'POST' && path === '/sim/twins') {
    const request = parse(simTwinRequestSchema, await body());
    return fleet.addTwin(request.settings);
  }
  if (method === 'POST' && path === '/sim/world') {
    const request = parse(simWorldRequestSchema, await body());
    const sites =
      request.serial === undefined
        ? fleet.sites
        : [fleet.device(request.serial)?.site].filter((s) => s !== undefined);
    if (request.serial !== undefined && sites.length === 0)
      throw new HttpError(404, `No simulated charger ${request.serial}`, 'serial');
    let profile;
    if (request.profile) {
      profile = fleet.profiles.get(request.profile);
      if (!profile)
        throw new HttpError(
          400,
          `profile: unknown day profile (known: ${[...fleet.profiles.keys()].join(', ')})`,
          'profile',
        );
    }
    for (const site of sites) {
      const w = site.world.settings;
      if (request.houseLoadA !== undefined) w.houseLoadA = request.houseLoadA ?? undefined;
      if (request.pvPeakA !== undefined) w.pvPeakA = request.pvPeakA;
      if (request.pvA !== undefined) w.pvA = request.pvA ?? undefined;
      if (request.batteryA !== undefined) w.batteryA = request.batteryA;
      if (request.noiseA !== undefined) w.noiseA = request.noiseA;
      if (request.profile !== undefined) w.profile = profile;
      if (request.mainsMeterOnline !== undefined) w.mainsMeterOnline = request.mainsMeterOnline;
      if (request.evMeterOnline !== undefined) w.evMeterOnline = request.evMeterOnline;
    }
    return {
      world: sites.map((site) => ({
        ...site.world.settings,
        profile: site.world.settings.profile?.name ?? null,
      })),
    };
  }
  const charger = /^\/sim\/chargers\/(\d{1,9})(\/(ev|config|internals|mqtt|replay))?$/.exec(path);
  if (charger) {
    const serial = Number(charger[1]);
    const device = fleet.device(serial);
    if (!device) throw new HttpError(404, `No simulated charger ${serial}`);
    const action = charger[3];
    if (method === 'DELETE' && !action) return { removed: await fleet.removeCharger(serial) };
    if (method === 'GET' && action === 'internals') return internals(fleet, serial);
    if (action === 'mqtt' && (method === 'GET' || method === 'POST')) {
      const link = fleet.mqttLink(serial)!;
      if (method === 'POST') {
        parse(simMqttRequestSchema, await body());
        link.dropUncleanly();
      }
      return { mqtt: { connected: link.connected, published: link.published } };
    }
    if (method === 'POST' && action === 'replay') {
      const { points } = parse(simReplayRequestSchema, await body());
      const startMs = device.site.nowMs;
      device.site.replay = new Replay(startMs, points);
      device.site.replay.step(device.site, startMs);
      device.site.settle();
      return { replay: { startMs, endMs: device.site.replay.endMs, points: points.length } };
    }
    if (method === 'POST' && action === 'ev') {
      const request = parse(simEvRequestSchema, await body());
      const ev = device.member.ev;
      const { state, ...params } = request;
      Object.assign(ev.params, params);
      ev.setPlug(state);
      device.site.settle();
      return { ev: { plug: ev.plug, ...ev.params } };
    }
    if (method === 'POST' && action === 'config') {
      const request = parse(simConfigRequestSchema, await body());
      const evse = device.member.evse;
      const { temperatureC, rcmFault, cableCapacityA, lcdPin, latencyMs, ...settings } = request;
      // A role change rewires the bus at once (and again at every tick, as the firmware's does).
      Object.assign(evse.settings, settings);
      device.site.rewire();
      if (temperatureC !== undefined) device.member.temperatureC = temperatureC;
      if (rcmFault !== undefined) device.member.rcmFault = rcmFault;
      if (cableCapacityA !== undefined) evse.cableCapacityA = cableCapacityA;
      if (lcdPin !== undefined) device.lcdPin = lcdPin;
      if (latencyMs !== undefined) device.latencyMs = latencyMs;
      device.site.settle();
      return {
        config: { ...evse.settings, cableCapacityA: evse.cableCapacityA, latencyMs: device.latencyMs },
      };
    }
  }
  throw new HttpError(404, `No such control endpoint: ${method} ${path}`);
}

export async function startControlApi(
  fleet: Fleet,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  // Every error is answered inside; nothing is left for a rejected promise.
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const send = (status: number, value: unknown) => {
      const text = JSON.stringify(value);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      fleet.sync();
      send(200, await route(fleet, req.method ?? 'GET', url.pathname, () => readJson(req)));
    } catch (error) {
      if (error instanceof HttpError)
        send(error.status, { error: error.message, ...(error.field ? { field: error.field } : {}) });
      else send(500, { error: `Simulator error: ${(error as Error).message}` });
    }
  };
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
