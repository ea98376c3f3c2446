/**
 * The preload is a transport and nothing more: it builds the Studio API from the one client
 * factory over `ipcRenderer` and exposes it as `window.studio`. Runs sandboxed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createStudioApi, ipcChannels, type StudioEventName } from '$shared/contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<StudioEventName, Set<Listener>>();

ipcRenderer.on(ipcChannels.event, (_event, name: StudioEventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api = createStudioApi({
  invoke: (method, request) => ipcRenderer.invoke(ipcChannels.invoke, method, request),
  subscribe: (event, listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});

contextBridge.exposeInMainWorld('studio', api);
