// Goal: the hardening of Studio's window, seen from the page as an attacker's script would see it:
// no Node, no raw IPC, one bridge with the contract's methods only, a CSP that blocks inline script
// (and eval) and requests to other origins, no device permissions; in the desktop app also no navigation,
// no new windows and every permission request denied.
// Method: real Chromium in web mode (and the Electron app where its binary exists); a counting HTTP
// server on 127.0.0.1 stands for "somewhere else", and must receive nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { studioMethods } from '$shared/contract';
import { contentSecurityPolicy } from '../../src-main/security/policy';
import { expect, shell, test } from './fixtures';

let elsewhere: http.Server;
let elsewhereUrl = '';
let hits = 0;

test.beforeAll(async () => {
  elsewhere = http.createServer((_req, res) => {
    hits += 1;
    res.end('<p>elsewhere</p>');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`;
});
test.afterAll(async () => {
  await new Promise((resolve) => elsewhere.close(resolve));
});
test.beforeEach(() => {
  hits = 0;
});

test('the page has no Node and no raw IPC; the only bridge is the contract’s methods', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByRole('heading', { name: 'Chargers', level: 2, exact: true })).toBeVisible();
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      Buffer: typeof w.Buffer,
      ipcRenderer: typeof w.ipcRenderer,
      electron: typeof w.electron,
      studio: w.studio
        ? Object.entries(w.studio as Record<string, unknown>).map(([key, value]) => [key, typeof value])
        : undefined,
    };
  });
  expect(globals).toMatchObject({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
  });
  if (shell === 'electron') {
    // Context isolation: the bridge is a copy made of functions, one per contract method plus `on`.
    const names = globals.studio!.map(([key]) => key).sort();
    expect(names).toEqual([...Object.keys(studioMethods), 'on'].sort());
    expect(globals.studio!.every(([, type]) => type === 'function')).toBe(true);
  } else {
    // Web mode talks HTTP with its token; nothing is injected into the page.
    expect(globals.studio).toBeUndefined();
  }
});

test('the CSP blocks inline script and requests to other origins', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByRole('heading', { name: 'Chargers', level: 2, exact: true })).toBeVisible();
  const outcome = await page.evaluate(async (url) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const w = window as unknown as { injected?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    const fetched = await fetch(url).then(
      () => 'answered',
      () => 'refused',
    );
    const image = await new Promise<string>((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('refused');
      img.src = `${url}pixel.png`;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { injected: w.injected === true, fetched, image, violations };
  }, elsewhereUrl);
  expect(outcome).toMatchObject({ injected: false, fetched: 'refused', image: 'refused' });
  expect(outcome.violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src', 'img-src']));
  expect(hits).toBe(0);
});

test('the page is served with the strict CSP and refuses device permissions', async ({ studio }) => {
  const { page } = studio;
  await expect(page.getByRole('heading', { name: 'Chargers', level: 2, exact: true })).toBeVisible();
  // Read the headers the page itself was served with (the app:// protocol or web mode's server).
  const headers = await page.evaluate(async () => {
    const response = await fetch(location.href);
    return Object.fromEntries(response.headers.entries());
  });
  expect(headers['content-security-policy']).toBe(contentSecurityPolicy);
  // eval and inline code stay refused (a page.evaluate runs outside the CSP, so it is read here).
  expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|unsafe-inline/);
  expect(contentSecurityPolicy).toContain("script-src 'self'");
  expect(headers['x-frame-options']).toBe('DENY');
  const allowed = await page.evaluate(() => {
    const policy = (document as unknown as { permissionsPolicy?: { allowsFeature(f: string): boolean } })
      .permissionsPolicy;
    const legacy = (document as unknown as { featurePolicy?: { allowsFeature(f: string): boolean } })
      .featurePolicy;
    const check = policy ?? legacy;
    return check
      ? ['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid'].filter((f) => check.allowsFeature(f))
      : ['(no permissions policy API)'];
  });
  expect(allowed).toEqual([]);
});

test.describe('desktop app only', () => {
  // In web mode the user's own browser owns navigation, windows and permission prompts; Studio's
  // part there is the headers checked above (frame-ancestors, COOP, Permissions-Policy).
  test.skip(
    shell !== 'electron',
    'drives the Electron app’s windows (STUDIO_E2E_SHELL=electron); in web mode the browser, not Studio, handles navigation, windows and permission prompts',
  );

  test('no navigation, no new window, every permission denied', async ({ studio }) => {
    const { page, electronApp } = studio;
    await expect(page.getByRole('heading', { name: 'Chargers', level: 2, exact: true })).toBeVisible();
    const windowsBefore = electronApp!.windows().length;
    const opened = await page.evaluate((url) => window.open(url) === null, elsewhereUrl);
    expect(opened).toBe(true);
    await page.evaluate((url) => {
      location.href = url;
    }, elsewhereUrl);
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/studio\//);
    expect(electronApp!.windows()).toHaveLength(windowsBefore);
    const permissions = await page.evaluate(async () => ({
      notification: await Notification.requestPermission(),
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      camera: await navigator.mediaDevices.getUserMedia({ video: true }).then(
        () => 'granted',
        () => 'denied',
      ),
    }));
    expect(permissions).toEqual({ notification: 'denied', geolocation: 'denied', camera: 'denied' });
    // Every window main made still shows Studio's own page: none was navigated or opened elsewhere.
    const windows = await electronApp!.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows().map((w) => ({
        url: w.webContents.getURL(),
        devTools: w.webContents.isDevToolsOpened(),
      })),
    );
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows)
      expect(w).toEqual({ url: expect.stringMatching(/^app:\/\/studio\//), devTools: false });
    expect(hits).toBe(0);
  });
});
