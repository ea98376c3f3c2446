/**
 * The charger list: manual, discovered and simulated chargers, one row per serial, each with one
 * `ChargerClient` (the only way main talks to a charger), watched by the shared poller and found by
 * discovery. Main never contacts an address that is not in this list. Its handler fragment is the
 * list, read and write half of the Studio API.
 */
import {
  StudioError,
  chargerIdOf,
  formatChargerAddress,
  parseChargerAddress,
  sameAddress,
  toStudioError,
  type ChargerAddress,
  type ChargerSample,
  type ChargerSummary,
  type FieldResult,
  type PwmOverride,
  type RebootWatch,
  type SettingsWrite,
  type SimCharger,
  type StudioHandlers,
} from '$shared/contract';
import {
  defaultClientOptions,
  getSettings,
  type ChargerClientOptions,
  type SettingsRead,
} from '../charger/charger-http';
import { ChargerClient, type WriteOutcome } from '../charger/charger-client';
import { Discovery, type DiscoveryCandidate } from '../discovery/discovery';
import { Poller, type PollerOptions } from '../poller/poller';
import { redactSecrets } from '../security/secrets';
import type { Scheduler, TimerHandle } from '../store/scheduler';
import { KnownChargersStore, type KnownCharger } from '../store/known-chargers.store';
import type { StudioEvents } from './studio-events';
import { nextRebootWatch, rebootRequested } from './reboot-watch';
import { nextPwmOverride } from './pwm-override';

export interface ChargerRegistryOptions {
  userDataDir: string;
  events: StudioEvents;
  scheduler: Scheduler;
  clientOptions?: ChargerClientOptions;
  poller?: Pick<PollerOptions, 'liveIntervalMs' | 'backgroundIntervalMs' | 'offlineAfter'>;
  /** mDNS discovery; `interfaceAddress` keeps it on one interface (127.0.0.1 in tests). */
  discovery?: { enabled: boolean; interfaceAddress?: string };
  /** Every poll's sample and read (the flight recorder). */
  onRead?: (chargerId: string, sample: ChargerSample, read: SettingsRead) => void;
}

interface Row extends KnownCharger {
  online: boolean;
  snapshot?: ChargerSummary['snapshot'];
  lastError?: ChargerSummary['lastError'];
  /** A reboot Studio asked for, until it is over (kept in memory: a page reload still shows it). */
  reboot?: RebootWatch;
  client: ChargerClient;
}

/** The registry's own background watch of every listed charger (list status: online, state). */
const registryClient = 'service';
/** "Last seen" times are saved at most this often. */
const saveDebounceMs = 5000;
/** Removed chargers kept for an undo (the newest ones). */
const maxUndoable = 20;

export type RegistryHandlers = Pick<
  StudioHandlers,
  | 'listChargers'
  | 'addCharger'
  | 'removeCharger'
  | 'restoreCharger'
  | 'renameCharger'
  | 'rescan'
  | 'readCharger'
  | 'writeSettings'
  | 'writeMqtt'
  | 'setColour'
  | 'rebootCharger'
  | 'subscribeSamples'
  | 'unsubscribeSamples'
  | 'getSamples'
>;

export class ChargerRegistry {
  readonly handlers: RegistryHandlers;
  readonly poller: Poller;
  private readonly rows = new Map<string, Row>();
  /** Rows removed while Studio runs, for an undo. */
  private readonly removed = new Map<string, KnownCharger>();
  private readonly store: KnownChargersStore;
  private readonly events: StudioEvents;
  private readonly scheduler: Scheduler;
  private readonly clientOptions: ChargerClientOptions;
  private readonly discovery: Discovery | undefined;
  private readonly forgetListeners: ((id: string) => void)[] = [];
  /** Ids the simulator reports as its own: a discovered row with one of them stays "simulated". */
  private readonly simulatedIds = new Set<string>();
  private saveTimer: TimerHandle | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly confirming = new Set<string>();

