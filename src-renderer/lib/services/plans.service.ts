/** Weekly plans of one charger: kept and run by main while Studio runs. */
import type { StudioApi, WeeklyPlanInput } from '$shared/contract';
import { attempt } from './result';

export const listPlans = (api: StudioApi, chargerId: string) => attempt(() => api.listPlans({ chargerId }));
export const savePlan = (api: StudioApi, plan: WeeklyPlanInput) => attempt(() => api.savePlan({ plan }));
export const deletePlan = (api: StudioApi, id: string) => attempt(() => api.deletePlan({ id }));
