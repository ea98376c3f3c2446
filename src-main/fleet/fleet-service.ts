/**
 * Fleet operations for installers, on top of the charger list main keeps: profiles, apply to many,
 * backup and restore, compare, and the commissioning report. The Studio API, the UI and the CLI
 * all use this one implementation.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  StudioError,
  diagnose,
  groupOf,
  installerFields,
  powerShareGroups,
  isMqttField,
  profileFields,
  settingsWords,
  type ApplyJob,
  type ApplyTarget,
  type BackupSummary,
  type ChargerSummary,
  type FirmwareJob,
  type Preferences,
  type ProfileValues,
  type Targets,
  type ValuesSource,
  type ChargerSnapshot,
  type DoctorFinding,
  type DoctorReport,
  type MethodReply,
  type PowerShareView,
} from '$shared/contract';
import type { SettingsRead } from '../charger/charger-http';
import type { ChargerClient } from '../charger/charger-client';
import { exists, writeFileAtomic } from '../store/atomic-file';
import { ApplyRunner, type ApplyContext } from './apply-runner';
import { FirmwareRollout } from './firmware-rollout';
import type { ReleaseSource } from './firmware-releases';
import { mapBounded } from './map-bounded';
import { BackupStore } from './backup.store';
import { ProfileStore } from './profile.store';
import { commissioningReportHtml, fieldLabel, type ChargingSeen, type ReportCharger } from './report';
import { SiteStore } from './site.store';

export interface FleetHost {
  /** Every charger in the list, in list order. */
  ids(): string[];
  summary(id: string): ChargerSummary;
  client(id: string): ChargerClient;
  /** Reads /settings now and records it (throws a StudioError naming the charger). */
  read(id: string): Promise<SettingsRead>;
  lastRead(id: string): { read: SettingsRead; atMs: number } | undefined;
  recordRead(id: string, read: SettingsRead): void;
  /** When Studio last saw an EV charging on this charger, with the currents then (from its samples). */
  chargingSeen(id: string): ChargingSeen | undefined;
  preferences(): Preferences;
  onJob(job: ApplyJob): void;
  onFirmwareJob(job: FirmwareJob): void;
  /** Where firmware releases are fetched from (GitHub, or a stand-in). */
  releases: ReleaseSource;
  now(): number;
  sleep(ms: number): Promise<void>;
  version: string;
  userDataDir: string;
  /** Prints HTML to PDF where the shell can (Electron); absent in web mode and the CLI. */
  renderPdf?: (html: string) => Promise<Uint8Array>;
}

/** A value set and where it came from (a backup names its charger). */
interface ResolvedValues {
  label: string;
  values: ProfileValues;
  origin?: ApplyContext['origin'];
}

/** The comparison's shapes are the API's (one place). */
export type CompareField = MethodReply<'compareChargers'>['fields'][number];
export type CompareRow = MethodReply<'compareChargers'>['rows'][number];

export class FleetService {
  readonly profiles: ProfileStore;
  readonly backups: BackupStore;
  readonly runner: ApplyRunner;
  readonly firmware: FirmwareRollout;
  readonly sites: SiteStore;

  constructor(private readonly host: FleetHost) {
    this.profiles = new ProfileStore(host.userDataDir, () => host.now());
    this.backups = new BackupStore(host.userDataDir, host.version, () => host.now());
    this.sites = new SiteStore(host.userDataDir, () => host.now());
    this.runner = new ApplyRunner(
      {
        name: (id) => host.summary(id).name,
        client: (id) => host.client(id),
        currentRead: async (id, maxAgeMs) => {
          const last = host.lastRead(id);
          if (last && host.now() - last.atMs <= maxAgeMs) return last.read;
          return host.read(id);
        },
        recordRead: (id, read) => host.recordRead(id, read),
        now: () => host.now(),
      },
      (job) => host.onJob(job),
    );
    this.firmware = new FirmwareRollout({
      name: (id) => host.summary(id).name,
      client: (id) => host.client(id),
      read: (id) => host.read(id),
      backup: async (id) => {
        const { dir, manifest } = await this.backup([id]);
        return manifest.chargers.length > 0
          ? { dir }
          : { problem: manifest.failed[0]?.message ?? 'not read' };
      },
      lastBackups: async () => {
        const last = new Map<string, number>();
        for (const { manifest } of await this.backups.list())
          for (const c of manifest.chargers)
            if ((last.get(c.chargerId) ?? -Infinity) < manifest.createdMs)
              last.set(c.chargerId, manifest.createdMs);
        return last;
      },
      onJob: (job) => host.onFirmwareJob(job),
      now: () => host.now(),
      sleep: (ms) => host.sleep(ms),
    });
  }

  get releases(): ReleaseSource {
    return this.host.releases;
  }

  async load(): Promise<string[]> {
    const problems = await this.profiles.load();
    const sites = await this.sites.load();
    return sites ? [...problems, sites] : problems;
  }

