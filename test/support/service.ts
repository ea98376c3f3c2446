/** A StudioService for integration tests: temporary data folder, mDNS on loopback only, fast polls. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudioService, type StudioServiceOptions } from '../../src-main/service/studio-service';

export const testClient = { clientId: 'test' };

export async function startService(options: Partial<StudioServiceOptions> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-svc-'));
  const service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'test',
    clientOptions: { connectTimeoutMs: 1000, readTimeoutMs: 2000, maxReplyBytes: 256 * 1024 },
    ...options,
  });
  await service.init();
  await service.start();
  return {
    service,
    dir,
    async stop() {
      await service.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `check` holds, polling every 20 ms; rejects with `what` after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
