/** How long ago, in the user's words: "12 s", "3 min 5 s", "2 h 4 min". */
import { t } from '../i18n/catalogue';

export function ageWords(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t('ageHours', { h, m });
  if (m > 0) return t('ageMinutes', { m, s });
  return t('ageSeconds', { s });
}
