/**
 * Studio's weekly plans: stored in `plans.json` (atomic, versioned) and applied while Studio runs.
 * Every check looks at the span since the previous check, so a run is never repeated and one
 * missed while Studio was closed is not replayed late.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  StudioError,
  nextRun,
  toStudioError,
  weeklyPlanSchema,
  type FieldResult,
  type WeeklyPlan,
  type WeeklyPlanInput,
  type WeeklyPlanView,
} from '$shared/contract';
import { loadVersionedJson, writeFileAtomic } from '../store/atomic-file';
import type { Scheduler, TimerHandle } from '../store/scheduler';

const documentSchema = z.object({ schemaVersion: z.literal(1), plans: z.array(weeklyPlanSchema) });

export interface PlanSchedulerOptions {
  userDataDir: string;
  scheduler: Scheduler;
  /** Applies a plan's mode to its charger; returns the charger's per-field answer. */
  apply: (plan: WeeklyPlan) => Promise<FieldResult[]>;
  exists: (chargerId: string) => boolean;
  checkEveryMs?: number;
}

export class PlanScheduler {
  private plans: WeeklyPlan[] = [];
  private readonly file: string;
  private timer: TimerHandle | undefined;
  private lastCheckMs: number;
  private checking = false;
  private stopped = true;

  constructor(private readonly options: PlanSchedulerOptions) {
    this.file = path.join(options.userDataDir, 'plans.json');
    this.lastCheckMs = options.scheduler.now();
  }

  /** Loads the stored plans; returns a problem to show when a corrupt file was moved aside. */
  async load(): Promise<string | undefined> {
    const loaded = await loadVersionedJson(this.file, documentSchema, () => ({
      schemaVersion: 1 as const,
      plans: [],
    }));
    this.plans = loaded.value.plans;
    return loaded.movedAside
      ? `Weekly plans could not be read (${loaded.problem}); kept as ${loaded.movedAside}`
      : undefined;
  }

  start(): void {
    this.lastCheckMs = this.options.scheduler.now();
    this.stopped = false;
    this.checkLater();
  }

  stop(): void {
    this.stopped = true;
    this.options.scheduler.clearTimeout(this.timer);
  }

  /** The next check, one period after this one ended (a slow apply never overlaps the next). */
  private checkLater(): void {
    if (this.stopped) return;
    this.timer = this.options.scheduler.setTimeout(async () => {
      await this.check();
      this.checkLater();
    }, this.options.checkEveryMs ?? 15_000);
  }

  private view(plan: WeeklyPlan): WeeklyPlanView {
    const next = nextRun(plan, this.options.scheduler.now());
    return next === undefined ? { ...plan } : { ...plan, nextRunMs: next };
  }

  list(chargerId?: string): WeeklyPlanView[] {
    return this.plans
      .filter((plan) => chargerId === undefined || plan.chargerId === chargerId)
      .map((plan) => this.view(plan));
  }

  private persist(): Promise<void> {
    return writeFileAtomic(
      this.file,
      `${JSON.stringify({ schemaVersion: 1, plans: this.plans }, null, 2)}\n`,
    );
  }

  async save(input: WeeklyPlanInput): Promise<WeeklyPlanView> {
    if (!this.options.exists(input.chargerId)) {
      throw new StudioError({
        code: 'unknown-charger',
        message: `There is no charger "${input.chargerId}" in the list`,
        field: 'chargerId',
      });
    }
    const days = [...new Set(input.days)].sort();
    const existing = input.id ? this.plans.find((plan) => plan.id === input.id) : undefined;
    if (input.id && !existing)
      throw new StudioError({ code: 'invalid-request', message: 'There is no such plan', field: 'id' });
    const plan: WeeklyPlan = { ...existing, ...input, days, id: existing?.id ?? randomUUID() };
    this.plans = existing ? this.plans.map((p) => (p.id === plan.id ? plan : p)) : [...this.plans, plan];
    await this.persist();
    return this.view(plan);
  }

  async remove(id: string): Promise<boolean> {
    const before = this.plans.length;
    this.plans = this.plans.filter((plan) => plan.id !== id);
    if (this.plans.length === before) return false;
    await this.persist();
    return true;
  }

  /** Runs every plan due since the last check. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const now = this.options.scheduler.now();
    const since = this.lastCheckMs;
    this.lastCheckMs = now;
    try {
      let changed = false;
      for (const plan of this.plans) {
        const due = nextRun(plan, since);
        if (due === undefined || due > now) continue;
        plan.lastRunMs = due;
        try {
          plan.lastFields = await this.options.apply(plan);
          delete plan.lastError;
        } catch (error) {
          delete plan.lastFields;
          plan.lastError = toStudioError(error).message;
        }
        changed = true;
      }
      if (changed) await this.persist();
    } finally {
      this.checking = false;
    }
  }
}
