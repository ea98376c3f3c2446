/**
 * StudioService: the one object whose handlers are the Studio API. Transports bind it and hold no
 * logic. It owns the charger list and is the only caller of the charger client.
 */
import { EventEmitter } from 'node:events';
import {
  StudioError,
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

export interface StudioServiceOptions {
  userDataDir: string;
  shell: AppInfo['shell'];
  version: string;
  clientOptions?: ChargerClientOptions;
  now?: () => number;
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
    } satisfies StudioHandlers;
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
    const known: KnownCharger[] = [...this.rows.values()].map(
      ({ id, name, origin, address, serial, lastSeenMs }) => {
        const entry: KnownCharger = { id, name, origin, address };
        if (serial !== undefined) entry.serial = serial;
        if (lastSeenMs !== undefined) entry.lastSeenMs = lastSeenMs;
        return entry;
      },
    );
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
    this.events.removeAllListeners();
  }
}
