// Goal: the hardening of every Studio window is what the security policy says, and its guards
// really block navigation, new windows, webviews and permissions.
// Method: the pure policy is asserted directly; the guards are installed on a fake WebContents
// (an EventEmitter with the members the guards use) and driven with the events Electron would send.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isTrustedRendererUrl,
  printWebPreferences,
  resolveAppPath,
  secureWebPreferences,
} from '../../src-main/security/policy';
import { guardWebContents, type GuardedContents } from '../../src-main/app/hardening';

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  let permissionRequest: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
  let permissionCheck: ((c: unknown, p: string) => boolean) | undefined;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    session: {
      setPermissionRequestHandler: (handler: typeof permissionRequest) => (permissionRequest = handler),
      setPermissionCheckHandler: (handler: typeof permissionCheck) => (permissionCheck = handler),
    },
  };
  const fire = (event: string, ...args: unknown[]) => {
    let prevented = false;
    emitter.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  };
  return {
    // The one unchecked cast of this file: the fake has the shape of GuardedContents at run time.
    contents: contents as unknown as GuardedContents,
    fire,
    open: (url: string) => openHandler!({ url }),
    request: (permission: string) =>
      new Promise<boolean>((resolve) => permissionRequest!(null, permission, resolve)),
    check: (permission: string) => permissionCheck!(null, permission),
  };
}

describe('security policy', () => {
  it('every window is sandboxed and isolated, without Node', () => {
    const prefs = secureWebPreferences('/x/preload.cjs');
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('the hidden print window is hardened the same, with no preload and no script', () => {
    const prefs = printWebPreferences();
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      javascript: false,
    });
    expect(prefs).not.toHaveProperty('preload');
  });

  it('the CSP allows only our own scripts and styles, and nothing inline', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toContain('unsafe');
  });

  it('only our app:// origin may call the API', () => {
    expect(isTrustedRendererUrl('app://studio/index.html')).toBe(true);
    expect(isTrustedRendererUrl('app://other/index.html')).toBe(false);
    expect(isTrustedRendererUrl('https://studio/index.html')).toBe(false);
    expect(isTrustedRendererUrl('file:///index.html')).toBe(false);
    expect(isTrustedRendererUrl(undefined)).toBe(false);
    expect(isTrustedRendererUrl('not a url')).toBe(false);
  });

  it('app:// paths cannot leave the renderer folder', () => {
    const join = (...parts: string[]) => parts.join('/');
    expect(resolveAppPath('/r', '/', join)).toBe('/r/index.html');
    expect(resolveAppPath('/r', '/assets/a.js', join)).toBe('/r/assets/a.js');
    expect(resolveAppPath('/r', '/../etc/passwd', join)).toBeUndefined();
    expect(resolveAppPath('/r', '/assets/%2e%2e/%2e%2e/x', join)).toBeUndefined();
    expect(resolveAppPath('/r', '/assets/..\\..\\x', join)).toBeUndefined();
    expect(resolveAppPath('/r', '/%E0%A4%A', join)).toBeUndefined();
  });
});

describe('window guards', () => {
  it('deny navigation, redirects and webviews', () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, () => undefined);
    expect(fake.fire('will-navigate', 'https://example.com')).toBe(true);
    expect(fake.fire('will-navigate', 'app://studio/index.html')).toBe(true);
    expect(fake.fire('will-redirect', 'https://example.com')).toBe(true);
    expect(fake.fire('will-attach-webview')).toBe(true);
  });

  it('deny new windows, opening only allowed documentation links in the system browser', () => {
    const opened: string[] = [];
    const fake = fakeContents();
    guardWebContents(fake.contents, (url) => opened.push(url));
    expect(fake.open('https://github.com/dingo35/SmartEVSE-3.5')).toEqual({ action: 'deny' });
    expect(fake.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(fake.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/dingo35/SmartEVSE-3.5']);
  });

  it('deny every permission request and check', async () => {
    const fake = fakeContents();
    guardWebContents(fake.contents, () => undefined);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(await fake.request(permission)).toBe(false);
      expect(fake.check(permission)).toBe(false);
    }
  });
});
