/**
 * The renderer's services, bound to the Studio API once at the composition root and handed to
 * components through Svelte context. Components call these, never the API (ESLint enforces it):
 * each service function takes the API first, and here that argument is filled in.
 */
import { getContext, setContext } from 'svelte';
import type { StudioApi } from '$shared/contract';
import * as chargers from './charger.service';
import * as feeds from './feed.service';
import * as firmware from './firmware.service';
import * as fleet from './fleet.service';
import * as history from './history.service';
import * as live from './live.service';
import * as mqtt from './mqtt.service';
import * as plans from './plans.service';
import * as preferences from './preferences.service';
import * as settings from './settings.service';
import * as simulator from './simulator.service';

/** A service module with its API argument filled in; anything that does not take the API is left out. */
type Bound<M> = {
  [K in keyof M as M[K] extends (api: StudioApi, ...rest: never[]) => unknown ? K : never]: M[K] extends (
    api: StudioApi,
    ...rest: infer A
  ) => infer R
    ? (...rest: A) => R
    : never;
};

function bind<M extends object>(api: StudioApi, module: M): Bound<M> {
  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module))
    if (typeof value === 'function')
      bound[name] = (...rest: unknown[]) => (value as (...args: unknown[]) => unknown)(api, ...rest);
  return bound as Bound<M>;
}

export function studioServices(api: StudioApi) {
  return {
    chargers: bind(api, chargers),
    feeds: bind(api, feeds),
    firmware: bind(api, firmware),
    fleet: bind(api, fleet),
    history: bind(api, history),
    live: bind(api, live),
    mqtt: bind(api, mqtt),
    plans: bind(api, plans),
    preferences: bind(api, preferences),
    settings: bind(api, settings),
    simulator: bind(api, simulator),
  };
}
export type StudioServices = ReturnType<typeof studioServices>;

const key = Symbol('studio-services');

export function provideServices(api: StudioApi): void {
  setContext(key, studioServices(api));
}

export function useServices(): StudioServices {
  const services = getContext<StudioServices | undefined>(key);
  if (!services) throw new Error('The Studio services were not provided');
  return services;
}