  /** The charger ids a request names; unknown ids are refused before anything is sent. */
  resolveTargets(targets: Targets): string[] {
    const listed = this.host.ids();
    if (targets === 'all') return listed;
    const unique = [...new Set(targets)];
    for (const id of unique) this.host.summary(id);
    return unique;
  }

  async values(source: ValuesSource): Promise<ResolvedValues> {
    if ('profileId' in source) {
      const profile = this.profiles.get(source.profileId);
      return { label: `${profile.name} v${profile.version}`, values: profile.values };
    }
    if ('backup' in source)
      return this.restoreValues(this.backups.resolve(source.backup.id, source.backup.file));
    return { label: source.label || 'Settings', values: source.values };
  }

  /** The value set a backup document restores (any file the caller may read: the CLI's, or one in the backups folder). */
  async restoreValues(file: string): Promise<ResolvedValues> {
    const { doc, values } = await this.backups.readChargerFile(file);
    const origin: NonNullable<ApplyContext['origin']> = { chargerId: doc.chargerId, name: doc.name };
    if (doc.serial !== undefined) origin.serial = doc.serial;
    return {
      label: `Backup of ${doc.name} (${new Date(doc.takenMs).toISOString().slice(0, 16)})`,
      values,
      origin,
    };
  }

  /** The listed chargers' power-share groups, as far as Studio can tell (the user's choices included). */
  private shareView(): PowerShareView {
    return powerShareGroups(
      this.host.ids().map((id) => {
        const summary = this.host.summary(id);
        return summary.snapshot
          ? { chargerId: id, name: summary.name, snapshot: summary.snapshot }
          : { chargerId: id, name: summary.name };
      }),
      this.host.preferences().powerShareMasters,
    );
  }

  /** Which power-share group each listed charger is in, as far as Studio can tell. */
  private groupInfo(): NonNullable<ApplyContext['groupOf']> {
    const view = this.shareView();
    return (id) => {
      const group = groupOf(view, id);
      if (!group) return undefined;
      return {
        masterName: group.master.name,
        isNode: group.master.chargerId !== id,
        others: group.nodes.length,
      };
    };
  }

  private jobContext(resolved: ResolvedValues): Omit<ApplyContext, 'targets'> {
    const extra: Omit<ApplyContext, 'targets'> = { groupOf: this.groupInfo() };
    if (resolved.origin) extra.origin = resolved.origin;
    return extra;
  }

  async preview(source: ValuesSource, targets: Targets): Promise<ApplyTarget[]> {
    const { values, origin } = await this.values(source);
    const ids = this.resolveTargets(targets);
    const context: ApplyContext = { targets: ids.length, groupOf: this.groupInfo() };
    if (origin) context.origin = origin;
    return mapBounded(ids, 4, (id) => this.runner.preview(values, id, context));
  }

  private readonly jobValues = new Map<string, ResolvedValues>();

  async startApply(source: ValuesSource, targets: Targets, concurrency = 4): Promise<ApplyJob> {
    const resolved = await this.values(source);
    const job = this.runner.start(
      resolved.label,
      resolved.values,
      this.resolveTargets(targets),
      concurrency,
      this.jobContext(resolved),
    );
    this.jobValues.set(job.id, resolved);
    return job;
  }

  /** A new job for the chargers of `jobId` a retry can help: offline, unconfirmed or not reached. */
  retry(jobId: string): ApplyJob {
    const job = this.runner.get(jobId);
    const source = this.jobValues.get(jobId);
    if (!source)
      throw new StudioError({
        code: 'invalid-request',
        message: 'That job can no longer be retried',
        field: 'jobId',
      });
    if (job.state === 'running')
      throw new StudioError({
        code: 'invalid-request',
        message: 'Wait for the job to finish, or cancel it',
        field: 'jobId',
      });
    const failed = this.runner.retryableTargets(jobId);
    if (failed.length === 0)
      throw new StudioError({
        code: 'invalid-request',
        message: 'No charger of that job can be helped by a retry: each is done or refused a value by design',
        field: 'jobId',
      });
    const retried = this.runner.start(
      `${source.label} (retry)`,
      source.values,
      failed,
      job.concurrency,
      this.jobContext(source),
    );
    this.jobValues.set(retried.id, source);
    return retried;
  }

  async backup(targets: Targets, outDir?: string): Promise<BackupSummary> {
    const ids = this.resolveTargets(targets);
    return this.backups.backup(
      ids.map((id) => {
        const summary = this.host.summary(id);
        const source: Parameters<BackupStore['backup']>[0][number] = {
          chargerId: id,
          name: summary.name,
          address: `${summary.address.host}:${summary.address.port}`,
          read: () => this.host.read(id),
        };
        if (summary.snapshot?.serial !== undefined) source.serial = summary.snapshot.serial;
        return source;
      }),
      outDir,
    );
  }

  /** A charger read now; when it does not answer, its last read (if any) and why. */
  private async readOrLast(id: string): Promise<{ read?: SettingsRead; problem?: string }> {
    try {
      return { read: await this.host.read(id) };
    } catch (error) {
      const last = this.host.lastRead(id)?.read;
      return last ? { read: last, problem: (error as Error).message } : { problem: (error as Error).message };
    }
  }