  constructor(private readonly options: ChargerRegistryOptions) {
    this.events = options.events;
    this.scheduler = options.scheduler;
    this.store = new KnownChargersStore(options.userDataDir);
    this.clientOptions = options.clientOptions ?? defaultClientOptions;
    this.poller = new Poller({
      read: (id) => this.row(id).client.readSettings(),
      onSample: (id, sample, read, clients) => {
        this.recordRead(id, read);
        options.onRead?.(id, sample, read);
        const targets = new Set([...clients].filter((client) => client !== registryClient));
        if (targets.size > 0)
          this.events.emit('ChargerSample', { chargerId: id, sample, snapshot: read.snapshot }, targets);
      },
      onFailure: (id, error, offline) => this.recordFailure(id, error, offline),
      scheduler: this.scheduler,
      ...options.poller,
    });
    if (options.discovery?.enabled) {
      const discoveryOptions: ConstructorParameters<typeof Discovery>[0] = {
        onCandidate: (candidate) => void this.confirmCandidate(candidate),
        onLost: (candidate) => this.candidateLost(candidate),
      };
      if (options.discovery.interfaceAddress)
        discoveryOptions.interfaceAddress = options.discovery.interfaceAddress;
      this.discovery = new Discovery(discoveryOptions);
    }
    this.handlers = {
      listChargers: async () => this.list(),
      addCharger: async ({ address }) => this.add(address),
      removeCharger: async ({ id }) => this.remove(id),
      restoreCharger: async ({ id }) => this.restore(id),
      renameCharger: async ({ id, name }) => this.rename(id, name),
      rescan: async () => this.rescan(),
      readCharger: async ({ id }) => {
        const read = await this.read(id);
        return { charger: this.summary(id), raw: redactSecrets(read.json) };
      },
      writeSettings: async ({ id, values }) =>
        this.write(
          id,
          (client) => client.writeSettings(values),
          (fields) => this.noteWrittenDuty(id, values, fields),
        ),
      writeMqtt: async ({ id, mqtt }) => this.write(id, (client) => client.writeMqtt(mqtt)),
      setColour: async ({ id, colour }) => this.write(id, (client) => client.setColour(colour)),
      rebootCharger: async ({ id }) => {
        const result = await this.client(id).reboot();
        const row = this.row(id);
        row.reboot = rebootRequested(result.deferred, this.scheduler.now());
        this.events.emit('ChargerChange', { kind: 'update', charger: this.summary(id) });
        this.listChanged();
        return result;
      },
      subscribeSamples: async ({ id, live }, context) => {
        this.row(id);
        return { subscriptionId: this.poller.subscribe(id, context.clientId, live) };
      },
      unsubscribeSamples: async ({ subscriptionId }) => ({
        removed: this.poller.unsubscribe(subscriptionId),
      }),
      getSamples: async ({ id, sinceMs, limit }) => {
        this.row(id);
        return this.poller.ring(id)?.since(sinceMs, limit) ?? [];
      },
    } satisfies RegistryHandlers;
  }

  /** Loads the remembered list; returns a problem to show when a corrupt file was moved aside. */
  async load(): Promise<string | undefined> {
    const loaded = await this.store.load();
    for (const known of loaded.value) this.upsertRow(known, false);
    return loaded.movedAside
      ? `The charger list could not be read (${loaded.problem}); it was kept as ${loaded.movedAside}`
      : undefined;
  }

  /** Starts discovery and the background watch of remembered chargers (shown offline until they answer). */
  start(): void {
    this.discovery?.start();
    for (const row of this.rows.values()) this.upsertRow(row, true, false);
  }

