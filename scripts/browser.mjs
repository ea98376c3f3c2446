// Which Chromium the tests and tools drive: STUDIO_CHROMIUM, else Debian's /usr/bin/chromium,
// else (macOS/Windows) Playwright's own download. Flags keep a headless run off the network.
import { existsSync } from 'node:fs';

export function browserExecutable() {
  const candidates = [process.env.STUDIO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path) => path && existsSync(path));
}

/** Launch options for Playwright: the executable when one was found, and the flags. */
export function browserLaunchOptions() {
  const executablePath = browserExecutable();
  return executablePath ? { executablePath, args: browserArgs } : { args: browserArgs };
}

export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
