/**
 * StudioService: the one object whose handlers are the Studio API. Transports bind it and hold no
 * logic. It owns the charger list and is the only caller of the charger client.
 */
import { EventEmitter } from 'node:events';
import {
  StudioError,
  toStudioError,
  formatChargerAddress,
  parseChargerAddress,
  type AppInfo,
  type ChargerSummary,
  type EventPayload,
  type StudioEventName,
  type StudioHandlers,
} from '../contract';
import { defaultClientOptions, getSettings, type ChargerClientOptions } from '../charger/charger-client';
import { KnownChargersStore, type KnownCharger } from './known-chargers.store';
import { SimSupervisor, type SimLauncher } from '../sim-supervisor/supervisor';
import type { SimCharger, SimulatorStatus } from '../contract';

export interface StudioServiceOptions {
  userDataDir: string;
  shell: AppInfo['shell'];
  version: string;
  clientOptions?: ChargerClientOptions;
  now?: () => number;
  /** The bundled simulator; `autoStart` starts one simulated charger when no real one is known. */
  simulator?: { launch: SimLauncher; autoStart: boolean };
}

type Row = KnownCharger & Pick<ChargerSummary, 'online' | 'snapshot' | 'lastError'>;

/** A listener for every event the service emits; bindings forward these to their clients. */
export type StudioEventListener = <E extends StudioEventName>(event: E, payload: EventPayload<E>) => void;

export class StudioService {
  readonly handlers: StudioHandlers;
  /** Problems met while loading stored data (e.g. a corrupt file moved aside), for the UI to show. */
  readonly startupProblems: string[] = [];
  private readonly rows = new Map<string, Row>();
  private readonly store: KnownChargersStore;
  private readonly events = new EventEmitter();
  private readonly clientOptions: ChargerClientOptions;
  private readonly now: () => number;
  private readonly simulator: SimSupervisor | undefined;
  /** The latest adoption of simulated chargers into the list (after each simulator start). */
  private adoption: Promise<void> = Promise.resolve();

  constructor(private readonly options: StudioServiceOptions) {
    this.store = new KnownChargersStore(options.userDataDir);
    this.clientOptions = options.clientOptions ?? defaultClientOptions;
    this.now = options.now ?? Date.now;
    this.handlers = {
      getAppInfo: async () => ({
        version: options.version,
        shell: options.shell,
        platform: process.platform,
      }),
      listChargers: async () => this.list(),
      addCharger: async ({ address }) => this.addCharger(address),
      removeCharger: async ({ id }) => this.removeCharger(id),
      getSimulatorStatus: async () => this.simulatorStatus(),
      startSimulator: async ({ chargers }) => this.startSimulator(chargers ?? 1),
      stopSimulator: async () => this.stopSimulator(),
    } satisfies StudioHandlers;
    if (options.simulator) {
      this.simulator = new SimSupervisor({ launch: options.simulator.launch });
      this.simulator.on('ready', (chargers) => (this.adoption = this.adoptSimulated(chargers)));
      this.simulator.on('exit', () => this.markSimulatedOffline());
    }
  }

  /** After `init`: on a first launch with no real charger known, start one simulated charger. */
  async start(): Promise<void> {
    const hasReal = [...this.rows.values()].some((row) => row.origin !== 'simulated');
    if (this.options.simulator?.autoStart && !hasReal) {
      try {
        await this.startSimulator(1);
      } catch (error) {
        this.startupProblems.push(`The simulator could not start: ${(error as Error).message}`);
      }
    }
  }

  private simulatorStatus(): SimulatorStatus {
    if (!this.simulator)
      return { running: false, chargers: [], restarts: 0, log: ['The simulator is not available'] };
    const status = this.simulator.status();
    const result: SimulatorStatus = {
      running: status.running,
      chargers: status.chargers.map(({ serial, name, port, url }) => ({ serial, name, port, url })),
      restarts: status.restarts,
      log: status.log.slice(-50),
    };
    if (status.controlPort !== undefined) result.controlPort = status.controlPort;
    if (status.lastExit !== undefined) result.lastExit = status.lastExit;
    return result;
  }

  private async startSimulator(chargers: number): Promise<SimulatorStatus> {
    if (!this.simulator)
      throw new StudioError({ code: 'internal', message: 'The simulator is not available in this build' });
    if (this.simulator.status().running) await this.simulator.stop();
    await this.simulator.start(['--chargers', String(chargers), '--seed', '1']);
    await this.adoption;
    return this.simulatorStatus();
  }

