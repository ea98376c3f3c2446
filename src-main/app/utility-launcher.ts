/** Launches the simulator in an Electron utilityProcess (a Node child is not possible: the RunAsNode fuse is off). */
import { utilityProcess } from 'electron';
import type { SimLauncher } from '../sim-supervisor/supervisor';

export function utilityLauncher(cliPath: string): SimLauncher {
  return (args) => {
    const child = utilityProcess.fork(cliPath, args, { stdio: 'pipe', serviceName: 'SmartEVSE simulator' });
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code));
    return {
      pid: child.pid,
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => child.kill(),
      onExit: (listener) => {
        if (exited !== undefined) listener(exited);
        else child.once('exit', (code) => listener(code));
      },
    };
  };
}
