// Goal: over IPC, main answers only Studio's own page: a call from another origin, a sub-frame of
// another origin or a frame that is gone is refused before any handler runs; events go only to
// Studio's windows; a closed window's watches end with it.
// Method: bindIpc on a fake ipcMain (it keeps the handler), called with the events Electron would
// pass; the handlers count what reaches them.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { bindIpc } from '../../src-main/transport/ipc-binding';
import type { StudioHandlers } from '$shared/contract';
import type { StudioEventListener } from '../../src-main/service/studio-service';

function fakeContents(id: number, url: string) {
  const emitter = new EventEmitter();
  const sent: unknown[][] = [];
  const contents = {
    id,
    getURL: () => url,
    isDestroyed: () => false,
    send: (...args: unknown[]) => sent.push(args),
    once: (event: string, listener: () => void) => emitter.once(event, listener),
  };
  return { contents: contents as unknown as WebContents, sent, destroy: () => emitter.emit('destroyed') };
}

function setup(windows: WebContents[]) {
  let invoke: ((event: IpcMainInvokeEvent, method: unknown, request: unknown) => unknown) | undefined;
  const reached: string[] = [];
  const handlers = {
    listChargers: async () => {
      reached.push('listChargers');
      return [];
    },
  } as unknown as StudioHandlers;
  let listener: StudioEventListener | undefined;
  const gone: string[] = [];
  bindIpc(
    {
      handle: (_channel: string, handler: typeof invoke) => (invoke = handler),
      removeHandler: () => undefined,
    } as never,
    handlers,
    (l) => ((listener = l), () => undefined),
    () => windows,
    (clientId) => gone.push(clientId),
  );
  const call = (sender: WebContents, frameUrl: string | undefined) =>
    Promise.resolve(
      invoke!(
        { sender, senderFrame: frameUrl === undefined ? null : { url: frameUrl } } as never,
        'listChargers',
        {},
      ),
    );
  return { call, reached, emit: (...args: Parameters<StudioEventListener>) => listener!(...args), gone };
}

describe('IPC sender checks', () => {
  it('refuses calls from other origins, foreign sub-frames and gone frames before any handler runs', async () => {
    const studio = fakeContents(1, 'app://studio/index.html');
    const { call, reached } = setup([studio.contents]);
    for (const frame of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'app://other/index.html',
      'devtools://devtools/bundled/inspector.html',
      undefined,
    ]) {
      expect(await call(studio.contents, frame)).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(reached).toEqual([]);
    expect(await call(studio.contents, 'app://studio/index.html')).toMatchObject({ ok: true, value: [] });
    expect(reached).toEqual(['listChargers']);
  });

  it('sends events only to Studio windows, and ends a closed window’s watches', async () => {
    const studio = fakeContents(1, 'app://studio/index.html');
    const stranger = fakeContents(2, 'https://evil.example/');
    const { call, emit, gone } = setup([studio.contents, stranger.contents]);
    emit('ChargerChange', { kind: 'lost' } as never, undefined);
    expect(studio.sent).toHaveLength(1);
    expect(stranger.sent).toEqual([]);
    // Targeted events reach only their client.
    emit('ChargerSample', {} as never, new Set(['window-9']));
    expect(studio.sent).toHaveLength(1);
    await call(studio.contents, 'app://studio/index.html');
    studio.destroy();
    expect(gone).toEqual(['window-1']);
  });
});
