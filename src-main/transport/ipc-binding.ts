/**
 * The IPC binding: one `ipcMain.handle` channel for calls, one send channel for events.
 * The sender's frame must be our own page; the dispatcher validates every message.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcChannels, type StudioHandlers } from '$shared/contract';
import { isTrustedRendererUrl } from '../security/policy';
import { dispatch, unauthorized } from './dispatch';
import type { StudioEventListener } from '../service/studio-events';

const clientIdOf = (contents: WebContents) => `window-${contents.id}`;

export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: StudioHandlers,
  subscribe: (listener: StudioEventListener) => () => void,
  windows: () => WebContents[],
  onClientGone: (clientId: string) => void,
): () => void {
  const known = new Set<number>();
  ipcMain.handle(ipcChannels.invoke, (event: IpcMainInvokeEvent, method: unknown, request: unknown) => {
    if (!isTrustedRendererUrl(event.senderFrame?.url)) {
      return unauthorized('Calls are only accepted from the Studio window');
    }
    const sender = event.sender;
    if (!known.has(sender.id)) {
      known.add(sender.id);
      // A closed window's subscriptions (poll loops) end with it.
      sender.once('destroyed', () => {
        known.delete(sender.id);
        onClientGone(clientIdOf(sender));
      });
    }
    return dispatch(handlers, method, request, { clientId: clientIdOf(sender) });
  });
  const unsubscribe = subscribe((event, payload, targets) => {
    for (const contents of windows()) {
      if (targets && !targets.has(clientIdOf(contents))) continue;
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
