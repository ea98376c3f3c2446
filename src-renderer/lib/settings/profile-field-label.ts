/** A setting's name in the user's language (the same words the settings panel uses). */
import { fieldLabelIn } from '$shared/i18n/field-labels';
import { currentLocale } from '../i18n/catalogue';

export function fieldLabel(field: string): string {
  return fieldLabelIn(currentLocale(), field);
}
