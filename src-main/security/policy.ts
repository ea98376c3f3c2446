/**
 * Studio's security policy in one place, as plain data and pure decisions, so it can be tested
 * without Electron. `app/hardening.ts` applies it to Electron; the web binding sends the same headers.
 */

/** The renderer's origin in Electron: a privileged custom scheme serving `dist/renderer`. */
export const appScheme = 'app';
export const appHost = 'studio';
export const appOrigin = `${appScheme}://${appHost}`;

/** Strict CSP: only our own scripts and styles, no inline code, no framing, no plugins. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers on every response of the web binding and of the app:// protocol. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The page needs no device or sensor: refused by the page itself, in web mode's browser too.
  // (Only features Chromium knows: an unknown one is a console warning on every load.)
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=(), display-capture=()',
};

/** The hardening every Studio window has, whatever it shows. */
const hardenedWebPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  // Middle-click would otherwise open a link in a new window; window.open is denied anyway.
  disableBlinkFeatures: 'Auxclick',
} as const;

/** The `webPreferences` of Studio's window: the hardening, and the preload that exposes the API. */
export function secureWebPreferences(preloadPath: string) {
  return { preload: preloadPath, ...hardenedWebPreferences } as const;
}

/**
 * The hidden window that prints the commissioning report to PDF: the same hardening, no preload
 * (it calls nothing) and no script at all (the report is plain HTML).
 */
export function printWebPreferences() {
  return { ...hardenedWebPreferences, javascript: false } as const;
}

/** Only pages served from our own origin may call the API over IPC. */
export function isTrustedRendererUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}

/** Studio never navigates away from its one page, opens windows or grants permissions. */
export const navigationAllowed = (_url: string): boolean => false;
export const permissionAllowed = (_permission: string): boolean => false;

/** Links the user clicks that may open in the system browser (documentation only). */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && ['github.com', 'www.smartevse.nl'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

/** Resolves a path of the app:// scheme inside the renderer folder; `undefined` if it escapes it. */
export function resolveAppPath(
  rendererDir: string,
  urlPath: string,
  join: (...p: string[]) => string,
): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split(/[\\/]/).some((part) => part === '..' || part === '')) return undefined;
  return join(rendererDir, relative);
}
