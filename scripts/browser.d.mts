/** Which Chromium the tests and tools drive (see browser.mjs). */
export function browserExecutable(): string | undefined;
export const browserArgs: string[];
export function browserLaunchOptions(): { executablePath?: string; args: string[] };
