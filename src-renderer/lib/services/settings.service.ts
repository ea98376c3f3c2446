/** Writes to one charger; every outcome is read back from the charger by main. */
import { toStudioError } from '$shared/contract';
import type {
  ColourWrite,
  FieldResult,
  MqttWrite,
  SettingsWrite,
  StudioApi,
} from '$shared/contract';

export interface Outcome {
  status: FieldResult['status'];
  message?: string;
}

/** The least good result of a write decides: refused > unconfirmed > applied. */
function summarise(fields: FieldResult[]): Outcome {
  const refused = fields.find((f) => f.status === 'refused');
  if (refused) return { status: 'refused', message: refused.message ?? '' };
  const unconfirmed = fields.find((f) => f.status === 'unconfirmed');
  if (unconfirmed) return { status: 'unconfirmed', message: unconfirmed.message ?? '' };
  return { status: 'applied' };
}

export async function applySettings(api: StudioApi, id: string, values: SettingsWrite): Promise<Outcome> {
  try {
    return summarise((await api.writeSettings({ id, values })).fields);
  } catch (error) {
    return { status: 'refused', message: toStudioError(error).message };
  }
}

export async function applyColour(api: StudioApi, id: string, colour: ColourWrite): Promise<Outcome> {
  try {
    return summarise((await api.setColour({ id, colour })).fields);
  } catch (error) {
    return { status: 'refused', message: toStudioError(error).message };
  }
}

export async function rebootCharger(
  api: StudioApi,
  id: string,
): Promise<{ ok: boolean; deferred?: boolean; message: string }> {
  try {
    const result = await api.rebootCharger({ id });
    return { ok: true, deferred: result.deferred, message: result.message };
  } catch (error) {
    return { ok: false, message: toStudioError(error).message };
  }
}

export async function applyMqtt(api: StudioApi, id: string, mqtt: MqttWrite): Promise<Outcome> {
  try {
    return summarise((await api.writeMqtt({ id, mqtt })).fields);
  } catch (error) {
    return { status: 'refused', message: toStudioError(error).message };
  }
}
