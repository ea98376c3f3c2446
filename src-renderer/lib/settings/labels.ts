/** Catalogue keys for the names of modes and LED colours (shared with main's report). */
export { colourLabelKeys, modeLabelKeys } from '$shared/i18n/field-labels';
