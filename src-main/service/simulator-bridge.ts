/**
 * The bundled simulator as Studio sees it: the supervised process, its control API (main's only
 * other loopback destination) and its chargers, which join the charger list like any other.
 */
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import {
  StudioError,
  simInternalsSchema,
  simStatusSchema,
  simTwinReplySchema,
  type SimCharger,
  type SimReplayRequest,
  type SimTwinReply,
  type SimulatorStatus,
  type StudioHandlers,
} from '$shared/contract';
import { SimSupervisor, type SimLauncher } from '../sim-supervisor/supervisor';
import { loadVersionedJson, writeFileAtomic } from '../store/atomic-file';

export type SimulatorHandlers = Pick<
  StudioHandlers,
  | 'getSimulatorStatus'
  | 'simulatorOverview'
  | 'simulatorEv'
  | 'simulatorWorld'
  | 'simulatorConfig'
  | 'simulatorClock'
  | 'simulatorInternals'
  | 'startSimulator'
  | 'stopSimulator'
>;

export interface SimulatorBridgeOptions {
  userDataDir: string;
  /** Absent: this build has no simulator (every call says so). */
  launch: SimLauncher | undefined;
  /** Whether the simulator advertises its chargers over mDNS (only when Studio discovers). */
  mdns: boolean;
  /** Problems to show the user (an unreadable seed file). */
  problems: string[];
  /** The simulator's chargers are up (after each start) or gone (it stopped or exited). */
  onChargers: { ready: (chargers: SimCharger[]) => Promise<void>; gone: () => void };
  onStatus: (status: SimulatorStatus) => void;
}

export class SimulatorBridge {
  readonly handlers: SimulatorHandlers;
  private readonly supervisor: SimSupervisor | undefined;
  /** The latest adoption of simulated chargers into the list (after each start). */
  private adoption: Promise<void> = Promise.resolve();

  constructor(private readonly options: SimulatorBridgeOptions) {
    if (options.launch) {
      this.supervisor = new SimSupervisor({ launch: options.launch });
      this.supervisor.on('ready', (chargers) => {
        this.adoption = options.onChargers.ready(chargers).then(() => options.onStatus(this.status()));
      });
      this.supervisor.on('exit', () => this.gone());
    }
    this.handlers = {
      getSimulatorStatus: async () => this.status(),
      simulatorOverview: async () => simStatusSchema.parse(await this.control('GET', '/sim')),
      simulatorEv: async ({ serial, ev }) => this.control('POST', `/sim/chargers/${serial}/ev`, ev),
      simulatorWorld: async (world) => this.control('POST', '/sim/world', world),
      simulatorConfig: async ({ serial, config }) =>
        this.control('POST', `/sim/chargers/${serial}/config`, config),
      simulatorClock: async (clock) => this.control('POST', '/sim/clock', clock),
      simulatorInternals: async ({ serial }) =>
        simInternalsSchema.parse(await this.control('GET', `/sim/chargers/${serial}/internals`)),
      startSimulator: async ({ chargers, group, mqtt }) =>
        this.start(chargers ?? 1, group ?? false, mqtt ?? false),
      stopSimulator: async () => this.stop(),
    } satisfies SimulatorHandlers;
  }

  get available(): boolean {
    return this.supervisor !== undefined;
  }

  status(): SimulatorStatus {
    if (!this.supervisor)
      return { running: false, chargers: [], restarts: 0, log: ['The simulator is not available'] };
    const status = this.supervisor.status();
    const result: SimulatorStatus = {
      running: status.running,
      chargers: status.chargers.map(({ serial, name, port, url }) => ({ serial, name, port, url })),
      restarts: status.restarts,
      log: status.log.slice(-50),
    };
    if (status.controlPort !== undefined) result.controlPort = status.controlPort;
    if (status.lastExit !== undefined) result.lastExit = status.lastExit;
    if (status.mqttBroker !== undefined) result.mqttBroker = status.mqttBroker;
    return result;
  }

  async start(chargers: number, group = false, mqtt = false): Promise<SimulatorStatus> {
    if (!this.supervisor)
      throw new StudioError({ code: 'internal', message: 'The simulator is not available in this build' });
    if (this.supervisor.status().running) await this.supervisor.stop();
    const args = ['--chargers', String(chargers), '--seed', String(await this.seed())];
    if (group) args.push('--group');
    if (mqtt) args.push('--mqtt');
    if (!this.options.mdns) args.push('--no-mdns');
    await this.supervisor.start(args);
    await this.adoption;
    return this.status();
  }

  /**
   * Adds a twin of a `/settings` document to the running simulator (starting it first), and the
   * new charger to the list. A restart of the simulator starts it afresh, without the twin.
   */
  async twin(doc: Record<string, unknown>): Promise<SimTwinReply> {
    if (!this.supervisor?.status().running) await this.start(1);
    const reply = simTwinReplySchema.parse(await this.control('POST', '/sim/twins', { settings: doc }));
    const overview = simStatusSchema.parse(await this.control('GET', '/sim'));
    await this.options.onChargers.ready(overview.chargers);
    this.options.onStatus(this.status());
    return reply;
  }

  /** Replays recorded points into a simulated charger's site (`replay.ts` in the simulator). */
  async replay(serial: number, points: SimReplayRequest['points']) {
    const reply = await this.control('POST', `/sim/chargers/${serial}/replay`, { points });
    return z
      .object({ replay: z.object({ points: z.number(), startMs: z.number(), endMs: z.number() }) })
      .parse(reply).replay;
  }

  async stop(): Promise<SimulatorStatus> {
    await this.supervisor?.stop();
    this.gone();
    return this.status();
  }

  async close(): Promise<void> {
    await this.supervisor?.stop();
  }

  private gone(): void {
    this.options.onChargers.gone();
    this.options.onStatus(this.status());
  }

  /** A call to the supervised simulator's control API. */
  private async control(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const port = this.supervisor?.status().controlPort;
    if (port === undefined)
      throw new StudioError({ code: 'charger-unreachable', message: 'The simulator is not running' });
    const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`http://127.0.0.1:${port}${route}`, init);
    const reply = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      const data: ConstructorParameters<typeof StudioError>[0] = {
        code: response.status === 400 ? 'invalid-request' : 'internal',
        message: `Simulator: ${typeof reply.error === 'string' ? reply.error : `HTTP ${response.status}`}`,
      };
      if (typeof reply.field === 'string') data.field = reply.field;
      throw new StudioError(data);
    }
    return reply;
  }

  /**
   * The simulator's seed for this installation: random the first time, then kept, so the simulated
   * charger keeps its serial (and its row) across restarts, while two installations on one network
   * never advertise the same SmartEVSE name.
   */
  private async seed(): Promise<number> {
    const file = path.join(this.options.userDataDir, 'simulator.json');
    const schema = z.object({ schemaVersion: z.literal(1), seed: z.number().int().min(1) });
    const loaded = await loadVersionedJson(file, schema, () => ({
      schemaVersion: 1 as const,
      seed: randomInt(1, 2 ** 31 - 1),
    }));
    if (loaded.movedAside)
      this.options.problems.push(
        `Simulator settings were unreadable (${loaded.problem}); kept as ${loaded.movedAside}`,
      );
    await writeFileAtomic(file, `${JSON.stringify(loaded.value)}\n`);
    return loaded.value.seed;
  }
}
