/**
 * The installer's fleet screen: stored profiles, the apply job being watched (updated from main's
 * ApplyJobChange events as each charger progresses), and what the Apply panel is set up to send.
 */
import type { ApplyJob, Profile, ValuesSource } from '$shared/contract';

export type FleetTab = 'profiles' | 'apply' | 'backups' | 'compare' | 'report';

export class FleetManager {
  #profiles = $state.raw<Profile[]>([]);
  #job = $state.raw<ApplyJob | undefined>();
  tab = $state<FleetTab>('profiles');
  /** What Apply sends and to whom; set by Profiles, Backups and Compare when they hand over. */
  source = $state.raw<ValuesSource | undefined>();
  sourceLabel = $state('');
  selection = $state.raw<string[]>([]);

  get profiles(): Profile[] {
    return this.#profiles;
  }

  get job(): ApplyJob | undefined {
    return this.#job;
  }

  readonly running = $derived(this.#job?.state === 'running');

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
  }
}
