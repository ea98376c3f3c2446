/**
 * StudioService: the facade whose handler table is the Studio API. Transports bind it and hold no
 * logic. Each part owns one thing and brings its own handler fragment: the charger registry (the
 * list, clients, poller, discovery), the meter feeds, the simulator bridge, the weekly plans, the
 * preferences and the fleet. Main never contacts an address that is not in the registry's list.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  StudioError,
  chargerIdOf,
  firmwareLines,
  readSettingsDocument,
  profileValuesOf,
  recorderDaysRange,
  type AppInfo,
  type MethodRequest,
  type SimReplayRequest,
  type StudioHandlers,
} from '$shared/contract';
import { words } from '$shared/i18n/error-words';
import { writeFileAtomic } from '../store/atomic-file';
import { bugReport } from './bug-report';
import { downloadAsset, githubReleases, listReleases, releaseSourceAt } from '../fleet/firmware-releases';
import { sendName } from '../fleet/firmware-rollout';
import type { ChargingSeen } from '../fleet/report';
import type { ChargerClientOptions } from '../charger/charger-http';
import type { SimLauncher } from '../sim-supervisor/supervisor';
import { PlanScheduler } from './plan-scheduler';
import { PreferencesStore } from '../store/preferences.store';
import { FleetService } from '../fleet/fleet-service';
import { systemScheduler, type Scheduler } from '../store/scheduler';
import { ChargerRegistry } from './charger-registry';
import { History } from './history';
import { MeterFeeds } from './meter-feeds';
import { MqttViews, type SecretBox } from './mqtt-views';
import { SimulatorBridge } from './simulator-bridge';
import { StudioEvents, type StudioEventListener } from './studio-events';

export type { StudioEventListener } from './studio-events';

export interface StudioServiceOptions {
  userDataDir: string;
  shell: AppInfo['shell'];
  version: string;
  clientOptions?: ChargerClientOptions;
  /** Studio's clock and timers (tests pass a `SimulatedScheduler`). */
  scheduler?: Scheduler;
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
  /** Where firmware releases come from: GitHub by default; a mirror or a loopback stand-in in tests. */
  firmwareReleasesUrl?: string;
  /** The system's secret store (Electron safeStorage): MQTT passwords are kept only with one. */
  secrets?: SecretBox;
  /** The flight recorder (`recorder.sqlite`); off for the CLI's one-off commands. Default on. */
  history?: boolean;
  /** Poll intervals (tests and benchmarks shorten them). */
  poller?: { liveIntervalMs?: number; backgroundIntervalMs?: number; offlineAfter?: number };
}

export class StudioService {
  readonly handlers: StudioHandlers;
  /** Problems met while loading stored data (e.g. a corrupt file moved aside), for the UI to show. */
  readonly startupProblems: string[] = [];
  readonly scheduler: Scheduler;
  readonly chargers: ChargerRegistry;
  readonly feeds: MeterFeeds;
  readonly mqtt: MqttViews;
  readonly simulator: SimulatorBridge;
  readonly plans: PlanScheduler;
  readonly preferences: PreferencesStore;
  readonly fleet: FleetService;
  readonly history: History;
  private readonly events = new StudioEvents();

