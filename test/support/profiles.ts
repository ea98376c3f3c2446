/** A ten-setting profile for fleet tests and benchmarks: nine /settings values and one LED colour. */
import type { ProfileValues } from '$shared/contract';

export function tenSettingProfile(overrideCurrentDa: number): ProfileValues {
  return {
    mode: 'SMART',
    overrideCurrentDa,
    solarStartCurrentA: 6,
    solarMaxImportA: 10,
    stopTimerMin: 5,
    currentMinA: 7,
    maxSumMainsA: 100,
    maxSumMainsTimeMin: 5,
    lcdLock: true,
    colours: { smart: { r: 255, g: 136, b: 0 } },
  };
}
