/**
 * The one place where an inbound call is checked before it reaches StudioService: the method must
 * exist and the request must match its schema. Every outcome is a reply envelope, never a throw.
 */
import {
  StudioError,
  fromZodError,
  isStudioMethod,
  studioMethods,
  toStudioError,
  type CallContext,
  type ReplyEnvelope,
  type StudioHandlers,
} from '$shared/contract';

export async function dispatch(
  handlers: StudioHandlers,
  method: unknown,
  request: unknown,
  context: CallContext,
): Promise<ReplyEnvelope> {
  if (!isStudioMethod(method)) {
    const name = typeof method === 'string' ? method.slice(0, 80) : typeof method;
    return { ok: false, error: { code: 'unknown-method', message: `There is no API method "${name}"` } };
  }
  const parsed = studioMethods[method].request.safeParse(request);
  if (!parsed.success) return { ok: false, error: fromZodError(parsed.error, method).toJSON() };
  try {
    // The unchecked cast of this file: `parsed.data` was validated against this very method's schema.
    const handler = handlers[method] as (request: unknown, context: CallContext) => Promise<unknown>;
    const value = await handler(parsed.data, context);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toStudioError(error).toJSON() };
  }
}

export function unauthorized(message: string): ReplyEnvelope {
  return { ok: false, error: new StudioError({ code: 'unauthorized', message }).toJSON() };
}
