/**
 * StudioService: the one object whose handlers are the Studio API. Transports bind it and hold no
 * logic. It owns the charger list (manual, discovered and simulated chargers, one row per serial),
 * one connection per charger (the only way main talks to a charger), discovery and the poller.
 * Main never contacts an address that is not in this list.
 */
import { EventEmitter } from 'node:events';
import {
  StudioError,
  simStatusSchema,
  formatChargerAddress,
  parseChargerAddress,
  toStudioError,
  type AppInfo,
  type CallContext,
  type ChargerAddress,
  type ChargerSummary,
  type CurrentsFeed,
  type EvMeterFeed,
  type FeedStatus,
  type EventPayload,
  type FieldResult,
  type SimCharger,
  type SimulatorStatus,
  type StudioEventName,
  type StudioHandlers,
  profileValuesOf,
} from '$shared/contract';
import { defaultClientOptions, type ChargerClientOptions, type SettingsRead } from '../charger/charger-http';
import { ChargerClient, type WriteOutcome } from '../charger/charger-client';
import { Discovery, type DiscoveryCandidate } from '../discovery/discovery';
import { Poller } from '../poller/poller';
import { SimSupervisor, type SimLauncher } from '../sim-supervisor/supervisor';
import { KnownChargersStore, type KnownCharger } from './known-chargers.store';
import { PlanScheduler } from './plan-scheduler';
import { PreferencesStore } from '../store/preferences.store';
import { FleetService } from '../fleet/fleet-service';
import { redactSecrets } from '../security/secrets';
import { loadVersionedJson, writeFileAtomic } from '../store/atomic-file';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

export interface StudioServiceOptions {
  userDataDir: string;
  shell: AppInfo['shell'];
  version: string;
  clientOptions?: ChargerClientOptions;
  now?: () => number;
  /** The bundled simulator; `autoStart` starts one simulated charger when no real one is known. */
  simulator?: { launch: SimLauncher; autoStart: boolean };
  /**
   * mDNS discovery. `interfaceAddress` keeps it on one interface (127.0.0.1 in tests); omitted,
   * it browses every interface. `enabled: false` turns it off.
   */
  discovery?: { enabled: boolean; interfaceAddress?: string };
  /** Prints the commissioning report to PDF (Electron's printToPDF); without it, HTML only. */
  renderPdf?: (html: string) => Promise<Uint8Array>;
  /** How often weekly plans are checked (default 15 s). */
  plansCheckMs?: number;
  /** Poll intervals (tests and benchmarks shorten them). */
  poller?: { liveIntervalMs?: number; backgroundIntervalMs?: number; offlineAfter?: number };
}

/**
 * A listener for every event the service emits; bindings forward these to their clients.
 * `targets`, when given, names the only clients that should receive it.
 */
export type StudioEventListener = <E extends StudioEventName>(
  event: E,
  payload: EventPayload<E>,
  targets?: ReadonlySet<string>,
) => void;

interface Row extends KnownCharger {
  online: boolean;
  snapshot?: ChargerSummary['snapshot'];
  lastError?: ChargerSummary['lastError'];
  client: ChargerClient;
}

