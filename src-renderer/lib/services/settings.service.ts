/** Writes to one charger; every outcome is read back from the charger by main. */
import { errorMessage, fieldMessage } from './errors';
import type {
  ChargerSummary,
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

/** Shows what the charger holds now, as the write read it back (no wait for the next poll). */
export type OnCharger = (charger: ChargerSummary) => void;

/** The least good result of a write decides: refused > unconfirmed > applied. */
function summarise(fields: FieldResult[]): Outcome {
  const refused = fields.find((f) => f.status === 'refused');
  if (refused) return { status: 'refused', message: fieldMessage(refused) };
  const unconfirmed = fields.find((f) => f.status === 'unconfirmed');
  if (unconfirmed) return { status: 'unconfirmed', message: fieldMessage(unconfirmed) };
  return { status: 'applied' };
}

export async function applySettings(
  api: StudioApi,
  id: string,
  values: SettingsWrite,
  onCharger?: OnCharger,
): Promise<Outcome> {
  try {
    const reply = await api.writeSettings({ id, values });
    onCharger?.(reply.charger);
    return summarise(reply.fields);
  } catch (error) {
    return { status: 'refused', message: errorMessage(error) };
  }
}

export async function applyColour(
  api: StudioApi,
  id: string,
  colour: ColourWrite,
  onCharger?: OnCharger,
): Promise<Outcome> {
  try {
    const reply = await api.setColour({ id, colour });
    onCharger?.(reply.charger);
    return summarise(reply.fields);
  } catch (error) {
    return { status: 'refused', message: errorMessage(error) };
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
    return { ok: false, message: errorMessage(error) };
  }
}

export async function applyMqtt(
  api: StudioApi,
  id: string,
  mqtt: MqttWrite,
  onCharger?: OnCharger,
): Promise<Outcome> {
  try {
    const reply = await api.writeMqtt({ id, mqtt });
    onCharger?.(reply.charger);
    return summarise(reply.fields);
  } catch (error) {
    return { status: 'refused', message: errorMessage(error) };
  }
}
