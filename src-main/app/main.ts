/**
 * Electron entry. Thin on purpose: it creates the hardened window, serves the renderer on app://,
 * and binds StudioService to IPC. Every behaviour lives in plain Node modules behind it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, safeStorage, shell, webContents } from 'electron';
import { StudioService } from '../service/studio-service';
import { appHost, appOrigin, appScheme, printWebPreferences, secureWebPreferences } from '../security/policy';
import { guardWebContents } from './hardening';
import { bindIpc } from '../transport/ipc-binding';
import { rendererFile } from '../transport/renderer-files';
import { utilityLauncher } from './utility-launcher';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'preload.cjs');
const simulatorCli = path.join(here, '..', 'sim', 'cli.js');

// Tests (and users with several profiles) give each run its own data folder.
const userDataSwitch = app.commandLine.getSwitchValue('user-data-dir');
if (userDataSwitch) app.setPath('userData', path.resolve(userDataSwitch));

app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** app://studio/… from the built renderer; any other host of the scheme is not ours. */
async function serveRenderer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== appHost) return new Response('Not found', { status: 404 });
  const file = await rendererFile(rendererDir, url.pathname);
  return new Response(new Uint8Array(file.body), { status: file.status, headers: file.headers });
}

/** mDNS on every interface, unless `--no-discovery` or `--mdns-interface <address>` (tests: 127.0.0.1). */
function mdnsOptions(): { enabled: boolean; interfaceAddress?: string } {
  if (app.commandLine.hasSwitch('no-discovery')) return { enabled: false };
  const only = app.commandLine.getSwitchValue('mdns-interface');
  return only ? { enabled: true, interfaceAddress: only } : { enabled: true };
}

/** Prints a self-contained HTML document to an A4 PDF in a hidden window that runs no script. */
async function renderPdf(html: string): Promise<Uint8Array> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: printWebPreferences(),
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    window.destroy();
  }
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  protocol.handle(appScheme, serveRenderer);
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, (url) => void shell.openExternal(url)),
  );

  const service = new StudioService({
    userDataDir: app.getPath('userData'),
    shell: 'electron',
    version: app.getVersion(),
    simulator: {
      launch: utilityLauncher(simulatorCli),
      autoStart: !app.commandLine.hasSwitch('no-simulator'),
    },
    discovery: mdnsOptions(),
    renderPdf,
    // MQTT passwords a user asks Studio to keep are encrypted by the system's keychain.
    ...(safeStorage.isEncryptionAvailable()
      ? {
          secrets: {
            encrypt: (text: string) => safeStorage.encryptString(text),
            decrypt: (data: Buffer) => safeStorage.decryptString(data),
          },
        }
      : {}),
  });
  await service.init();
  bindIpc(
    ipcMain,
    service.handlers,
    (listener) => service.onEvent(listener),
    () => webContents.getAllWebContents(),
    (clientId) => service.dropClient(clientId),
  );

  const createWindow = () => {
    const window = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 1024,
      minHeight: 640,
      title: 'SmartEVSE Studio',
      show: false,
      webPreferences: secureWebPreferences(preloadPath),
    });
    window.once('ready-to-show', () => window.show());
    void window.loadURL(`${appOrigin}/index.html`);
  };
  createWindow();
  void service.start();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => void service.close());
}

void main();
