/**
 * The events main sends to views (charger list, samples, apply jobs, simulator). Each service
 * module emits through one `StudioEvents`; the transports listen and forward.
 */
import { EventEmitter } from 'node:events';
import type { EventPayload, StudioEventName } from '$shared/contract';

/**
 * A listener for every event; bindings forward these to their clients. `targets`, when given,
 * names the only clients that should receive it.
 */
export type StudioEventListener = <E extends StudioEventName>(
  event: E,
  payload: EventPayload<E>,
  targets?: ReadonlySet<string>,
) => void;

export class StudioEvents {
  private readonly emitter = new EventEmitter();

  emit<E extends StudioEventName>(event: E, payload: EventPayload<E>, targets?: ReadonlySet<string>): void {
    this.emitter.emit('event', event, payload, targets);
  }

  listen(listener: StudioEventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  close(): void {
    this.emitter.removeAllListeners();
  }
}
