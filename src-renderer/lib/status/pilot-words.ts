/** A pilot duty in the user's words: its percentage and the current it offers the car. */
import { dutyPercent, offeredDa } from '$shared/contract';
import { t } from '../i18n/catalogue';
import { formatNumber } from '../settings/number-input';

export interface DutyWords {
  percent: string;
  /** Amperes offered, formatted; undefined when the duty offers none (off, < 10 %, > 96 %). */
  amps: string | undefined;
}

const oneDecimal = (n: number) => formatNumber(Math.round(n * 10) / 10);

export function dutyWords(duty: number): DutyWords {
  const offered = offeredDa(duty);
  return { percent: oneDecimal(dutyPercent(duty)), amps: offered > 0 ? oneDecimal(offered / 10) : undefined };
}

/** "50 % offers the car 30.1 A" / "… no current". */
export function dutyMeaning(duty: number): string {
  const words = dutyWords(duty);
  return words.amps === undefined
    ? t('expertMeansNone', { percent: words.percent })
    : t('expertMeans', { percent: words.percent, amps: words.amps });
}