  private async stopSimulator(): Promise<SimulatorStatus> {
    await this.simulator?.stop();
    this.markSimulatedOffline();
    return this.simulatorStatus();
  }

  /** Simulated chargers join the list like any other; main added them, so main may talk to them. */
  private async adoptSimulated(chargers: SimCharger[]): Promise<void> {
    for (const charger of chargers) {
      const id = `SmartEVSE-${charger.serial}`;
      const address = { host: '127.0.0.1', port: charger.port };
      const row: Row = {
        id,
        name: this.rows.get(id)?.name ?? charger.name,
        origin: 'simulated',
        address,
        serial: charger.serial,
        online: false,
      };
      try {
        const { snapshot } = await getSettings(address, this.clientOptions);
        row.snapshot = snapshot;
        row.online = true;
        row.lastSeenMs = this.now();
      } catch (error) {
        row.lastError = toStudioError(error).toJSON();
      }
      this.rows.set(id, row);
    }
    this.emit('ChargerListChange', this.list());
    this.emit('SimulatorChange', this.simulatorStatus());
  }

  private markSimulatedOffline(): void {
    for (const row of this.rows.values()) if (row.origin === 'simulated') row.online = false;
    this.emit('ChargerListChange', this.list());
    this.emit('SimulatorChange', this.simulatorStatus());
  }

  async init(): Promise<void> {
    const loaded = await this.store.load();
    if (loaded.movedAside) {
      this.startupProblems.push(
        `The charger list could not be read (${loaded.problem}); it was kept as ${loaded.movedAside}`,
      );
    }
    for (const known of loaded.value) this.rows.set(known.id, { ...known, online: false });
  }

  onEvent(listener: StudioEventListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private emit<E extends StudioEventName>(event: E, payload: EventPayload<E>): void {
    this.events.emit('event', event, payload);
  }

  private list(): ChargerSummary[] {
    return [...this.rows.values()].map((row) => {
      const summary: ChargerSummary = {
        id: row.id,
        name: row.name,
        origin: row.origin,
        address: row.address,
        online: row.online,
      };
      if (row.lastSeenMs !== undefined) summary.lastSeenMs = row.lastSeenMs;
      if (row.snapshot) summary.snapshot = row.snapshot;
      if (row.lastError) summary.lastError = row.lastError;
      return summary;
    });
  }

  private async persist(): Promise<void> {
    // Simulated chargers come and go with the simulator; only real ones are remembered.
    const known: KnownCharger[] = [...this.rows.values()]
      .filter((row) => row.origin !== 'simulated')
      .map(({ id, name, origin, address, serial, lastSeenMs }) => {
        const entry: KnownCharger = { id, name, origin, address };
        if (serial !== undefined) entry.serial = serial;
        if (lastSeenMs !== undefined) entry.lastSeenMs = lastSeenMs;
        return entry;
      });
    await this.store.save(known);
    this.emit('ChargerListChange', this.list());
  }

  private async addCharger(text: string): Promise<ChargerSummary> {
    const parsed = parseChargerAddress(text);
    if (!parsed.ok)
      throw new StudioError({ code: 'invalid-address', message: parsed.reason, field: 'address' });
    const { address } = parsed;
    const { snapshot } = await getSettings(address, this.clientOptions);
    // A charger is one row whatever its address: key by serial when the firmware reports one.
    const id = snapshot.serial !== undefined ? `SmartEVSE-${snapshot.serial}` : formatChargerAddress(address);
    for (const [otherId, row] of this.rows) {
      if (otherId !== id && formatChargerAddress(row.address) === formatChargerAddress(address)) {
        this.rows.delete(otherId);
      }
    }
    const existing = this.rows.get(id);
    const row: Row = {
      id,
      name:
        existing?.name ??
        (snapshot.serial !== undefined ? `SmartEVSE-${snapshot.serial}` : formatChargerAddress(address)),
      origin: existing?.origin === 'discovered' ? 'discovered' : 'manual',
      address,
      online: true,
      lastSeenMs: this.now(),
      snapshot,
    };
    if (snapshot.serial !== undefined) row.serial = snapshot.serial;
    this.rows.set(id, row);
    await this.persist();
    return this.list().find((summary) => summary.id === id)!;
  }

  private async removeCharger(id: string): Promise<{ removed: boolean }> {
    if (!this.rows.delete(id)) return { removed: false };
    await this.persist();
    return { removed: true };
  }

  async close(): Promise<void> {
    await this.simulator?.stop();
    this.events.removeAllListeners();
  }
}
