/**
 * The installer's fleet screen: stored profiles, the apply job being watched (updated from main's
 * ApplyJobChange events as each charger progresses), and what the Apply panel is set up to send.
 */
import type { ApplyJob, FirmwareImage, FirmwareJob, Profile, ValuesSource } from '$shared/contract';

export type FleetTab = 'profiles' | 'apply' | 'backups' | 'compare' | 'firmware' | 'sessions' | 'report';

export class FleetManager {
  #profiles = $state.raw<Profile[]>([]);
  #job = $state.raw<ApplyJob | undefined>();
  tab = $state<FleetTab>('profiles');
  /** What Apply sends and to whom; set by Profiles, Backups and Compare when they hand over. */
  source = $state.raw<ValuesSource | undefined>();
  sourceLabel = $state('');
  selection = $state.raw<string[]>([]);
  /** The firmware image checked by main, and the rollout being watched (kept across tabs). */
  firmwareImage = $state.raw<FirmwareImage | undefined>();
  #firmwareJob = $state.raw<FirmwareJob | undefined>();

  get profiles(): Profile[] {
    return this.#profiles;
  }

  get job(): ApplyJob | undefined {
    return this.#job;
  }

  readonly running = $derived(this.#job?.state === 'running');

  get firmwareJob(): FirmwareJob | undefined {
    return this.#firmwareJob;
  }

  watchFirmware(job: FirmwareJob | undefined): void {
    this.#firmwareJob = job;
  }

  updateFirmware(job: FirmwareJob): void {
    if (this.#firmwareJob?.id === job.id) this.#firmwareJob = job;
  }

  setProfiles(profiles: Profile[]): void {
    this.#profiles = profiles;
  }

  /** Follows one job; events for other jobs are ignored. */
  watch(job: ApplyJob | undefined): void {
    this.#job = job;
  }

  update(job: ApplyJob): void {
    if (this.#job?.id === job.id) this.#job = job;
  }

  handOver(source: ValuesSource, label: string, selection?: string[]): void {
    this.source = source;
    this.sourceLabel = label;
    if (selection) this.selection = selection;
    this.tab = 'apply';
  }

  reset(): void {
    this.#profiles = [];
    this.#job = undefined;
    this.tab = 'profiles';
    this.source = undefined;
    this.sourceLabel = '';
    this.selection = [];
    this.firmwareImage = undefined;
    this.#firmwareJob = undefined;
  }
}
