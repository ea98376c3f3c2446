/**
 * A charger's state in plain words, with the reason when it is not charging (from what /settings
 * reports: the firmware's state, error, timers and meter readings). Pure, so it is unit-tested.
 */
import type { ChargerSnapshot, PwmOverride } from '$shared/contract';
import type { MessageKey } from '../i18n/catalogue';
import { dutyWords } from './pilot-words';
import { dateTimeWords, decimalWords } from '../i18n/formats';
import { errorWords } from './firmware-words';

export interface Message {
  key: MessageKey;
  values?: Record<string, string | number>;
}

export interface ChargerStatus {
  tone: 'ok' | 'wait' | 'error' | 'off';
  headline: Message;
  reason?: Message;
}

export const minutesSeconds = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

const amps = (da: number) => decimalWords(da / 10, 1);

/**
 * `override`: a fixed pilot duty that is on; while the car charges, the duty (not the allocated
 * `charge_current`) decides what it may draw, so the headline says that instead.
 */
export function describeStatus(s: ChargerSnapshot, nowS: number, override?: PwmOverride): ChargerStatus {
  switch (s.error) {
    case 'Communication Error': {
      const age = s.mainsLastUpdateS ? Math.max(0, Math.round(nowS - s.mainsLastUpdateS)) : undefined;
      return {
        tone: 'error',
        headline: { key: 'statusNotCharging' },
        reason:
          age !== undefined && age < 86_400
            ? { key: 'reasonNoMainsFor', values: { seconds: age } }
            : { key: 'reasonNoMains' },
      };
    }
    case 'Temperature High':
      return {
        tone: 'error',
        headline: { key: 'statusNotCharging' },
        reason: {
          key: 'reasonTooHot',
          values: { temp: s.temperatureC ?? '?', max: s.temperatureMaxC ?? '?' },
        },
      };
    case 'EV Meter Comm Error':
      return { tone: 'error', headline: { key: 'statusNotCharging' }, reason: { key: 'reasonEvMeter' } };
    case 'RCM Tripped':
      return { tone: 'error', headline: { key: 'statusNotCharging' }, reason: { key: 'reasonRcm' } };
    default:
      break;
  }
  if (s.error && s.error !== 'None') {
    return {
      tone: 'error',
      headline: { key: 'statusNotCharging' },
      reason: { key: 'reasonError', values: { error: errorWords(s.error) } },
    };
  }
  // LESS_6A shows inside `state` ("Charging Stopped - No Power Available"), with error None.
  if (s.state?.includes(' - ')) {
    if (s.modeId === 2) {
      // IsCurrentAvailable needs export strictly above StartCurrent (summed over the phases).
      const shortDa = (s.mainsCurrents.totalDa ?? 0) + (s.solarStartCurrentA ?? 0) * 10;
      if (shortDa < 0)
        return { tone: 'wait', headline: { key: 'statusWaiting' }, reason: { key: 'reasonSolarDelay' } };
      return {
        tone: 'wait',
        headline: { key: 'statusWaiting' },
        reason: { key: 'reasonSolarShort', values: { amps: amps(shortDa + 1) } },
      };
    }
    return {
      tone: 'wait',
      headline: { key: 'statusWaiting' },
      reason: { key: 'reasonNoPower', values: { max: s.maxMainsA ?? '?' } },
    };
  }
  if (s.solarStopTimerS !== undefined && s.solarStopTimerS > 0 && s.stateId === 2) {
    return {
      tone: 'wait',
      headline: {
        key: 'statusChargingAt',
        values: { amps: amps(s.chargeCurrentDa ?? 0), phases: s.phaseCount ?? 3 },
      },
      reason: { key: 'reasonSolarStopping', values: { time: minutesSeconds(s.solarStopTimerS) } },
    };
  }
  if (s.modeId === 0) {
    if (s.delayedStartS) {
      return {
        tone: 'off',
        headline: { key: 'statusScheduled' },
        reason: {
          key: 'reasonStartsAt',
          values: { time: dateTimeWords(s.delayedStartS * 1000) },
        },
      };
    }
    return {
      tone: 'off',
      headline: { key: 'statusOff' },
      reason: { key: s.carConnected ? 'reasonCarConnected' : 'reasonNoCar' },
    };
  }
  if (s.modeId === 4) return { tone: 'off', headline: { key: 'statusPaused' } };
  switch (s.stateId) {
    case 2:
      if (override) {
        const words = dutyWords(override.duty);
        return {
          tone: 'error',
          headline: { key: 'statusFixedDuty', values: { percent: words.percent, amps: words.amps ?? '0' } },
        };
      }
      return {
        tone: 'ok',
        headline: {
          key: 'statusChargingAt',
          values: { amps: amps(s.chargeCurrentDa ?? 0), phases: s.phaseCount ?? 3 },
        },
      };
    case 1:
      return { tone: 'wait', headline: { key: 'statusConnected' }, reason: { key: 'reasonCarNotAsking' } };
    case 8:
      return { tone: 'wait', headline: { key: 'statusConnected' }, reason: { key: 'reasonActivating' } };
    case 9:
      return { tone: 'wait', headline: { key: 'statusStopped' }, reason: { key: 'reasonRestarts' } };
    case 10:
      return { tone: 'wait', headline: { key: 'statusStopping' }, reason: { key: 'reasonCarStopping' } };
    default:
      return { tone: 'off', headline: { key: s.carConnected ? 'statusConnected' : 'statusReady' } };
  }
}
