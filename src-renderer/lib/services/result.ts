/**
 * The one result type of every renderer action, and the one place an error becomes words: a
 * failed action carries the error and its message in the user's language (catalogue key with
 * parameters where main gave one, main's English fallback otherwise).
 */
import { toStudioError, type StudioError } from '$shared/contract';
import { errorMessage } from './errors';

export type Result<T> = { ok: true; value: T } | { ok: false; error: StudioError; message: string };

export async function attempt<T>(action: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, error: toStudioError(error), message: errorMessage(error) };
  }
}
