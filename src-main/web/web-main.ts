/**
 * Web mode: the same StudioService behind the HTTP+WebSocket binding, on 127.0.0.1 only.
 * Used where Electron is missing, by the e2e tests, and by anyone who prefers a browser tab.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { studioVersion } from '../version';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { StudioService } from '../service/studio-service';
import { startWebBinding } from '../transport/web-binding';
import { nodeLauncher } from '../sim-supervisor/node-launcher';
import { defaultUserDataDir } from '../store/user-data';

const here = path.dirname(fileURLToPath(import.meta.url));

const usage = `SmartEVSE Studio ${studioVersion}, web mode: the app in a browser tab, served on 127.0.0.1 only.

Usage: node dist/main/web.js [options]

  --open                 open the address in the default browser (or $BROWSER)
  --port <n>             the port to serve on (default: any free port)
  --user-data-dir <dir>  where chargers, profiles and preferences are kept
  --no-simulator         do not start the built-in simulator
  --no-discovery         do not look for chargers on the network (mDNS)
  --mdns-interface <ip>  look for chargers on this interface only
  --renderer-dir <dir>   serve the UI from this folder (development)
  -h, --help             show this help
  --version              show the version
`;

/** Opens `url` in the user's browser: $BROWSER when set, else the platform's opener. */
function openBrowser(url: string): void {
  const [command, args] = process.env.BROWSER
    ? [process.env.BROWSER, [url]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const fail = () => console.warn('Could not open a browser: open the address above yourself.');
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', fail);
    child.unref();
  } catch {
    fail();
  }
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        open: { type: 'boolean' },
        port: { type: 'string', default: '0' },
        'user-data-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
        'no-simulator': { type: 'boolean' },
        'no-discovery': { type: 'boolean' },
        'mdns-interface': { type: 'string' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\nRun with --help to see the options.`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const values = parseOptions();
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (values.version) {
    console.log(studioVersion);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
    process.exit(2);
  }
  const service = new StudioService({
    userDataDir: values['user-data-dir'] ?? process.env.STUDIO_USER_DATA ?? defaultUserDataDir(),
    shell: 'web',
    version: studioVersion,
    // mDNS on every interface, unless --no-discovery or --mdns-interface <address> (tests: 127.0.0.1).
    discovery: values['no-discovery']
      ? { enabled: false }
      : values['mdns-interface']
        ? { enabled: true, interfaceAddress: values['mdns-interface'] }
        : { enabled: true },
    simulator: {
      launch: nodeLauncher(path.join(here, '..', 'sim', 'cli.js')),
      autoStart: !values['no-simulator'],
    },
  });
  await service.init();
  const binding = await startWebBinding({
    handlers: service.handlers,
    subscribe: (listener) => service.onEvent(listener),
    onClientGone: (clientId) => service.dropClient(clientId),
    rendererDir: values['renderer-dir'] ?? path.join(here, '..', 'renderer'),
    port,
  });
  console.log(`SmartEVSE Studio (web mode) is running at ${binding.url}`);
  if (values.open) openBrowser(binding.url);
  await service.start();
  for (const problem of service.startupProblems) console.warn(`warning: ${problem}`);
  const stop = async () => {
    await binding.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`SmartEVSE Studio could not start: ${(error as Error).message}`);
  process.exit(1);
});
