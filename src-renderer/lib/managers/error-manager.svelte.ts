/** The one place errors are shown: a list of notices the user can dismiss. */
import type { StudioError } from '$shared/contract';
import { toStudioError, type StudioErrorData } from '$shared/contract';
import { errorMessage } from '../services/errors';

export interface Notice {
  id: number;
  error: StudioErrorData;
  /** The error in the user's language, from the catalogue. */
  text: string;
}

export class ErrorManager {
  #notices = $state.raw<Notice[]>([]);
  #nextId = 1;

  get notices(): Notice[] {
    return this.#notices;
  }

  report(error: unknown): StudioError {
    const studioError = toStudioError(error);
    this.#notices = [
      ...this.#notices,
      { id: this.#nextId++, error: studioError.toJSON(), text: errorMessage(studioError) },
    ];
    return studioError;
  }

  dismiss(id: number): void {
    this.#notices = this.#notices.filter((notice) => notice.id !== id);
  }

  reset(): void {
    this.#notices = [];
  }
}
