/** The API is injected through Svelte context from the composition root, so tests and web mode can swap it. */
import { getContext, setContext } from 'svelte';
import type { StudioApi } from '$shared/contract';

const key = Symbol('studio-api');

export function provideApi(api: StudioApi): void {
  setContext(key, api);
}

export function useApi(): StudioApi {
  const api = getContext<StudioApi | undefined>(key);
  if (!api) throw new Error('The Studio API was not provided');
  return api;
}