  get discovers(): boolean {
    return this.discovery !== undefined;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  ids(): string[] {
    return [...this.rows.keys()];
  }

  hasReal(): boolean {
    return [...this.rows.values()].some((row) => row.origin !== 'simulated');
  }

  client(id: string): ChargerClient {
    return this.row(id).client;
  }

  /** Called with the id of every charger that leaves the list. */
  onForget(listener: (id: string) => void): void {
    this.forgetListeners.push(listener);
  }

  summary(id: string): ChargerSummary {
    const row = this.row(id);
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
    if (row.pwmOverride) summary.pwmOverride = row.pwmOverride;
    if (row.reboot) summary.reboot = row.reboot;
    return summary;
  }

  list(): ChargerSummary[] {
    return this.ids().map((id) => this.summary(id));
  }

  /** Reads /settings now (through the charger's queue) and records it. */
  async read(id: string): Promise<SettingsRead> {
    const row = this.row(id);
    try {
      const read = await row.client.readSettings();
      this.recordRead(id, read);
      return read;
    } catch (error) {
      this.recordFailure(id, toStudioError(error), false);
      throw withCharger(error, id);
    }
  }

  /**
   * A write through the charger's client; the charger as read back is recorded and returned, so
   * the caller shows what the charger holds now without waiting for the next poll.
   */
  async write(
    id: string,
    send: (client: ChargerClient) => Promise<WriteOutcome>,
    written?: (fields: FieldResult[]) => Promise<void>,
  ): Promise<{ fields: FieldResult[]; charger: ChargerSummary }> {
    const row = this.row(id);
    let outcome: WriteOutcome;
    try {
      outcome = await send(row.client);
    } catch (error) {
      const studioError = toStudioError(error);
      if (studioError.code !== 'invalid-request') this.recordFailure(id, studioError, false);
      throw withCharger(studioError, id);
    }
    this.recordRead(id, outcome.after);
    await written?.(outcome.fields);
    return { fields: outcome.fields, charger: this.summary(id) };
  }

  recordRead(id: string, read: SettingsRead): void {
    const row = this.rows.get(id);
    if (!row) return;
    const before = row.snapshot;
    const wasOnline = row.online;
    const hadFailed = row.lastError !== undefined;
    row.snapshot = read.snapshot;
    row.online = true;
    delete row.lastError;
    row.lastSeenMs = this.scheduler.now();
    const rebootChanged = this.followReboot(row, 'read');
    const override = nextPwmOverride(row.pwmOverride, read.snapshot, before, row.lastSeenMs);
    const overrideChanged = !sameOverride(override, row.pwmOverride);
    this.setOverride(row, override);
    this.saveSoon();
    const changed =
      overrideChanged ||
      rebootChanged ||
      hadFailed ||
      !wasOnline ||
      before?.version !== read.snapshot.version ||
      before?.modeId !== read.snapshot.modeId ||
      before?.stateId !== read.snapshot.stateId ||
      before?.errorId !== read.snapshot.errorId ||
      before?.chargeCurrentDa !== read.snapshot.chargeCurrentDa;
    if (changed) {
      this.events.emit('ChargerChange', { kind: wasOnline ? 'update' : 'appear', charger: this.summary(id) });
      this.listChanged();
    }
  }

  /**
   * A fixed duty Studio set is recorded at once (and saved: the charger never reports it); a
   * release (-1) ends it. Only a field the charger took counts.
   */
  private async noteWrittenDuty(id: string, values: SettingsWrite, fields: FieldResult[]): Promise<void> {
    const sent = values.pwmOverride;
    const taken = fields.some((f) => f.field === 'pwmOverride' && f.status === 'applied');
    if (sent === undefined || !taken) return;
    const row = this.row(id);
    const override: PwmOverride | undefined =
      sent < 0 ? undefined : { duty: sent, sinceMs: this.scheduler.now(), by: 'studio' };
    if (sameOverride(override, row.pwmOverride)) return;
    this.setOverride(row, override);
    this.events.emit('ChargerChange', { kind: 'update', charger: this.summary(id) });
    await this.persist();
  }

  /** Moves a followed reboot on; answers whether its phase changed. */
  private followReboot(row: Row, event: 'read' | 'failure'): boolean {
    const next = nextRebootWatch(row.reboot, event, this.scheduler.now());
    if (next === row.reboot) return false;
    if (next) row.reboot = next;
    else delete row.reboot;
    return true;
  }

  private setOverride(row: Row, override: PwmOverride | undefined): void {
    if (override) row.pwmOverride = override;
    else delete row.pwmOverride;
  }

  /** Simulated chargers join the list like any other; main added them, so main may talk to them. */
  async adoptSimulated(chargers: SimCharger[]): Promise<void> {
    // A restart with fewer chargers leaves none of the others behind as dead rows (they were
    // never remembered: simulated chargers come and go with the simulator).
    const adopted = new Set(chargers.map((c) => chargerIdOf(c.serial, { host: '127.0.0.1', port: c.port })));
    for (const row of [...this.rows.values()])
      if (row.origin === 'simulated' && !adopted.has(row.id)) this.forget(row.id);
    for (const charger of chargers) {
      const address: ChargerAddress = { host: '127.0.0.1', port: charger.port };
      const id = chargerIdOf(charger.serial, address);
      this.simulatedIds.add(id);
      const existing = this.rows.get(id);
      this.upsertRow({
        id,
        name: existing?.name ?? charger.name,
        origin: existing?.origin === 'manual' ? 'manual' : 'simulated',
        address,
        serial: charger.serial,
      });
      try {
        await this.read(id);
      } catch {
        // Recorded as the row's lastError; the simulator may still be starting: try again soon.
        this.poller.pollSoon(id);
      }
    }
    this.listChanged();
  }

  /** The simulator stopped: its chargers stay listed, offline. */
  markSimulatedOffline(): void {
    this.simulatedIds.clear();
    for (const row of this.rows.values()) if (row.origin === 'simulated') row.online = false;
    this.listChanged();
  }

  /** Ends discovery and polling and lands the last save. */
  async close(): Promise<void> {
    this.discovery?.stop();
    this.poller.close();
    if (this.saveTimer) {
      this.scheduler.clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      await this.persist(false);
    }
    await this.saving;
  }

  private row(id: string): Row {
    const row = this.rows.get(id);
    if (!row)
      throw new StudioError({
        code: 'unknown-charger',
        message: `There is no charger "${id.slice(0, 80)}" in the list`,
        chargerId: id,
      });
    return row;
  }

  private listChanged(): void {
    this.events.emit('ChargerListChange', this.list());
  }

  /**
   * Adds or updates a row; a new address gets a new client. Starts its background watch, whose
   * first poll waits one interval when the caller has just read the charger (`freshlyRead`).
   */
  private upsertRow(known: KnownCharger & { online?: boolean }, watch = true, freshlyRead = true): Row {
    const existing = this.rows.get(known.id);
    const client =
      existing && sameAddress(existing.address, known.address)
        ? existing.client
        : new ChargerClient(known.id, known.address, this.clientOptions, () => this.scheduler.now());
    const row: Row = { ...existing, ...known, online: known.online ?? existing?.online ?? false, client };
    this.rows.set(known.id, row);
    if (watch && this.poller.watchers(row.id).every((s) => s.clientId !== registryClient)) {
      const delay = freshlyRead ? (this.options.poller?.backgroundIntervalMs ?? 10_000) : 0;
      this.poller.subscribe(row.id, registryClient, false, delay);
    }
    return row;
  }

  private recordFailure(id: string, error: StudioError, offline: boolean): void {
    const row = this.rows.get(id);
    if (!row) return;
    const first = row.lastError === undefined;
    row.lastError = error.toJSON();
    const rebootChanged = this.followReboot(row, 'failure');
    if (offline && row.online) {
      row.online = false;
      this.events.emit('ChargerChange', { kind: 'lost', charger: this.summary(id) });
      this.listChanged();
    } else if (first || rebootChanged) {
      // The first missed reply is news at once: a view says "no reply for …" before it turns offline.
      this.events.emit('ChargerChange', { kind: 'update', charger: this.summary(id) });
      this.listChanged();
    }
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = this.scheduler.setTimeout(async () => {
      this.saveTimer = undefined;
      // Only "last seen" times wait for this; the next change writes them again if this fails.
      await this.persist(false).catch((error: unknown) =>
        console.warn(`warning: the charger list could not be saved: ${(error as Error).message}`),
      );
    }, saveDebounceMs);
  }

  /** Saves of one file land in the order they were asked for; `close` waits for the last one. */
  private async persist(announce = true): Promise<void> {
    // Simulated chargers come and go with the simulator; only real ones are remembered.
    const known: KnownCharger[] = [...this.rows.values()]
      .filter((row) => row.origin !== 'simulated')
      .map(({ id, name, origin, address, serial, lastSeenMs, pwmOverride }) => {
        const entry: KnownCharger = { id, name, origin, address };
        if (serial !== undefined) entry.serial = serial;
        if (lastSeenMs !== undefined) entry.lastSeenMs = lastSeenMs;
        // A duty Studio set is kept; one recognised from readings is recognised again after a restart.
        if (pwmOverride?.by === 'studio') entry.pwmOverride = pwmOverride;
        return entry;
      });
    const save = this.store.save(known);
    this.saving = save.catch(() => undefined);
    await save;
    if (announce) this.listChanged();
  }

  private async add(text: string): Promise<ChargerSummary> {
    const parsed = parseChargerAddress(text);
    if (!parsed.ok)
      throw new StudioError({
        code: 'invalid-address',
        message: parsed.reason,
        field: 'address',
        key: parsed.key,
        params: parsed.params,
      });
    const { address } = parsed;
    // One probe: the address joins the list only once it has answered as a SmartEVSE. It is not
    // retried (the user is waiting and can try again): a host that accepts and never answers costs
    // one timeout, not two (ux-review minor 6).
    const read = await getSettings(address, this.clientOptions);
    const serial = read.snapshot.serial;
    const id = chargerIdOf(serial, address);
    for (const [otherId, other] of this.rows)
      if (otherId !== id && sameAddress(other.address, address)) this.forget(otherId);
    const existing = this.rows.get(id);
    const known: KnownCharger = {
      id,
      name: existing?.name ?? id,
      origin: existing && existing.origin !== 'simulated' ? existing.origin : 'manual',
      address,
    };
    if (serial !== undefined) known.serial = serial;
    this.upsertRow(known);
    this.recordRead(id, read);
    await this.persist();
    return this.summary(id);
  }

  private forget(id: string): void {
    for (const listener of this.forgetListeners) listener(id);
    this.rows.delete(id);
    this.poller.forget(id);
  }

  private async remove(id: string): Promise<{ removed: boolean }> {
    const row = this.rows.get(id);
    if (!row) return { removed: false };
    // Kept in memory for an undo: name, origin, address and a duty Studio set come back with it.
    const { id: key, name, origin, address, serial, lastSeenMs, pwmOverride } = row;
    this.removed.delete(id);
    this.removed.set(id, {
      id: key,
      name,
      origin,
      address,
      ...(serial === undefined ? {} : { serial }),
      ...(lastSeenMs === undefined ? {} : { lastSeenMs }),
      ...(pwmOverride === undefined ? {} : { pwmOverride }),
    });
    while (this.removed.size > maxUndoable) this.removed.delete(this.removed.keys().next().value!);
    this.forget(id);
    await this.persist();
    return { removed: true };
  }

  private async restore(id: string): Promise<{ restored: boolean; charger?: ChargerSummary }> {
    const known = this.removed.get(id);
    if (!known || this.rows.has(id)) return { restored: false };
    this.removed.delete(id);
    this.upsertRow(known, true, false);
    await this.persist();
    return { restored: true, charger: this.summary(id) };
  }

  private async rename(id: string, name: string): Promise<ChargerSummary> {
    this.row(id).name = name;
    await this.persist();
    return this.summary(id);
  }

  private async rescan(): Promise<ChargerSummary[]> {
    this.discovery?.rescan();
    await Promise.allSettled(this.ids().map((id) => this.read(id)));
    return this.list();
  }

  /** An mDNS candidate is listed only after it answered /settings as the charger its name says. */
  private async confirmCandidate(candidate: DiscoveryCandidate): Promise<void> {
    const id = chargerIdOf(candidate.serial, candidate.address);
    const key = `${id}@${formatChargerAddress(candidate.address)}`;
    if (this.confirming.has(key)) return;
    const listed = this.rows.get(id);
    if (listed?.online && sameAddress(listed.address, candidate.address)) return;
    this.confirming.add(key);
    try {
      const read = await new ChargerClient(id, candidate.address, this.clientOptions, () =>
        this.scheduler.now(),
      ).readSettings();
      const serial = read.snapshot.serial;
      if (serial !== undefined && serial !== candidate.serial) return;
      // The row as it is now: it may have been renamed, added or removed while the probe ran.
      const existing = this.rows.get(id);
      const known: KnownCharger = {
        id,
        name: existing?.name ?? candidate.name,
        // mDNS may see a simulated charger before the simulator reports it: it stays "simulated".
        origin: existing?.origin ?? (this.simulatedIds.has(id) ? 'simulated' : 'discovered'),
        address: candidate.address,
        serial: candidate.serial,
      };
      const moved = existing !== undefined && !sameAddress(existing.address, candidate.address);
      this.upsertRow(known);
      if (moved) this.rows.get(id)!.online = false;
      this.recordRead(id, read);
      if (!existing || moved) await this.persist(false);
    } catch {
      // Not a SmartEVSE after all, or not reachable: it is not listed.
    } finally {
      this.confirming.delete(key);
    }
  }

  private candidateLost(candidate: DiscoveryCandidate): void {
    const id = chargerIdOf(candidate.serial, candidate.address);
    const row = this.rows.get(id);
    if (!row || !sameAddress(row.address, candidate.address) || !row.online) return;
    row.online = false;
    this.events.emit('ChargerChange', { kind: 'lost', charger: this.summary(id) });
    this.listChanged();
  }
}

function sameOverride(a: PwmOverride | undefined, b: PwmOverride | undefined): boolean {
  return a?.duty === b?.duty && a?.by === b?.by;
}

function withCharger(error: unknown, chargerId: string): StudioError {
  const studioError = toStudioError(error);
  if (studioError.chargerId !== undefined) return studioError;
  return new StudioError({ ...studioError.toJSON(), chargerId });
}
