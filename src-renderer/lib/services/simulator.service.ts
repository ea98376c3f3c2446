/** The simulator panel's actions: each goes through main to the simulator Studio runs. */
import { errorMessage } from './errors';
import type { SimulatorStatus, StudioApi } from '$shared/contract';
import { attempt as resultOf } from './result';
import type { Outcome } from './settings.service';

type Request<M extends keyof StudioApi> = StudioApi[M] extends (request: infer R) => Promise<unknown>
  ? R
  : never;

async function attempt(action: () => Promise<unknown>): Promise<Outcome> {
  try {
    await action();
    return { status: 'applied' };
  } catch (error) {
    return { status: 'refused', message: errorMessage(error) };
  }
}

export const setSimulatedEv = (api: StudioApi, request: Request<'simulatorEv'>) =>
  attempt(() => api.simulatorEv(request));
export const setSimulatedWorld = (api: StudioApi, request: Request<'simulatorWorld'>) =>
  attempt(() => api.simulatorWorld(request));
export const setSimulatedConfig = (api: StudioApi, request: Request<'simulatorConfig'>) =>
  attempt(() => api.simulatorConfig(request));
export const setSimulatorClock = (api: StudioApi, request: Request<'simulatorClock'>) =>
  attempt(() => api.simulatorClock(request));

export const simulatorStatus = (api: StudioApi) => resultOf(() => api.getSimulatorStatus({}));
export const stopSimulator = (api: StudioApi) => resultOf(() => api.stopSimulator({}));
export const watchSimulator = (api: StudioApi, onStatus: (status: SimulatorStatus) => void) =>
  api.on('SimulatorChange', onStatus);
/** The simulated world and one charger's internals, read together. */
export const simulatorView = (api: StudioApi, serial: number) =>
  resultOf(() => Promise.all([api.simulatorOverview({}), api.simulatorInternals({ serial })]));
/** A twin in the simulator: of a listed charger, or of a pasted or loaded settings document. */
export const createTwin = (
  api: StudioApi,
  source: Request<'createTwin'>['source'],
  replay?: { fromMs: number; toMs: number },
) => resultOf(() => api.createTwin(replay ? { source, replay } : { source }));
