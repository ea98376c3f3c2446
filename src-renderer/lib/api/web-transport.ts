/**
 * Web mode's transport for the one client factory: calls are POSTs with the per-run token in a
 * header, events arrive on one WebSocket that reconnects with back-off.
 */
import type { StudioEventName, StudioTransport } from '$shared/contract';

type Listener = (payload: unknown) => void;

export function createWebTransport(token: string, origin = window.location.origin): StudioTransport {
  const listeners = new Map<StudioEventName, Set<Listener>>();
  // This page's id: its live subscriptions end when its event socket closes.
  const clientId = crypto.randomUUID();
  let socket: WebSocket | undefined;
  let retryMs = 500;
  /** List events received; a re-read that a newer list event overtook is not shown. */
  let listEvents = 0;

  const connect = () => {
    const wsOrigin = origin.replace(/^http/, 'ws');
    socket = new WebSocket(`${wsOrigin}/api/events?token=${encodeURIComponent(token)}&client=${clientId}`);
    socket.onopen = () => {
      retryMs = 500;
      // What changed before this socket was open (the first load, or a drop) was not pushed to
      // it: the list is read once now, so a charger that came online meanwhile is not shown offline.
      const before = listEvents;
      void invoke('listChargers', {}).then(
        (reply) => {
          const { ok, value } = reply as { ok?: boolean; value?: unknown };
          if (!ok || listEvents !== before) return;
          for (const listener of listeners.get('ChargerListChange') ?? []) listener(value);
        },
        () => undefined,
      );
    };
    socket.onmessage = (message) => {
      try {
        const { event, payload } = JSON.parse(String(message.data)) as {
          event: StudioEventName;
          payload: unknown;
        };
        if (event === 'ChargerListChange') listEvents += 1;
        for (const listener of listeners.get(event) ?? []) listener(payload);
      } catch {
        /* A frame that is not ours is ignored; the client factory validates payloads anyway. */
      }
    };
    socket.onclose = () => {
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };

  const invoke: StudioTransport['invoke'] = async (method, request) => {
    const response = await fetch(`${origin}/api/call/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Studio-Token': token, 'X-Studio-Client': clientId },
      body: JSON.stringify(request),
    });
    return (await response.json()) as unknown;
  };

  return {
    invoke,
    subscribe(event, listener) {
      if (!socket) connect();
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
