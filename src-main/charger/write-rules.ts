/**
 * The write rules in main: a write the charger's present state forbids is refused before anything
 * is sent, as a `StudioError` naming the field, with the catalogue key and parameters the renderer
 * phrases in the user's language. The rules themselves are the contract's (`writeProblems`), so the
 * settings form explains the same refusal before the user presses apply.
 */
import { StudioError, writeProblems, type ChargerSnapshot, type SettingsWrite } from '$shared/contract';

/** Throws the first reason the charger described by `snapshot` would refuse `write`. */
export function precheckWrite(
  write: SettingsWrite,
  current: { snapshot: ChargerSnapshot },
  nowMs: number,
  chargerId?: string,
): void {
  const [problem] = writeProblems(write, current.snapshot, nowMs);
  if (!problem) return;
  throw new StudioError({
    code: 'invalid-request',
    message: problem.message,
    field: problem.field,
    key: problem.key,
    params: problem.params,
    ...(chargerId ? { chargerId } : {}),
  });
}
