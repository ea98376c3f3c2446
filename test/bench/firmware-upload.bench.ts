// Benchmark of a firmware rollout: a 1.7 MB image uploaded to 20 simulated chargers, 4 at a time,
// with the firmware's /update protocol (2048-byte chunks, one request each), each charger restarting
// and read back on the new version. Prints MB/s and the total time.
import { firmwareImage } from '../support/firmware-image';
import { withFleet } from '../support/fleet-studio';

export async function run(): Promise<string[]> {
  const chargers = 20;
  const concurrency = 4;
  // Restarts take 3 simulated seconds; at 20× they do not dominate the figure.
  return withFleet(['--chargers', String(chargers), '--speed', '20'], async ({ service }) => {
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
  });
}
