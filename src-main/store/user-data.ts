/** The user-data folder Studio uses outside Electron (web mode, CLI): the same place Electron picks. */
import os from 'node:os';
import path from 'node:path';

export function defaultUserDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? home, 'SmartEVSE Studio');
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'SmartEVSE Studio');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'SmartEVSE Studio');
}
