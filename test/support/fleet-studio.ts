/**
 * A simulator with many chargers and a StudioService that lists them all, for fleet benchmarks.
 * The list's background polls are slowed right down so that only the measured job's requests count.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudioService } from '../../src-main/service/studio-service';
import { startSim, type SimProcess } from './sim-process';

export async function withFleet<T>(
  simArgs: string[],
  run: (fleet: { sim: SimProcess; service: StudioService; ctx: { clientId: string } }) => Promise<T>,
): Promise<T> {
  const sim = await startSim([...simArgs, '--no-mdns']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-fleet-'));
  const service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'bench',
    poller: { backgroundIntervalMs: 600_000 },
  });
  const ctx = { clientId: 'bench' };
  try {
    await service.init();
    await service.start();
    for (const c of sim.chargers) await service.handlers.addCharger({ address: `127.0.0.1:${c.port}` }, ctx);
    return await run({ sim, service, ctx });
  } finally {
    await service.close();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
