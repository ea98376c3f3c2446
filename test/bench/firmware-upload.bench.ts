// Benchmark of a firmware rollout: a 1.7 MB image uploaded to 20 simulated chargers, 4 at a time,
// with the firmware's /update protocol (2048-byte chunks, one request each), each charger restarting
// and read back on the new version. Prints MB/s and the total time.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudioService } from '../../src-main/service/studio-service';
import { firmwareImage } from '../support/firmware-image';
import { startSim } from '../support/sim-process';

export async function run(): Promise<string[]> {
  const chargers = 20;
  const concurrency = 4;
  // Restarts take 3 simulated seconds; at 20× they do not dominate the figure.
  const sim = await startSim(['--chargers', String(chargers), '--no-mdns', '--speed', '20']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-firmware-'));
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
    const bytes = firmwareImage({ version: 'v3.12.0', bytes: 1_700_000 });
    const image = service.fleet.firmware.load('firmware.bin', bytes);
    const started = performance.now();
    const job = service.fleet.firmware.start(image.imageId, service.chargers.ids(), {
      concurrency,
      firstAlone: false,
      backup: false,
    });
    const done = await service.fleet.firmware.whenDone(job.id);
    const ms = performance.now() - started;
    const updated = done.targets.filter((t) => t.status === 'updated').length;
    const mb = (bytes.length * updated) / 1_000_000;
    return [
      `firmware rollout: ${(bytes.length / 1_000_000).toFixed(2)} MB to ${chargers} chargers, ${concurrency} at a time: ${updated} updated in ${(ms / 1000).toFixed(1)} s, ${(mb / (ms / 1000)).toFixed(2)} MB/s overall (${Math.ceil(bytes.length / 2048)} chunks per charger, restart and read-back included)`,
    ];
  } finally {
    await service.close();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