/** The service's own background watch of every listed charger (list status: online, state). */
const serviceClient = 'service';

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
  private readonly discovery: Discovery | undefined;
  readonly poller: Poller;
  readonly plans: PlanScheduler;
  readonly preferences: PreferencesStore;
  readonly fleet: FleetService;
  /** The latest adoption of simulated chargers into the list (after each simulator start). */
  private adoption: Promise<void> = Promise.resolve();
  private persistTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly confirming = new Set<string>();

  constructor(private readonly options: StudioServiceOptions) {
    this.store = new KnownChargersStore(options.userDataDir);
    this.preferences = new PreferencesStore(options.userDataDir);
    this.fleet = new FleetService({
      ids: () => [...this.rows.keys()],
      summary: (id) => this.summary(this.row(id)),
      client: (id) => this.row(id).client,
      read: (id) => this.read(id),
      lastRead: (id) => {
        const { lastRead, lastReadMs } = this.row(id).client;
        return lastRead && lastReadMs !== undefined ? { read: lastRead, atMs: lastReadMs } : undefined;
      },
      recordRead: (id, read) => this.recordRead(id, read),
      chargingSeenMs: (id) => {
        const samples = this.poller.ring(id)?.since(-Infinity) ?? [];
        for (let i = samples.length - 1; i >= 0; i -= 1)
          if (samples[i]!.stateId === 2) return samples[i]!.tMs;
        return undefined;
      },
      preferences: () => this.preferences.get(),
      onJob: (job) => this.emit('ApplyJobChange', job),
      now: () => this.now(),
      version: options.version,
      userDataDir: options.userDataDir,
      ...(options.renderPdf ? { renderPdf: options.renderPdf } : {}),
    });
    this.clientOptions = options.clientOptions ?? defaultClientOptions;
    this.now = options.now ?? Date.now;
    this.poller = new Poller({
      read: (id) => this.row(id).client.readSettings(),
      onSample: (id, sample, read, clients) => {
        this.recordRead(id, read);
        const targets = new Set([...clients].filter((client) => client !== serviceClient));
        if (targets.size > 0)
          this.emit('ChargerSample', { chargerId: id, sample, snapshot: read.snapshot }, targets);
      },
      onFailure: (id, error, offline) => this.recordFailure(id, error, offline),
      now: this.now,
      ...options.poller,
    });
    this.handlers = {
      getAppInfo: async () => ({
        version: options.version,
        shell: options.shell,
        platform: process.platform,
      }),
      getPreferences: async () => this.preferences.get(),
      setPreferences: async ({ preferences }) => this.preferences.update(preferences),
      listChargers: async () => this.list(),
      listProfiles: async () => this.fleet.profiles.list(),
      saveProfile: async ({ profile }) => this.fleet.profiles.save(profile),
      deleteProfile: async ({ id }) => ({ removed: await this.fleet.profiles.remove(id) }),
      duplicateProfile: async ({ id }) => this.fleet.profiles.duplicate(id),
      importProfile: async ({ text, fileName }) => this.fleet.profiles.import(text, fileName),
      exportProfile: async ({ id }) => this.fleet.profiles.export(id),
      profileFromCharger: async ({ id }) => {
        const read = await this.read(id);
        return profileValuesOf(read.snapshot, read.json);
      },
      previewApply: async ({ source, targets }) => this.fleet.preview(source, targets),
      startApply: async ({ source, targets, concurrency }) =>
        this.fleet.startApply(source, targets, concurrency),
      getApplyJob: async ({ jobId }) => this.fleet.runner.get(jobId),
      cancelApply: async ({ jobId }) => this.fleet.runner.cancel(jobId),
      retryApply: async ({ jobId }) => this.fleet.retry(jobId),
      backupChargers: async ({ targets }) => this.fleet.backup(targets),
      listBackups: async () => this.fleet.backups.list(),
      compareChargers: async ({ targets }) => this.fleet.compare(targets),
      commissioningReport: async ({ targets, title }) => this.fleet.report(targets, title),
      addCharger: async ({ address }) => this.addCharger(address),
      removeCharger: async ({ id }) => this.removeCharger(id),
      renameCharger: async ({ id, name }) => this.renameCharger(id, name),
      rescan: async () => this.rescan(),
      readCharger: async ({ id }) => {
        const read = await this.read(id);
        return { charger: this.summary(this.row(id)), raw: redactSecrets(read.json) };
      },
      writeSettings: async ({ id, values }) => this.write(id, (client) => client.writeSettings(values)),
      writeMqtt: async ({ id, mqtt }) => this.write(id, (client) => client.writeMqtt(mqtt)),
      setColour: async ({ id, colour }) => this.write(id, (client) => client.setColour(colour)),
      feedCurrents: async ({ id, currents }) => ({
        fields: await this.row(id).client.feedCurrents(currents),
      }),
      feedEvMeter: async ({ id, evMeter }) => ({
        fields: await this.row(id).client.feedEvMeter(evMeter),
      }),
      rebootCharger: async ({ id }) => this.row(id).client.reboot(),
      startFeed: async ({ id, mains, evMeter, intervalMs }) => this.startFeed(id, mains, evMeter, intervalMs),
      stopFeed: async ({ id }) => this.stopFeed(id),
      getFeed: async ({ id }) => this.feedStatus(id),
      subscribeSamples: async ({ id, live }, context: CallContext) => {
        this.row(id);
        const subscriptionId = this.poller.subscribe(id, context.clientId, live);
        return { subscriptionId };
      },
      unsubscribeSamples: async ({ subscriptionId }) => ({
        removed: this.poller.unsubscribe(subscriptionId),
      }),
      getSamples: async ({ id, sinceMs, limit }) => {
        this.row(id);
        return this.poller.ring(id)?.since(sinceMs, limit) ?? [];
      },
      listPlans: async ({ chargerId }) => this.plans.list(chargerId),
      savePlan: async ({ plan }) => this.plans.save(plan),
      deletePlan: async ({ id }) => ({ removed: await this.plans.remove(id) }),
      getSimulatorStatus: async () => this.simulatorStatus(),
      simulatorOverview: async () => simStatusSchema.parse(await this.simControl('GET', '/sim')),
      simulatorEv: async ({ serial, ev }) => this.simControl('POST', `/sim/chargers/${serial}/ev`, ev),
      simulatorWorld: async (world) => this.simControl('POST', '/sim/world', world),
      simulatorClock: async (clock) => this.simControl('POST', '/sim/clock', clock),
      simulatorInternals: async ({ serial }) => this.simControl('GET', `/sim/chargers/${serial}/internals`),
      startSimulator: async ({ chargers, group }) => this.startSimulator(chargers ?? 1, group ?? false),
      stopSimulator: async () => this.stopSimulator(),
    } satisfies StudioHandlers;
    this.plans = new PlanScheduler({
      userDataDir: options.userDataDir,
      now: this.now,
      checkEveryMs: options.plansCheckMs,
      exists: (id) => this.rows.has(id),
      apply: async (plan) =>
        (await this.write(plan.chargerId, (client) => client.writeSettings({ mode: plan.mode }))).fields,
    });
    if (options.simulator) {
      this.simulator = new SimSupervisor({ launch: options.simulator.launch });
      this.simulator.on('ready', (chargers) => (this.adoption = this.adoptSimulated(chargers)));
      this.simulator.on('exit', () => this.markSimulatedOffline());
    }
    if (options.discovery?.enabled) {
      const discoveryOptions: ConstructorParameters<typeof Discovery>[0] = {
        onCandidate: (candidate) => void this.confirmCandidate(candidate),
        onLost: (candidate) => this.candidateLost(candidate),
      };
      if (options.discovery.interfaceAddress)
        discoveryOptions.interfaceAddress = options.discovery.interfaceAddress;
      this.discovery = new Discovery(discoveryOptions);
    }
  }

  async init(): Promise<void> {
    const loaded = await this.store.load();
    if (loaded.movedAside) {
      this.startupProblems.push(
        `The charger list could not be read (${loaded.problem}); it was kept as ${loaded.movedAside}`,
      );
    }
    for (const known of loaded.value) this.upsertRow(known, false);
    for (const problem of [
      await this.plans.load(),
      await this.preferences.load(),
      ...(await this.fleet.load()),
    ])
      if (problem) this.startupProblems.push(problem);
  }

  /** After `init`: start discovery and, on a first launch with no real charger known, the simulator. */
  async start(): Promise<void> {
    this.discovery?.start();
    this.plans.start();
    // Remembered chargers are shown offline until they answer; watch them in the background.
    for (const row of this.rows.values()) this.upsertRow(row, true, false);
    const hasReal = [...this.rows.values()].some((row) => row.origin !== 'simulated');
    if (this.options.simulator?.autoStart && !hasReal) {
      try {
        await this.startSimulator(1);
      } catch (error) {
        this.startupProblems.push(`The simulator could not start: ${(error as Error).message}`);
      }
    }
  }

  onEvent(listener: StudioEventListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /** A window or web connection went away: end its subscriptions. */
  dropClient(clientId: string): number {
    return this.poller.dropClient(clientId);
  }

  private emit<E extends StudioEventName>(
    event: E,
    payload: EventPayload<E>,
    targets?: ReadonlySet<string>,
  ): void {
    this.events.emit('event', event, payload, targets);
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

  private summary(row: Row): ChargerSummary {
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
  }

  private list(): ChargerSummary[] {
    return [...this.rows.values()].map((row) => this.summary(row));
  }

  private listChanged(): void {
    this.emit('ChargerListChange', this.list());
  }

  /**
   * Adds or updates a row; a new address gets a new connection. Starts its background watch, whose
   * first poll waits one interval when the caller has just read the charger (`freshlyRead`).
   */
  private upsertRow(known: KnownCharger & { online?: boolean }, watch = true, freshlyRead = true): Row {
    const existing = this.rows.get(known.id);
    const sameAddress =
      existing && formatChargerAddress(existing.address) === formatChargerAddress(known.address);
    const client = sameAddress
      ? existing.client
      : new ChargerClient(known.id, known.address, this.clientOptions, this.now);
    const row: Row = { ...existing, ...known, online: known.online ?? existing?.online ?? false, client };
    this.rows.set(known.id, row);
    if (watch && this.poller.watchers(row.id).every((s) => s.clientId !== serviceClient)) {
      const delay = freshlyRead ? (this.options.poller?.backgroundIntervalMs ?? 10_000) : 0;
      this.poller.subscribe(row.id, serviceClient, false, delay);
    }
    return row;
  }

  /** Reads /settings now (through the charger's queue) and records it. */
  private async read(id: string): Promise<SettingsRead> {
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

  private recordRead(id: string, read: SettingsRead): void {
    const row = this.rows.get(id);
    if (!row) return;
    const before = row.snapshot;
    const wasOnline = row.online;
    row.snapshot = read.snapshot;
    row.online = true;
    delete row.lastError;
    row.lastSeenMs = this.now();
    this.persistSoon();
    const changed =
      !wasOnline ||
      before?.version !== read.snapshot.version ||
      before?.modeId !== read.snapshot.modeId ||
      before?.stateId !== read.snapshot.stateId ||
      before?.errorId !== read.snapshot.errorId ||
      before?.chargeCurrentDa !== read.snapshot.chargeCurrentDa;
    if (changed) {
      this.emit('ChargerChange', { kind: wasOnline ? 'update' : 'appear', charger: this.summary(row) });
      this.listChanged();
    }
  }

  private recordFailure(id: string, error: StudioError, offline: boolean): void {
    const row = this.rows.get(id);
    if (!row) return;
    row.lastError = error.toJSON();
    if (offline && row.online) {
      row.online = false;
      this.emit('ChargerChange', { kind: 'lost', charger: this.summary(row) });
      this.listChanged();
    }
  }

  private persistSoon(): void {
    if (this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      // Only "last seen" times wait for this; the next change writes them again if this fails.
      this.persist(false).catch((error: unknown) =>
        console.warn(`warning: the charger list could not be saved: ${(error as Error).message}`),
      );
    }, 5000);
    this.persistTimer.unref?.();
  }

  /** Saves of one file land in the order they were asked for; `close` waits for the last one. */
  private async persist(announce = true): Promise<void> {
    // Simulated chargers come and go with the simulator; only real ones are remembered.
    const known: KnownCharger[] = [...this.rows.values()]
      .filter((row) => row.origin !== 'simulated')
      .map(({ id, name, origin, address, serial, lastSeenMs }) => {
        const entry: KnownCharger = { id, name, origin, address };
        if (serial !== undefined) entry.serial = serial;
        if (lastSeenMs !== undefined) entry.lastSeenMs = lastSeenMs;
        return entry;
      });
    const save = this.store.save(known);
    this.saving = save.catch(() => undefined);
    await save;
    if (announce) this.listChanged();
  }

  private async addCharger(text: string): Promise<ChargerSummary> {
    const parsed = parseChargerAddress(text);
    if (!parsed.ok)
      throw new StudioError({ code: 'invalid-address', message: parsed.reason, field: 'address' });
    const { address } = parsed;
    // A probe connection: the address joins the list only once it has answered as a SmartEVSE.
    const probe = new ChargerClient(formatChargerAddress(address), address, this.clientOptions, this.now);
    const read = await probe.readSettings();
    const serial = read.snapshot.serial;
    const id = serial !== undefined ? `SmartEVSE-${serial}` : formatChargerAddress(address);
    for (const [otherId, other] of this.rows) {
      if (otherId !== id && formatChargerAddress(other.address) === formatChargerAddress(address))
        this.forget(otherId);
    }
    const existing = this.rows.get(id);
    const known: KnownCharger = {
      id,
      name: existing?.name ?? (serial !== undefined ? `SmartEVSE-${serial}` : formatChargerAddress(address)),
      origin: existing && existing.origin !== 'simulated' ? existing.origin : 'manual',
      address,
    };
    if (serial !== undefined) known.serial = serial;
    this.upsertRow(known);
    this.recordRead(id, read);
    await this.persist();
    return this.summary(this.row(id));
  }

  private forget(id: string): void {
    if (this.feeds.has(id)) this.stopFeed(id);
    this.rows.delete(id);
    this.poller.forget(id);
  }

  private async removeCharger(id: string): Promise<{ removed: boolean }> {
    if (!this.rows.has(id)) return { removed: false };
    this.forget(id);
    await this.persist();
    return { removed: true };
  }

  private async renameCharger(id: string, name: string): Promise<ChargerSummary> {
    const row = this.row(id);
    row.name = name;
    await this.persist();
    return this.summary(row);
  }

  private async rescan(): Promise<ChargerSummary[]> {
    this.discovery?.rescan();
    await Promise.allSettled([...this.rows.keys()].map((id) => this.read(id)));
    return this.list();
  }

  /**
   * A write through the charger's client; the charger as read back is recorded and returned, so
   * the caller shows what the charger holds now without waiting for the next poll.
   */
  private async write(
    id: string,
    send: (client: ChargerClient) => Promise<WriteOutcome>,
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
    return { fields: outcome.fields, charger: this.summary(this.row(id)) };
  }

  /** An mDNS candidate is listed only after it answered /settings as the charger its name says. */
  private async confirmCandidate(candidate: DiscoveryCandidate): Promise<void> {
    const id = `SmartEVSE-${candidate.serial}`;
    const key = `${id}@${formatChargerAddress(candidate.address)}`;
    const existing = this.rows.get(id);
    if (this.confirming.has(key)) return;
    if (
      existing?.online &&
      formatChargerAddress(existing.address) === formatChargerAddress(candidate.address)
    )
      return;
    this.confirming.add(key);
    try {
      const read = await new ChargerClient(
        id,
        candidate.address,
        this.clientOptions,
        this.now,
      ).readSettings();
      const serial = read.snapshot.serial;
      if (serial !== undefined && serial !== candidate.serial) return;
      const known: KnownCharger = {
        id,
        name: existing?.name ?? candidate.name,
        // mDNS may see a simulated charger before the simulator reports it: it stays "simulated".
        origin: existing?.origin ?? (this.isSimulated(id) ? 'simulated' : 'discovered'),
        address: candidate.address,
        serial: candidate.serial,
      };
      const moved =
        existing && formatChargerAddress(existing.address) !== formatChargerAddress(candidate.address);
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
    const row = this.rows.get(`SmartEVSE-${candidate.serial}`);
    if (!row || formatChargerAddress(row.address) !== formatChargerAddress(candidate.address) || !row.online)
      return;
    row.online = false;
    this.emit('ChargerChange', { kind: 'lost', charger: this.summary(row) });
    this.listChanged();
  }

  private readonly feeds = new Map<string, { timer: NodeJS.Timeout; status: FeedStatus }>();

  private feedStatus(id: string): FeedStatus {
    this.row(id);
    return this.feeds.get(id)?.status ?? { active: false, sent: 0 };
  }

  /** Posts the values now and then every `intervalMs` until stopped (or the charger is removed). */
  private async startFeed(
    id: string,
    mains: CurrentsFeed | undefined,
    evMeter: EvMeterFeed | undefined,
    intervalMs: number,
  ): Promise<FeedStatus> {
    const row = this.row(id);
    this.stopFeed(id);
    const status: FeedStatus = { active: true, kind: mains ? 'mains' : 'evMeter', intervalMs, sent: 0 };
    const send = async () => {
      try {
        status.lastFields = mains
          ? await row.client.feedCurrents(mains)
          : await row.client.feedEvMeter(evMeter!);
        delete status.lastError;
      } catch (error) {
        status.lastError = toStudioError(error).toJSON();
      }
      status.sent += 1;
    };
    await send();
    const timer = setInterval(() => void send(), intervalMs);
    timer.unref?.();
    this.feeds.set(id, { timer, status });
    return status;
  }

  private stopFeed(id: string): FeedStatus {
    const feed = this.feeds.get(id);
    if (feed) {
      clearInterval(feed.timer);
      feed.status.active = false;
      this.feeds.delete(id);
      return feed.status;
    }
    return this.feedStatus(id);
  }

  /** A call to the supervised simulator's control API: main's only other loopback destination. */
  private async simControl(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const port = this.simulator?.status().controlPort;
    if (port === undefined)
      throw new StudioError({ code: 'charger-unreachable', message: 'The simulator is not running' });
    const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
    const reply = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      const data: ConstructorParameters<typeof StudioError>[0] = {
        code: response.status === 400 ? 'invalid-request' : 'internal',
        message: `Simulator: ${String(reply.error ?? response.status)}`,
      };
      if (typeof reply.field === 'string') data.field = reply.field;
      throw new StudioError(data);
    }
    return reply;
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

  /**
   * The simulator's seed for this installation: random the first time, then kept, so the simulated
   * charger keeps its serial (and its row) across restarts, while two installations on one network
   * never advertise the same SmartEVSE name.
   */
  private async simulatorSeed(): Promise<number> {
    const file = path.join(this.options.userDataDir, 'simulator.json');
    const schema = z.object({ schemaVersion: z.literal(1), seed: z.number().int().min(1) });
    const loaded = await loadVersionedJson(file, schema, () => ({
      schemaVersion: 1 as const,
      seed: randomInt(1, 2 ** 31 - 1),
    }));
    if (loaded.movedAside) {
      this.startupProblems.push(
        `Simulator settings were unreadable (${loaded.problem}); kept as ${loaded.movedAside}`,
      );
    }
    await writeFileAtomic(file, `${JSON.stringify(loaded.value)}\n`);
    return loaded.value.seed;
  }

  private async startSimulator(chargers: number, group = false): Promise<SimulatorStatus> {
    if (!this.simulator)
      throw new StudioError({ code: 'internal', message: 'The simulator is not available in this build' });
    if (this.simulator.status().running) await this.simulator.stop();
    const args = ['--chargers', String(chargers), '--seed', String(await this.simulatorSeed())];
    if (group) args.push('--group');
    if (!this.discovery) args.push('--no-mdns');
    await this.simulator.start(args);
    await this.adoption;
    return this.simulatorStatus();
  }

  private isSimulated(id: string): boolean {
    return this.simulator?.status().chargers.some((c) => `SmartEVSE-${c.serial}` === id) ?? false;
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
      const address: ChargerAddress = { host: '127.0.0.1', port: charger.port };
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
        /* recorded as the row's lastError */
      }
    }
    this.listChanged();
    this.emit('SimulatorChange', this.simulatorStatus());
  }

  private markSimulatedOffline(): void {
    for (const row of this.rows.values()) if (row.origin === 'simulated') row.online = false;
    this.listChanged();
    this.emit('SimulatorChange', this.simulatorStatus());
  }

  async close(): Promise<void> {
    for (const id of [...this.feeds.keys()]) this.stopFeed(id);
    this.plans.stop();
    this.discovery?.stop();
    this.poller.close();
    await this.simulator?.stop();
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
      await this.persist(false);
    }
    await this.saving;
    this.events.removeAllListeners();
  }
}

function withCharger(error: unknown, chargerId: string): StudioError {
  const studioError = toStudioError(error);
  if (studioError.chargerId !== undefined) return studioError;
  return new StudioError({ ...studioError.toJSON(), chargerId });
}
