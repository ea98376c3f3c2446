// The Electron binary's path when it is installed; undefined otherwise (the electron package
// exports the path, and throws when the binary was never downloaded).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