  /**
   * The configuration doctor for each target, read now (or its last read when it does not
   * answer). A node is checked against its master where Studio can tell which one that is.
   */
  async diagnose(targets: Targets): Promise<DoctorReport[]> {
    const ids = this.resolveTargets(targets);
    const reads = await mapBounded(ids, 4, (id) => this.readOrLast(id));
    const findings = this.doctor();
    return ids.map((id, i) => {
      const { read, problem } = reads[i]!;
      const report: DoctorReport = { chargerId: id, name: this.host.summary(id).name, findings: [] };
      if (problem) report.problem = problem;
      if (read) report.findings = findings(id, read.snapshot);
      return report;
    });
  }

  /** The doctor over the list as it is now: a node is checked against its master's last reading. */
  private doctor(): (id: string, snapshot: ChargerSnapshot) => DoctorFinding[] {
    const view = this.shareView();
    const nowMs = this.host.now();
    return (id, snapshot) => {
      const group = groupOf(view, id);
      const master = group && group.master.chargerId !== id ? group.master.snapshot : undefined;
      return diagnose({ snapshot, nowMs, master });
    };
  }

  /**
   * Chargers × settings: each charger read now (or its last read when it does not answer). Every
   * profile setting and MQTT sub-field (the topic prefix included: it is what tells chargers apart)
   * and the installer settings only the charger's menu changes.
   */
  async compare(targets: Targets): Promise<{ fields: CompareField[]; rows: CompareRow[] }> {
    const ids = this.resolveTargets(targets);
    const reads = await mapBounded(ids, 4, (id) => this.readOrLast(id));
    const findings = this.doctor();
    const rows = ids.map((id, i): CompareRow => {
      const summary = this.host.summary(id);
      const { read, problem } = reads[i]!;
      const shown = read ? settingsWords(read.snapshot, read.json) : {};
      const row: CompareRow = {
        chargerId: id,
        name: summary.name,
        online: problem === undefined,
        values: shown,
      };
      if (read?.snapshot.version !== undefined) row.firmware = read.snapshot.version;
      if (read) row.findings = findings(id, read.snapshot);
      if (problem) row.problem = problem;
      return row;
    });
    const fields: CompareField[] = [
      ...profileFields.map((field) => ({
        field,
        label: fieldLabel(field),
        group: isMqttField(field) ? ('mqtt' as const) : ('settings' as const),
      })),
      ...installerFields.map((field) => ({ field, label: fieldLabel(field), group: 'installer' as const })),
    ];
    return { fields, rows };
  }

  /**
   * Builds the report, keeps a copy under `reports/` in the user-data folder, and returns it. The
   * site (customer, address, notes) heads it and names its file with the date.
   */
  async report(
    targets: Targets,
    title?: string,
    siteId?: string,
  ): Promise<{ html: string; file: string; fileName: string; pdfFile?: string }> {
    const site = siteId === undefined ? undefined : this.sites.get(siteId);
    const ids = this.resolveTargets(targets);
    const chargers = [];
    const findings = this.doctor();
    for (const id of ids) {
      const summary = this.host.summary(id);
      const { read, problem } = await this.readOrLast(id);
      const entry: ReportCharger = {
        chargerId: id,
        name: summary.name,
        address: `${summary.address.host}:${summary.address.port}`,
        online: problem === undefined,
        simulated: summary.origin === 'simulated',
      };
      if (read) {
        entry.snapshot = read.snapshot;
        entry.json = read.json;
        entry.findings = findings(id, read.snapshot);
      }
      const seen = this.host.chargingSeen(id);
      if (seen) entry.chargingSeen = seen;
      if (problem) entry.problem = problem;
      chargers.push(entry);
    }
    const createdMs = this.host.now();
    const input: Parameters<typeof commissioningReportHtml>[0] = {
      title: title ?? (site ? `Commissioning report: ${site.name}` : 'Commissioning report'),
      createdMs,
      studioVersion: this.host.version,
      company: this.host.preferences().company,
      chargers,
    };
    if (site) input.site = site;
    const html = commissioningReportHtml(input);
    const dir = path.join(this.host.userDataDir, 'reports');
    await fs.mkdir(dir, { recursive: true });
    const day = new Date(createdMs).toISOString().slice(0, 10);
    const base = `commissioning-${slug(site?.name ?? title ?? 'report')}-${day}`;
    let fileName = `${base}.html`;
    for (let n = 2; await exists(path.join(dir, fileName)); n += 1) fileName = `${base}-${n}.html`;
    const file = path.join(dir, fileName);
    await writeFileAtomic(file, html);
    if (!this.host.renderPdf) return { html, file, fileName };
    const pdfFile = file.replace(/\.html$/, '.pdf');
    await writeFileAtomic(pdfFile, await this.host.renderPdf(html));
    return { html, file, fileName, pdfFile };
  }
}

/** A name as a file name part: letters, digits and dashes ("Street 12, Zwolle" → "street-12-zwolle"). */
function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'report'
  );
}
