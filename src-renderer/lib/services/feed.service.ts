/** Meter values main posts to an API-meter charger, once or again and again (follow mode). */
import type { StudioApi } from '$shared/contract';
import { attempt } from './result';

type StartFeed = Parameters<StudioApi['startFeed']>[0];

export const feedStatus = (api: StudioApi, id: string) => attempt(() => api.getFeed({ id }));
export const stopFeed = (api: StudioApi, id: string) => attempt(() => api.stopFeed({ id }));
/** `follow: false` sends the values once: the feed is stopped as soon as the first post answered. */
export const startFeed = (api: StudioApi, request: StartFeed, follow: boolean) =>
  attempt(async () => {
    const status = await api.startFeed(request);
    // Sent once: what stopping returns is the feed as it ended (not active, with the post's result).
    return follow ? status : api.stopFeed({ id: request.id });
  });
