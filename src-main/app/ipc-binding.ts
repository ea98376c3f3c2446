/**
 * The IPC binding: one `ipcMain.handle` channel for calls, one send channel for events.
 * The sender's frame must be our own page; the dispatcher validates every message.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcChannels, type StudioHandlers } from '../contract';
import { isTrustedRendererUrl } from '../security/policy';
import { dispatch, unauthorized } from '../transport/dispatch';
import type { StudioEventListener } from '../service/studio-service';

export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: StudioHandlers,
  subscribe: (listener: StudioEventListener) => () => void,
  windows: () => WebContents[],
): () => void {
  ipcMain.handle(ipcChannels.invoke, (event: IpcMainInvokeEvent, method: unknown, request: unknown) => {
    if (!isTrustedRendererUrl(event.senderFrame?.url)) {
      return unauthorized('Calls are only accepted from the Studio window');
    }
    return dispatch(handlers, method, request);
  });
  const unsubscribe = subscribe((event, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed() && isTrustedRendererUrl(contents.getURL())) {
        contents.send(ipcChannels.event, event, payload);
      }
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(ipcChannels.invoke);
  };
}