  constructor(private readonly options: StudioServiceOptions) {
    const scheduler = (this.scheduler = options.scheduler ?? systemScheduler());
    const events = this.events;
    const history = (this.history = new History({
      enabled: options.history !== false,
      userDataDir: options.userDataDir,
      scheduler,
      keepDays: recorderDaysRange.default,
      nameOf: (id) => this.chargers.summary(id).name,
    }));
    if (history.problem && options.history !== false) this.startupProblems.push(history.problem);
    if (history.aside) this.startupProblems.push(history.aside);
    const chargers = (this.chargers = new ChargerRegistry({
      userDataDir: options.userDataDir,
      events,
      scheduler,
      onRead: (id, sample, read) => history.record(id, sample, read),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
      ...(options.poller ? { poller: options.poller } : {}),
      ...(options.discovery ? { discovery: options.discovery } : {}),
    }));
    this.feeds = new MeterFeeds(chargers, scheduler);
    this.mqtt = new MqttViews(chargers, options.userDataDir, options.secrets);
    this.simulator = new SimulatorBridge({
      userDataDir: options.userDataDir,
      launch: options.simulator?.launch,
      mdns: chargers.discovers,
      problems: this.startupProblems,
      onChargers: {
        ready: (list) => chargers.adoptSimulated(list),
        gone: () => chargers.markSimulatedOffline(),
      },
      onStatus: (status) => events.emit('SimulatorChange', status),
    });
    this.plans = new PlanScheduler({
      userDataDir: options.userDataDir,
      scheduler,
      ...(options.plansCheckMs !== undefined ? { checkEveryMs: options.plansCheckMs } : {}),
      exists: (id) => chargers.has(id),
      apply: async (plan) =>
        (await chargers.write(plan.chargerId, (client) => client.writeSettings({ mode: plan.mode }))).fields,
    });
    const preferences = (this.preferences = new PreferencesStore(options.userDataDir));
    const poller = chargers.poller;
    const fleet = (this.fleet = new FleetService({
      ids: () => chargers.ids(),
      summary: (id) => chargers.summary(id),
      client: (id) => chargers.client(id),
      read: (id) => chargers.read(id),
      lastRead: (id) => {
        const { lastRead, lastReadMs } = chargers.client(id);
        return lastRead && lastReadMs !== undefined ? { read: lastRead, atMs: lastReadMs } : undefined;
      },
      recordRead: (id, read) => chargers.recordRead(id, read),
      chargingSeen: (id) => {
        const samples = poller.ring(id)?.since(-Infinity) ?? [];
        for (let i = samples.length - 1; i >= 0; i -= 1) {
          const sample = samples[i]!;
          if (sample.stateId !== 2) continue;
          const seen: ChargingSeen = { tMs: sample.tMs };
          if (sample.chargeCurrentDa !== undefined) seen.chargeCurrentDa = sample.chargeCurrentDa;
          if (sample.evDa && sample.evDa.some((da) => da !== 0)) {
            seen.currentsDa = sample.evDa;
            seen.source = 'ev-meter';
          } else if (sample.mainsDa && sample.mainsDa.some((da) => da !== 0)) {
            seen.currentsDa = sample.mainsDa;
            seen.source = 'mains-meter';
          }
          return seen;
        }
        return undefined;
      },
      preferences: () => preferences.get(),
      onJob: (job) => events.emit('ApplyJobChange', job),
      onFirmwareJob: (job) => events.emit('FirmwareJobChange', job),
      releases: options.firmwareReleasesUrl ? releaseSourceAt(options.firmwareReleasesUrl) : githubReleases,
      now: () => scheduler.now(),
      // Studio's timers never keep the process alive; a rollout waiting for a restart must (the CLI waits for it).
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          const hold = setInterval(() => undefined, 60_000);
          scheduler.setTimeout(() => {
            clearInterval(hold);
            resolve();
          }, ms);
        }),
      version: options.version,
      userDataDir: options.userDataDir,
      ...(options.renderPdf ? { renderPdf: options.renderPdf } : {}),
    }));
    const plans = this.plans;
    this.handlers = {
      getAppInfo: async () => ({
        version: options.version,
        shell: options.shell,
        platform: process.platform,
      }),
      getPreferences: async () => preferences.get(),
      setPreferences: async ({ preferences: update }) => {
        const next = await preferences.update(update);
        history.setKeepDays(next.recorderDays);
        return next;
      },
      ...history.handlers,
      ...chargers.handlers,
      ...this.feeds.handlers,
      ...this.mqtt.handlers,
      ...this.simulator.handlers,
      listPlans: async ({ chargerId }) => plans.list(chargerId),
      savePlan: async ({ plan }) => plans.save(plan),
      deletePlan: async ({ id }) => ({ removed: await plans.remove(id) }),
      listProfiles: async () => fleet.profiles.list(),
      saveProfile: async ({ profile }) => fleet.profiles.save(profile),
      deleteProfile: async ({ id }) => ({ removed: await fleet.profiles.remove(id) }),
      duplicateProfile: async ({ id }) => fleet.profiles.duplicate(id),
      importProfile: async ({ text, fileName }) => fleet.profiles.import(text, fileName),
      exportProfile: async ({ id }) => fleet.profiles.export(id),
      profileFromCharger: async ({ id }) => {
        const read = await chargers.read(id);
        return profileValuesOf(read.snapshot, read.json);
      },
      previewApply: async ({ source, targets }) => fleet.preview(source, targets),
      startApply: async ({ source, targets, concurrency }) => fleet.startApply(source, targets, concurrency),
      getApplyJob: async ({ jobId }) => fleet.runner.get(jobId),
      cancelApply: async ({ jobId }) => fleet.runner.cancel(jobId),
      retryApply: async ({ jobId }) => fleet.retry(jobId),
      backupChargers: async ({ targets }) => fleet.backup(targets),
      listBackups: async () => fleet.backups.list(),
      compareChargers: async ({ targets }) => fleet.compare(targets),
      diagnoseChargers: async ({ targets }) => fleet.diagnose(targets),
      bugReport: async ({ id, hours, save }) => this.bugReport(id, hours, save ?? false),
      createTwin: async ({ source, replay }) => this.twin(source, replay),
      commissioningReport: async ({ targets, title, siteId }) => fleet.report(targets, title, siteId),
      listSites: async () => fleet.sites.list(),
      saveSite: async ({ site }) => fleet.sites.save(site),
      deleteSite: async ({ id }) => ({ removed: await fleet.sites.remove(id) }),
      loadFirmwareFile: async ({ fileName, sendAs, dataBase64 }) =>
        fleet.firmware.load(fileName, Buffer.from(dataBase64, 'base64'), sendAs),
      listFirmwareReleases: async ({ line }) => listReleases(line, fleet.releases),
      loadFirmwareRelease: async ({ line, tag, asset }) =>
        fleet.firmware.load(
          `${firmwareLines[line].repo} ${tag}: ${asset}`,
          await downloadAsset(line, tag, asset, fleet.releases),
          sendName(asset),
        ),
      firmwarePreflight: async ({ imageId, targets }) =>
        fleet.firmware.preflight(imageId, fleet.resolveTargets(targets)),
      startFirmwareUpdate: async ({ imageId, targets, concurrency, firstAlone, backup }) =>
        fleet.firmware.start(imageId, fleet.resolveTargets(targets), {
          ...(concurrency !== undefined ? { concurrency } : {}),
          ...(firstAlone !== undefined ? { firstAlone } : {}),
          ...(backup !== undefined ? { backup } : {}),
        }),
      getFirmwareJob: async ({ jobId }) => fleet.firmware.get(jobId),
      cancelFirmwareUpdate: async ({ jobId }) => fleet.firmware.cancel(jobId),
    } satisfies StudioHandlers;
  }

  /** The shared poller (tests and benchmarks count its requests). */
  get poller() {
    return this.chargers.poller;
  }

  async init(): Promise<void> {
    for (const problem of [
      await this.chargers.load(),
      await this.plans.load(),
      await this.preferences.load(),
      await this.mqtt.load(),
      ...(await this.fleet.load()),
    ])
      if (problem) this.startupProblems.push(problem);
    this.history.setKeepDays(this.preferences.get().recorderDays);
  }

  /** After `init`: start discovery, plans and, on a first launch with no real charger known, the simulator. */
  async start(): Promise<void> {
    this.chargers.start();
    this.plans.start();
    if (this.options.simulator?.autoStart && !this.chargers.hasReal()) {
      try {
        await this.simulator.start(1);
      } catch (error) {
        this.startupProblems.push(`The simulator could not start: ${(error as Error).message}`);
      }
    }
  }

  onEvent(listener: StudioEventListener): () => void {
    return this.events.listen(listener);
  }

  /** A window or web connection went away: end its subscriptions. */
  dropClient(clientId: string): number {
    return this.chargers.poller.dropClient(clientId);
  }

  private async twin(
    source: MethodRequest<'createTwin'>['source'],
    period?: MethodRequest<'createTwin'>['replay'],
  ) {
    let doc: unknown;
    let name: string;
    // The recorded period first: nothing is made when there is nothing to replay.
    let points: SimReplayRequest['points'] | undefined;
    if (period && source.kind === 'charger') {
      const recorder = this.history.recorder;
      if (!recorder)
        throw new StudioError({ code: 'internal', message: this.history.problem ?? 'History is off.' });
      const recorded = recorder
        .samples(source.id, period.fromMs, period.toMs, { raw: true })
        .samples.filter((s) => s.mainsDa !== undefined);
      if (recorded.length === 0)
        throw new StudioError({
          code: 'invalid-request',
          ...words('twinNothingRecorded', {}),
          field: 'replay',
        });
      const first = recorded[0]!.tMs;
      points = recorded.map((s) => ({
        offsetMs: Math.round(s.tMs - first),
        mainsDa: s.mainsDa!.map(Math.round) as [number, number, number],
        ...(s.evDa ? { evDa: s.evDa.map(Math.round) as [number, number, number] } : {}),
        ...(s.stateId !== undefined ? { plugged: s.stateId !== 0 } : {}),
      }));
    }
    if (source.kind === 'charger') {
      doc = (await this.chargers.read(source.id)).json;
      name = this.chargers.summary(source.id).name;
    } else {
      try {
        doc = JSON.parse(source.text);
      } catch (error) {
        throw new StudioError({
          code: 'invalid-request',
          ...words('twinNotJson', { reason: (error as Error).message }),
          field: 'text',
        });
      }
      // A backup's charger file and a bug report's attachment hold the document under `settings`.
      const outer = doc as Record<string, unknown> | null;
      if (outer && typeof outer === 'object' && !('evse' in outer) && typeof outer.settings === 'object')
        doc = outer.settings;
      const read = readSettingsDocument(doc);
      if (!read.ok)
        throw new StudioError({ code: 'invalid-request', ...words('twinNotSettings', {}), field: 'text' });
      name = read.json.serialnr !== undefined ? `SmartEVSE-${read.json.serialnr}` : 'a pasted charger';
    }
    const reply = await this.simulator.twin(doc as Record<string, unknown>);
    const chargerId = chargerIdOf(reply.charger.serial, { host: '127.0.0.1', port: reply.charger.port });
    await this.chargers.handlers.renameCharger(
      { id: chargerId, name: `Twin of ${name}` },
      { clientId: 'service' },
    );
    if (!points) return { ...reply, chargerId };
    return { ...reply, chargerId, replay: await this.simulator.replay(reply.charger.serial, points) };
  }

  private async bugReport(id: string, hours: number, save: boolean) {
    const [checked] = await this.fleet.diagnose([id]);
    const client = this.chargers.client(id);
    const read = client.lastRead;
    if (!read)
      throw new StudioError({
        code: 'charger-unreachable',
        message: checked?.problem ?? 'Not read yet',
        chargerId: id,
      });
    const report = bugReport({
      read,
      findings: checked?.findings ?? [],
      samples: this.chargers.poller.ring(id)?.since(-Infinity) ?? [],
      ...(this.history.recorder
        ? { settingChanges: this.history.recorder.changes(id, this.scheduler.now() - hours * 3_600_000) }
        : {}),
      hours,
      studioVersion: this.options.version,
      nowMs: this.scheduler.now(),
    });
    if (!save) return report;
    const dir = path.join(this.options.userDataDir, 'bug-reports');
    await fs.mkdir(dir, { recursive: true });
    const stamp = new Date(this.scheduler.now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const base = path.join(dir, `bug-report-${id.replace(/[^A-Za-z0-9-]/g, '_')}-${stamp}`);
    await writeFileAtomic(`${base}.md`, report.markdown);
    await writeFileAtomic(`${base}.json`, report.json);
    return { ...report, files: { markdown: `${base}.md`, json: `${base}.json` } };
  }

  async close(): Promise<void> {
    this.feeds.close();
    await this.mqtt.closeAll();
    this.plans.stop();
    await this.chargers.close();
    await this.simulator.close();
    this.history.close();
    this.events.close();
  }
}
