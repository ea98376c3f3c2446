/**
 * The one client factory: given a transport's `invoke` and `subscribe`, it builds the whole
 * `StudioApi`. The preload passes `ipcRenderer`; web mode passes fetch and a WebSocket.
 */
import { StudioError, toStudioError } from './errors';
import {
  isStudioEvent,
  replyEnvelopeSchema,
  studioEvents,
  studioMethods,
  type EventPayload,
  type StudioApi,
  type StudioEventName,
  type StudioMethodName,
} from './studio-api';

/** What a transport must supply. `invoke` resolves with the raw reply envelope. */
export interface StudioTransport {
  invoke(method: StudioMethodName, request: unknown): Promise<unknown>;
  subscribe(event: StudioEventName, listener: (payload: unknown) => void): () => void;
}

export function createStudioApi(transport: StudioTransport): StudioApi {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(studioMethods) as StudioMethodName[]) {
    api[method] = async (request: unknown) => {
      let raw: unknown;
      try {
        raw = await transport.invoke(method, request ?? {});
      } catch (error) {
        throw toStudioError(error);
      }
      const envelope = replyEnvelopeSchema.safeParse(raw);
      if (!envelope.success) {
        throw new StudioError({ code: 'internal', message: `Malformed reply to ${method}` });
      }
      if (!envelope.data.ok) throw new StudioError(envelope.data.error);
      const reply = studioMethods[method].reply.safeParse(envelope.data.value);
      if (!reply.success) {
        throw new StudioError({
          code: 'internal',
          message: `Reply to ${method} does not match the contract`,
        });
      }
      return reply.data;
    };
  }
  api.on = <E extends StudioEventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    if (!isStudioEvent(event))
      throw new StudioError({ code: 'invalid-request', message: `Unknown event ${String(event)}` });
    return transport.subscribe(event, (payload) => {
      const parsed = studioEvents[event].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
    });
  };
  // The one unchecked cast of this file: the loop above fills exactly the members of StudioApi.
  return api as unknown as StudioApi;
}
