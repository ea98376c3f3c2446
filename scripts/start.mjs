#!/usr/bin/env node
// Launches the desktop app; where the Electron binary is missing it says so in one line and
// starts web mode instead (the same UI and service, on 127.0.0.1 with a per-run token).
import { spawn } from 'node:child_process';
import { electronBinary } from './electron.mjs';

const binary = electronBinary();
const args = process.argv.slice(2);
let child;
if (binary) {
  child = spawn(binary, ['.', ...args], { stdio: 'inherit' });
} else {
  console.log(
    'Electron binary not installed (npm run setup -- --electron fetches it); starting web mode instead.',
  );
  // A new user should see the app: web mode opens it in the default browser.
  child = spawn(process.execPath, ['dist/main/web.js', '--open', ...args], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
