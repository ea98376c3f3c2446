/** Launches the simulator as a plain Node child process (web mode, tests, the CLI). */
import { spawn } from 'node:child_process';
import type { SimLauncher } from './supervisor';

export function nodeLauncher(cliPath: string): SimLauncher {
  return (args) => {
    // stdin stays open to the simulator, which exits when it closes: no orphan if Studio is killed.
    const child = spawn(process.execPath, [cliPath, ...args, '--exit-with-parent'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => child.kill('SIGTERM'),
      onExit: (listener) => {
        if (child.exitCode !== null || child.signalCode !== null) listener(child.exitCode);
        else child.once('exit', (code) => listener(code));
      },
    };
  };
}
