/**
 * Applies `security/policy.ts` to Electron: sandbox for every renderer, CSP on our protocol,
 * and on every WebContents: no navigation, no new windows, no webviews, no permissions.
 * The guards are written against the few members they use so tests can drive them with a fake.
 */
import type { Event as ElectronEvent, HandlerDetails, WebContents } from 'electron';
import { isExternalLinkAllowed, navigationAllowed, permissionAllowed } from '../security/policy';

/** The part of `WebContents` the guards use (`WebContents` satisfies it; tests pass a fake). */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: ElectronEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: ElectronEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(
      handler: (contents: WebContents, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
    setPermissionCheckHandler(handler: (contents: WebContents | null, permission: string) => boolean): void;
  };
}

export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => void): void {
  const blockNavigation = (event: ElectronEvent, url: string) => {
    if (!navigationAllowed(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockNavigation);
  contents.on('will-redirect', blockNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionAllowed(permission)),
  );
  contents.session.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
}
