/**
 * Meter feeds: mains or EV-meter currents posted to a charger again and again (an "API" meter
 * needs fresh values or the firmware raises a communication error). One feed per charger; a feed
 * ends when stopped or when its charger leaves the list. Each repeat waits for the previous answer.
 */
import {
  toStudioError,
  type CurrentsFeed,
  type EvMeterFeed,
  type FeedStatus,
  type StudioHandlers,
} from '$shared/contract';
import type { Scheduler, TimerHandle } from '../store/scheduler';
import type { ChargerRegistry } from './charger-registry';

export type FeedHandlers = Pick<
  StudioHandlers,
  'feedCurrents' | 'feedEvMeter' | 'startFeed' | 'stopFeed' | 'getFeed'
>;

interface Feed {
  timer: TimerHandle | undefined;
  stopped: boolean;
  status: FeedStatus;
}

export class MeterFeeds {
  readonly handlers: FeedHandlers;
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly chargers: ChargerRegistry,
    private readonly scheduler: Scheduler,
  ) {
    chargers.onForget((id) => this.stop(id));
    this.handlers = {
      feedCurrents: async ({ id, currents }) => ({
        fields: await chargers.client(id).feedCurrents(currents),
      }),
      feedEvMeter: async ({ id, evMeter }) => ({ fields: await chargers.client(id).feedEvMeter(evMeter) }),
      startFeed: async ({ id, mains, evMeter, intervalMs }) => this.start(id, mains, evMeter, intervalMs),
      stopFeed: async ({ id }) => {
        chargers.client(id);
        return this.stop(id);
      },
      getFeed: async ({ id }) => {
        chargers.client(id);
        return this.status(id);
      },
    } satisfies FeedHandlers;
  }

  private status(id: string): FeedStatus {
    return this.feeds.get(id)?.status ?? { active: false, sent: 0 };
  }

  /** Posts the values now and then every `intervalMs` until stopped (or the charger is removed). */
  private async start(
    id: string,
    mains: CurrentsFeed | undefined,
    evMeter: EvMeterFeed | undefined,
    intervalMs: number,
  ): Promise<FeedStatus> {
    const client = this.chargers.client(id);
    this.stop(id);
    const feed: Feed = {
      timer: undefined,
      stopped: false,
      status: { active: true, kind: mains ? 'mains' : 'evMeter', intervalMs, sent: 0 },
    };
    this.feeds.set(id, feed);
    const send = async () => {
      try {
        feed.status.lastFields = mains
          ? await client.feedCurrents(mains)
          : await client.feedEvMeter(evMeter!);
        delete feed.status.lastError;
      } catch (error) {
        feed.status.lastError = toStudioError(error).toJSON();
      }
      feed.status.sent += 1;
    };
    // The next post is one interval after this one started, so a slow answer does not add up;
    // a post never overlaps the one before it.
    const repeat = (startedMs: number) => {
      if (feed.stopped) return;
      const elapsed = Math.min(Math.max(this.scheduler.now() - startedMs, 0), intervalMs);
      feed.timer = this.scheduler.setTimeout(async () => {
        const started = this.scheduler.now();
        await send();
        repeat(started);
      }, intervalMs - elapsed);
    };
    const started = this.scheduler.now();
    await send();
    repeat(started);
    return feed.status;
  }

  private stop(id: string): FeedStatus {
    const feed = this.feeds.get(id);
    if (!feed) return this.status(id);
    feed.stopped = true;
    this.scheduler.clearTimeout(feed.timer);
    feed.status.active = false;
    this.feeds.delete(id);
    return feed.status;
  }

  close(): void {
    for (const id of [...this.feeds.keys()]) this.stop(id);
  }
}
